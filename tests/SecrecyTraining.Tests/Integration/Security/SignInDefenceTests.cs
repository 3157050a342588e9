using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>
/// Sign-in under attack: rate limits per address and per name (and on /verify) answer 429 in Chinese; a name without an
/// account is refused, locked out and hashed exactly like a real account with a wrong password; and repeated failures
/// of one name are collapsed in the audit log without losing their count.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class SignInDefenceTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task TooManySignInsFromOneAddressOrForOneNameAreAnswered429InChinese(string provider)
    {
        var app = await databases.StartAsync(provider);
        await using (var host = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignInPerAddressPerMinute", "3")))
        {
            var client = Client(host);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(client, $"50020{i}", "Wrong-Password-1")).StatusCode);
            }

            var limited = await AppFactory.SignInAsync(client, "500209", "Wrong-Password-1");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Contains("短时间内的请求太多。请等一分钟后再试。", await limited.Content.ReadAsStringAsync());
            Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode); // the form itself is not limited
        }

        await using (var host = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignInPerNamePerMinute", "3")))
        {
            var client = Client(host);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(client, "500210", "Wrong-Password-1")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, (await AppFactory.SignInAsync(client, " 500210 ", "Wrong-Password-1")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(client, "500211", "Wrong-Password-1")).StatusCode);
        }

        await using (var host = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:VerifyPerAddressPerMinute", "2")))
        {
            var client = Client(host);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode); // the form to type a code
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verify?c=b")).StatusCode); // no such certificate
            var limited = await client.GetAsync("/verify?c=c");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Contains("操作过于频繁", await limited.Content.ReadAsStringAsync());
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ANameWithoutAnAccountIsRefusedLockedOutAndHashedLikeAWrongPassword(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("500301", "真实", [Roles.HR]);
        var hasher = new CountingHasher();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        var client = Client(host);

        foreach (var name in new[] { "500301", "500399" })
        {
            var messages = new List<string>();
            var hashes = new List<int>();
            for (var i = 0; i < IdentitySetup.MaxFailedAttempts + 1; i++)
            {
                var before = hasher.Verifications;
                messages.Add(Message(await (await AppFactory.SignInAsync(client, name, "Wrong-Password-1")).Content.ReadAsStringAsync()));
                hashes.Add(hasher.Verifications - before);
            }

            // Four times wrong, locked on the fifth, still locked on the sixth; each wrong password cost one hash check,
            // the refusal of a locked name none.
            Assert.Equal([.. Enumerable.Repeat("工号或密码不正确。", 4), .. Enumerable.Repeat("连续 5 次密码错误，账号已锁定 15 分钟。请稍后再试或联系管理员。", 2)], messages);
            Assert.Equal([1, 1, 1, 1, 1, 0], hashes);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task RepeatedFailuresOfOneNameAreCollapsedInTheAuditLogWithTheirCount(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("500401", "审计", [Roles.HR]);
        var client = app.Browser();

        for (var i = 0; i < 3; i++)
        {
            await AppFactory.SignInAsync(client, "500401", "Wrong-Password-1");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(client, "500401", AppFactory.Password)).StatusCode);
        Assert.Equal(["sign-in.failed ", "sign-in.succeeded (+2 since"], await EntriesAsync(app, "500401"));

        client = app.Browser();
        // 8 guesses at a name nobody has: one failure, one lockout carrying the 3 failures between them, the 3 refusals after
        // it counted into the entry written once the window has passed.
        for (var i = 0; i < 8; i++)
        {
            await AppFactory.SignInAsync(client, "500499", "Wrong-Password-1");
        }

        Assert.Equal(["sign-in.failed ", "sign-in.locked-out (+3 since"], await EntriesAsync(app, "500499"));
        app.Clock.Advance(IdentitySetup.LockoutDuration + TimeSpan.FromMinutes(1));
        await AppFactory.SignInAsync(client, "500499", "Wrong-Password-1");
        Assert.Equal(["sign-in.failed ", "sign-in.locked-out (+3 since", "sign-in.failed (+3 since"], await EntriesAsync(app, "500499"));
    }

    private static HttpClient Client(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Each entry of the name as its action and the count of attempts collapsed into it, if any.</summary>
    private static Task<List<string>> EntriesAsync(AppFactory app, string name) => app.WithScopeAsync(async s =>
        (await s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().Where(e => e.Subject == name && e.Action.StartsWith("sign-in."))
            .OrderBy(e => e.Sequence).Select(e => new { e.Action, e.Details }).ToListAsync())
        .Select(e => e.Action + " " + Regex.Match(e.Details, @"\(\+\d+ since").Value)
        .ToList());

    private static string Message(string page) => ValidationSummary().Match(page).Groups[1].Value.Trim();

    [GeneratedRegex("validation-summary-errors[^>]*>\\s*<ul>\\s*<li>([^<]*)</li>")]
    private static partial Regex ValidationSummary();

    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
