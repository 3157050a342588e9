using System.Buffers.Binary;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>
/// The password hash stays at its strength for exam day (the start storm is met by the exam room opening early, not by a
/// cheaper hash), and a storm of sign-ins runs at most one password check per core at once.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PasswordCheckTests(Databases databases)
{
    [Fact]
    public async Task PasswordsAreStoredAsPbkdf2WithSha512AndAtLeast100000Iterations()
    {
        var app = await databases.StartAsync("Sqlite");
        var hash = await app.WithScopeAsync(s =>
            Task.FromResult(s.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), "Exam-Room-Opens-Early-2026")));
        // ASP.NET Core Identity's version 3 format: marker, PRF, iteration count, salt length (big-endian), salt, subkey.
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal((uint)KeyDerivationPrf.HMACSHA512, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)) >= 100_000, "the iteration count was lowered");
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)) >= 16, "the salt was shortened");
    }

    [Fact]
    public async Task NoMorePasswordChecksRunAtOnceThanTheMachineHasCores()
    {
        using var attempts = new SignInAttempts(TimeProvider.System, new ConfigurationBuilder().Build());
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (running, most) = (0, 0);
        var gate = new object();
        var checks = Enumerable.Range(0, Environment.ProcessorCount + 3).Select(_ => attempts.CheckingPasswordAsync(async () =>
        {
            lock (gate)
            {
                most = Math.Max(most, ++running);
            }

            var result = await release.Task;
            lock (gate)
            {
                running--;
            }

            return result;
        })).ToList();
        await Task.Delay(200); // every check that may start has started
        lock (gate)
        {
            Assert.Equal(Environment.ProcessorCount, running);
        }

        release.SetResult(true);
        Assert.All(await Task.WhenAll(checks), Assert.True);
        Assert.Equal(Environment.ProcessorCount, most);
    }
}
