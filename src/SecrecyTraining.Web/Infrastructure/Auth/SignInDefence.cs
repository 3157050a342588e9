using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>
/// Limits on sign-in and /verify (ASP.NET Core's rate limiter), answered with 429 and the Chinese error page:
/// <c>RateLimits:SignInPerAddressPerMinute</c> (20), <c>RateLimits:SignInPerNamePerMinute</c> (10) and
/// <c>RateLimits:VerifyPerAddressPerMinute</c> (60). The address is the connection's, or a trusted proxy's X-Forwarded-For.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Verify = "verify";

    public static IServiceCollection AddAppRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var signInPerAddress = configuration.GetValue("RateLimits:SignInPerAddressPerMinute", 20);
        var verifyPerAddress = configuration.GetValue("RateLimits:VerifyPerAddressPerMinute", 60);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => PerAddress(context, signInPerAddress));
            options.AddPolicy(Verify, context => PerAddress(context, verifyPerAddress));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask; // the status-code page says it in the user's language
            };
        });
        services.AddSingleton<SignInAttempts>();
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

/// <summary>
/// What the sign-in form remembers about each name tried, in this process:
/// <list type="bullet">
/// <item>a per-name rate limit, so one account (or one made-up name) cannot be tried faster from many addresses;</item>
/// <item>for a name with no account that can sign in, the lockout Identity keeps for a real account (the same count, the same
/// duration, the same message), and a password hash computed as for a real account — so neither the answer nor its timing
/// tells whether an account exists;</item>
/// <item>which attempts go to the audit log: the first failure (or lockout refusal) of a name within
/// <see cref="IdentitySetup.LockoutDuration"/> is written, the rest are counted into the next entry written for that name
/// ("+N"), so guessing cannot flood the log and no attempt disappears from it.</item>
/// </list>
/// Kept in memory: a restart forgets unknown names' lockouts and the pending counts (real accounts' lockouts are in the database).
/// </summary>
public sealed class SignInAttempts : IDisposable
{
    private readonly TimeProvider clock;
    private readonly PartitionedRateLimiter<string> perName;
    private readonly ConcurrentDictionary<string, NameState> names = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim hashing = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private string? decoyHash;

    public void Dispose()
    {
        hashing.Dispose();
        perName.Dispose();
    }

    /// <summary>
    /// Runs the password check of one sign-in in its turn: at most one per core at once. A check is the costliest work of
    /// any request (PBKDF2, about 70 ms of a core); the others wait here without holding a thread, so a room of examinees
    /// signing in together does not fill the thread pool's queue with hashing that every other request — and the
    /// database's one writer, whose turn is handed on through that queue — would wait behind.
    /// </summary>
    public async Task<T> CheckingPasswordAsync<T>(Func<Task<T>> check)
    {
        await hashing.WaitAsync();
        try
        {
            return await check();
        }
        finally
        {
            hashing.Release();
        }
    }

    public SignInAttempts(TimeProvider clock, IConfiguration configuration)
    {
        this.clock = clock;
        var permits = configuration.GetValue("RateLimits:SignInPerNamePerMinute", 10);
        perName = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    private sealed class NameState
    {
        public int Failures;
        public DateTimeOffset? LockedUntil;
        public string? LastAction;
        public DateTimeOffset LastWrittenAt;
        public int Pending;
        public DateTimeOffset LastSeen;
    }

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();

    public bool TryAcquire(string userName)
    {
        using var lease = perName.AttemptAcquire(Key(userName));
        return lease.IsAcquired;
    }

    /// <summary>A name with no account that can sign in: refused as a real account with a wrong password would be.</summary>
    public Microsoft.AspNetCore.Identity.SignInResult RefuseWithoutAccount(string userName, string password, IPasswordHasher<AppUser> hasher)
    {
        var state = State(userName);
        var now = clock.GetUtcNow();
        lock (state)
        {
            if (state.LockedUntil > now)
            {
                return Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
            }
        }

        // The work a real account's wrong password costs, against a hash made the way Identity makes them.
        decoyHash ??= hasher.HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
        hasher.VerifyHashedPassword(new AppUser(), decoyHash, password);
        lock (state)
        {
            if (++state.Failures < IdentitySetup.MaxFailedAttempts)
            {
                return Microsoft.AspNetCore.Identity.SignInResult.Failed;
            }

            state.Failures = 0;
            state.LockedUntil = now + IdentitySetup.LockoutDuration;
            return Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        }
    }

    /// <summary>
    /// The details of the audit entry to write for this attempt, or null when it is counted into a later one: a success is
    /// always written; a failure or lockout refusal when it is the first of its kind for the name within the lockout duration.
    /// </summary>
    public string? AuditDetails(string userName, string action, string address)
    {
        var state = State(userName);
        var now = clock.GetUtcNow();
        lock (state)
        {
            if (action != "sign-in.succeeded" && state.LastAction == action && now - state.LastWrittenAt < IdentitySetup.LockoutDuration)
            {
                state.Pending++;
                return null;
            }

            var details = state.Pending == 0
                ? address
                : $"{address} (+{state.Pending} since {Web.LocalTime.Format(state.LastWrittenAt)})";
            state.Pending = 0;
            state.LastAction = action;
            state.LastWrittenAt = now;
            return details;
        }
    }

    private NameState State(string userName)
    {
        var now = clock.GetUtcNow();
        if (names.Count > 10_000)
        {
            foreach (var (key, stale) in names)
            {
                if (now - stale.LastSeen > TimeSpan.FromHours(1) && stale.Pending == 0)
                {
                    names.TryRemove(key, out _);
                }
            }
        }

        var state = names.GetOrAdd(Key(userName), _ => new NameState());
        state.LastSeen = now;
        return state;
    }
}
