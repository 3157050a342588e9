using System.CommandLine;
using Microsoft.Data.Sqlite;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Audit;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Web.Cli;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c> for the embedded SQLite database, with SQLite's online backup
/// (the application may keep running during a backup; stop it for a restore). PostgreSQL and SQL Server have their own
/// tools (pg_dump / pg_restore; see docs/operations.md).
/// </summary>
internal static class BackupCommands
{
    public static IEnumerable<Command> Create(CliHost host) => [Backup(host), Restore(host)];

    private static Command Backup(CliHost host)
    {
        var file = new Argument<string>("file") { Description = "The backup file to write (must not exist yet)." };
        var command = new Command("backup", "Copy the SQLite database, while the application runs, into a new file and check the copy.") { file };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, token) =>
        {
            if (SqliteConnectionString(services) is not { } live)
            {
                return await NotSqliteAsync(host.Console);
            }

            var target = CliHost.FromShell(parsed.GetRequiredValue(file));
            if (File.Exists(target))
            {
                await host.Console.Error.WriteLineAsync($"{target} already exists; a backup never overwrites a file. Choose a new name.");
                return 1;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                PrivateFiles.CreateEmpty(target); // 0600 before a byte is copied: password hashes and cookie keys
                await CopyAsync(live, Unpooled(target), token);
            }
            catch
            {
                SqliteConnection.ClearAllPools();
                File.Delete(target); // no half-written backup left to block the next one
                throw;
            }

            var (ok, problem, entries) = await CheckAsync(target, token);
            if (!ok)
            {
                File.Delete(target);
                await host.Console.Error.WriteLineAsync($"The copy failed its check ({problem}); no backup was kept.");
                return 1;
            }

            await host.Console.Out.WriteLineAsync($"Backed up to {target} ({new FileInfo(target).Length / 1024} KiB, {entries} audit entries, integrity ok).");
            await host.Console.Out.WriteLineAsync(KeyReminder(services));
            return 0;
        }, ct));
        return command;
    }

    private static Command Restore(CliHost host)
    {
        var file = new Argument<string>("file") { Description = "A backup written by the backup verb." };
        var command = new Command("restore", "Replace the SQLite database with a backup (stop the application first), then bring its schema up to date.") { file };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, token) =>
        {
            if (SqliteConnectionString(services) is not { } live)
            {
                return await NotSqliteAsync(host.Console);
            }

            var source = CliHost.FromShell(parsed.GetRequiredValue(file));
            if (!File.Exists(source))
            {
                await host.Console.Error.WriteLineAsync($"{source} does not exist.");
                return 1;
            }

            var (ok, problem, _) = await CheckAsync(source, token);
            if (!ok)
            {
                await host.Console.Error.WriteLineAsync($"{source} is not a usable backup ({problem}); the database was not changed.");
                return 1;
            }

            // The database being replaced is kept beside it, in case the wrong backup was chosen.
            var livePath = new SqliteConnectionStringBuilder(live).DataSource;
            var replaced = $"{livePath}.before-restore-{DateTime.UtcNow:yyyyMMddHHmmss}";
            if (File.Exists(livePath))
            {
                await CopyAsync(live, Unpooled(replaced), token);
                OwnerOnly(replaced);
            }

            await CopyAsync(Unpooled(source) + ";Mode=ReadOnly", live, token);
            SqliteConnection.ClearAllPools();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(token);
            var audit = services.GetRequiredService<AuditLog>();
            await audit.AppendAsync(AccountProvisioning.CommandLineActor, "database.restored", Path.GetFileName(source), ct: token);
            var (entries, chainProblem) = await audit.VerifyAsync(token);
            if (File.Exists(replaced))
            {
                await host.Console.Out.WriteLineAsync($"The database it replaced is kept as {replaced}.");
            }

            await host.Console.Out.WriteLineAsync($"Restored from {source}; audit chain {(chainProblem is null ? $"intact ({entries} entries)" : "BROKEN: " + chainProblem)}.");
            await host.Console.Out.WriteLineAsync(KeyReminder(services));
            return chainProblem is null ? 0 : 1;
        }, ct));
        return command;
    }

    /// <summary>SQLite's online backup from one database into another (the destination is replaced page by page).</summary>
    private static async Task CopyAsync(string from, string to, CancellationToken ct)
    {
        await using var source = new SqliteConnection(from);
        await using var destination = new SqliteConnection(to);
        await source.OpenAsync(ct);
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
    }

    /// <summary>Integrity check, and the tables of this application (a random SQLite file is not a backup).</summary>
    private static async Task<(bool Ok, string Problem, long AuditEntries)> CheckAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(Unpooled(path) + ";Mode=ReadOnly");
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            if (await command.ExecuteScalarAsync(ct) as string != "ok")
            {
                return (false, "integrity check failed", 0);
            }

            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'AuditEntries', 'AspNetUsers')";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 3)
            {
                return (false, "not a SecrecyTraining database", 0);
            }

            command.CommandText = "SELECT count(*) FROM AuditEntries";
            return (true, "", Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (SqliteException e)
        {
            return (false, e.Message, 0);
        }
    }

    private static string? SqliteConnectionString(IServiceProvider services)
    {
        var (provider, connectionString) = DatabaseSetup.Resolve(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<AppStorage>());
        return provider == DatabaseProvider.Sqlite ? connectionString : null;
    }

    private static async Task<int> NotSqliteAsync(CliConsole console)
    {
        await console.Error.WriteLineAsync("backup and restore work on the embedded SQLite database. For PostgreSQL use pg_dump and pg_restore (docs/operations.md: Backup and restore).");
        return 1;
    }

    private static string KeyReminder(IServiceProvider services) =>
        $"Keep the certificate signing keys ({Path.GetDirectoryName(CertificateSigner.Paths(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<AppStorage>()).KeyPath)}) with the backup: they are not in the database.";

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Unpooled(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
}
