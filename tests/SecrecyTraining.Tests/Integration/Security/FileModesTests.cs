using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>What the application writes to disk is the service account's alone, and checked rosters nobody committed do not linger.</summary>
public sealed class FileModesTests
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes; our machines run Debian
    public async Task TheDataDirectoryDatabaseKeysBackupsAndUploadsAreOwnerOnly()
    {
        await using var database = TestDatabase.Create("Sqlite");
        Directory.CreateDirectory(database.DataDirectory);
        File.SetUnixFileMode(database.DataDirectory, (UnixFileMode)0b111_101_101); // 0755, as a careless install leaves it
        await using var app = new AppFactory(database);
        await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<Web.Features.Certificates.CertificateSigner>().PublicKeyPem()));
        await using (var withJobStore = app.WithWebHostBuilder(b => b.UseSetting("Jobs:Storage", "Sqlite")))
        {
            _ = withJobStore.Services.GetRequiredService<Hangfire.JobStorage>(); // Hangfire's SQLite file beside the database
        }

        var hr = await app.SignInAsAsync(Roles.HR);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.Departments.Add(new Department("财务处", 1));
            return await db.SaveChangesAsync();
        });
        var uploads = Path.Combine(database.DataDirectory, "uploads");
        Directory.CreateDirectory(uploads);
        var abandoned = Path.Combine(uploads, "roster-abandoned.csv");
        await File.WriteAllTextAsync(abandoned, "工号,姓名,部门\n");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));

        var preview = await hr.PostFormAsync("/staff/import", "/staff/import", [],
            new FormFile("file", "roster.csv", System.Text.Encoding.UTF8.GetBytes("工号,姓名,部门\n200001,周一,财务处\n")));
        var backup = Path.Combine(database.DataDirectory, "backups", "b.db");
        var (backedUp, _, _) = await Verbs.RunAsync(app, "backup", backup);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(0, backedUp);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(database.DataDirectory) & GroupOrOther);
        var written = Directory.EnumerateFiles(database.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".pfx", StringComparison.Ordinal) || f.Contains("roster-", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith(DatabaseSetup.SqliteFileName, StringComparison.Ordinal) || f.EndsWith(".db", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith(".pem", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith("data-protection.pfx", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith("hangfire.db", StringComparison.Ordinal));
        Assert.Contains(written, f => f.Contains("roster-", StringComparison.Ordinal));
        Assert.Contains(backup, written);
        Assert.All(written, f => Assert.True((File.GetUnixFileMode(f) & GroupOrOther) == UnixFileMode.None, $"{f} is {File.GetUnixFileMode(f)}"));
        Assert.False(File.Exists(abandoned), "a checked roster nobody committed within the hour is deleted");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task DataProtectionKeysAreStoredEncryptedAndASessionSurvivesARestart(string provider)
    {
        await using var database = TestDatabase.Create(provider, provider == "Postgres" ? "secrecy_keys" : null);
        await using (var context = database.CreateContext())
        {
            await context.Database.EnsureDeletedAsync(); // an earlier run's keys were encrypted under another data directory's certificate
        }

        await using (var first = new AppFactory(database))
        {
            var browser = await first.SignInAsAsync(Roles.HR);
            var keys = await first.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the key material in clear
            });
            var cookie = (await browser.GetAsync("/staff")).RequestMessage!.Headers.GetValues("Cookie").Single();
            await using var second = new AppFactory(database); // a restart: the key ring read back from the database
            var again = second.Browser();
            again.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/staff")).StatusCode);
        }
    }
}
