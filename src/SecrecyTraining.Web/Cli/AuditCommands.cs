using System.CommandLine;
using SecrecyTraining.Web.Features.Audit;

namespace SecrecyTraining.Web.Cli;

internal static class AuditCommands
{
    public static Command Create(CliHost host) =>
        new("audit", "Check the hash-chained audit log.")
        {
            Verify(host),
        };

    /// <summary>
    /// Walks the chain: exit 0 and the count when intact, else exit 1 naming the first altered, inserted or missing entry.
    /// With <c>--checkpoints FILE</c> (a checkpoint CSV kept off the server) each of its hashes must match the log too.
    /// </summary>
    private static Command Verify(CliHost host)
    {
        var checkpoints = new Option<FileInfo?>("--checkpoints") { Description = "A checkpoint CSV exported from /audit/checkpoints and kept off the server." };
        var archive = new Option<DirectoryInfo?>("--archive") { Description = "A directory written by `attempts archive`: each file must match its manifest and the hash the chain recorded." };
        var command = new Command("verify", "Walk the audit chain and name the first altered, inserted or missing entry; check the attempt archives against it.") { checkpoints, archive };
        command.SetAction((parse, ct) => host.RunAsync(async (services, token) =>
        {
            var (entries, problem) = await services.GetRequiredService<AuditLog>().VerifyAsync(token);
            if (problem is not null)
            {
                await host.Console.Error.WriteLineAsync($"BROKEN after {entries} intact entries: {problem}.");
                return 1;
            }

            // The chain is intact: the archived attempts must be the ones whose hashes it recorded.
            var db = services.GetRequiredService<Data.AppDbContext>();
            var (archives, archiveProblems) = await Features.Sessions.AttemptArchives.CheckStoredAsync(db, token);
            if (parse.GetValue(archive) is { } directory)
            {
                var (files, fileProblems) = await Features.Sessions.AttemptArchives.CheckDirectoryAsync(db, directory, token);
                archiveProblems.AddRange(fileProblems);
                if (fileProblems.Count == 0)
                {
                    await host.Console.Out.WriteLineAsync($"{files} archived attempt file(s) in {directory.FullName} match the hashes recorded in the audit chain.");
                }
            }

            foreach (var p in archiveProblems)
            {
                await host.Console.Error.WriteLineAsync($"ARCHIVE: {p}");
            }

            if (archiveProblems.Count > 0)
            {
                return 1;
            }

            if (parse.GetValue(checkpoints) is { } file)
            {
                using var reader = new StreamReader(file.FullName, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var (kept, unreadable) = CheckpointFile.Read(reader);
                var problems = unreadable.Count > 0 ? unreadable : await CheckpointFile.CompareAsync(services.GetRequiredService<Data.AppDbContext>(), kept, token);
                foreach (var p in problems)
                {
                    await host.Console.Error.WriteLineAsync($"{file.Name}: {p}");
                }

                if (problems.Count > 0)
                {
                    return 1;
                }

                await host.Console.Out.WriteLineAsync($"OK: {entries} entries, chain intact; the {kept.Count} checkpoints of {file.Name} match.");
                return 0;
            }

            await host.Console.Out.WriteLineAsync($"OK: {entries} entries, chain intact. {archives} attempt archive(s) match it.");
            return 0;
        }, ct));
        return command;
    }
}
