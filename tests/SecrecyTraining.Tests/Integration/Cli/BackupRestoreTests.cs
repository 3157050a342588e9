using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Cli;

/// <summary>`backup` and `restore` round-trip a populated SQLite database; PostgreSQL is pointed at its own tools.</summary>
[Collection(SharedApp.Name)]
public sealed class BackupRestoreTests(Databases databases)
{
    [Fact]
    public async Task ABackupOfAPopulatedDatabaseRestoresExactlyWhatWasBackedUp()
    {
        var app = await databases.StartAsync("Sqlite");
        await Posts.GateTests.ActiveOnPostAsync(app); // content, people, a post, an exam passed, a certificate, audit entries
        var file = Path.Combine(app.Database.DataDirectory, "backups", "nightly.db");
        var before = await DatabaseSnapshot.TakeAsync(app);

        var (backedUp, output, _) = await Verbs.RunAsync(app, "backup", file);
        Assert.Equal(0, backedUp);
        Assert.Contains($"Backed up to {file}", output);
        Assert.Contains("integrity ok", output);
        Assert.Contains("Keep the certificate signing keys", output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)); // it holds password hashes
        }

        // Life goes on after the backup: a new account, a revoked certificate.
        await app.CreateUserAsync("u-later", "后来者", [Roles.Trainee]);
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.ExecuteUpdateAsync(set => set.SetProperty(c => c.State, CertificationState.Revoked)));
        Assert.NotEqual(before, await DatabaseSnapshot.TakeAsync(app));

        var (restored, restoreOutput, _) = await Verbs.RunAsync(app, "restore", file);

        Assert.Equal(0, restored);
        Assert.Contains("audit chain intact", restoreOutput);
        Assert.Contains("The database it replaced is kept as", restoreOutput);
        // Exactly what was backed up, plus the restore's own audit entry (and the chain head that moved with it) and the
        // reference data the restore's migration step adds (an empty certificate-number sequence for the year).
        var after = await DatabaseSnapshot.TakeAsync(app);
        static bool AddedByRestore(string row) => row.StartsWith("AuditChainHeads:", StringComparison.Ordinal)
            || row.Contains("database.restored", StringComparison.Ordinal)
            || (row.StartsWith("CertificateNumberSequences:", StringComparison.Ordinal) && row.EndsWith("| 0", StringComparison.Ordinal));
        Assert.Equal(before.Where(r => !AddedByRestore(r)), after.Where(r => !AddedByRestore(r)));
        Assert.Single(after, r => r.Contains("database.restored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABackupNeverOverwritesAndRestoreRefusesAFileThatIsNotABackup()
    {
        var app = await databases.StartAsync("Sqlite");
        var existing = Path.Combine(app.Database.DataDirectory, "existing.db");
        await File.WriteAllTextAsync(existing, "not a database");
        var before = await DatabaseSnapshot.TakeAsync(app);

        var (backedUp, _, backupError) = await Verbs.RunAsync(app, "backup", existing);
        var (restored, _, restoreError) = await Verbs.RunAsync(app, "restore", existing);

        Assert.Equal((1, 1), (backedUp, restored));
        Assert.Contains("already exists; a backup never overwrites a file", backupError);
        Assert.Contains("is not a usable backup", restoreError);
        Assert.Contains("the database was not changed", restoreError);
        Assert.Equal("not a database", await File.ReadAllTextAsync(existing));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task OnPostgresTheVerbsPointAtPgDump()
    {
        var app = await databases.StartAsync("Postgres");

        var (code, _, error) = await Verbs.RunAsync(app, "backup", Path.Combine(app.Database.DataDirectory, "x.db"));

        Assert.Equal(1, code);
        Assert.Contains("For PostgreSQL use pg_dump and pg_restore", error);
    }
}
