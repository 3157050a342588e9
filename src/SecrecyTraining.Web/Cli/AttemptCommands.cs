using System.CommandLine;
using SecrecyTraining.Web.Features.Sessions;

namespace SecrecyTraining.Web.Cli;

internal static class AttemptCommands
{
    public static Command Create(CliHost host) =>
        new("attempts", "The archive of exam attempts.")
        {
            Archive(host),
        };

    /// <summary>Writes a session's archived attempts and their manifest of hashes (check them with <c>audit verify --archive DIR</c>).</summary>
    private static Command Archive(CliHost host)
    {
        var session = new Argument<int>("session") { Description = "The exam session's id (its page is /sessions/ID)." };
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Where to write the PDFs and manifest.sha256." };
        var command = new Command("archive", "Write every concluded attempt of an exam session as its archived PDF, with a manifest of SHA-256 hashes.") { session, directory };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, token) =>
        {
            var target = parsed.GetValue(directory)!;
            var written = await AttemptArchives.WriteAsync(services.GetRequiredService<Data.AppDbContext>(), parsed.GetValue(session), target, token);
            if (written is null)
            {
                await host.Console.Error.WriteLineAsync($"There is no exam session {parsed.GetValue(session)}.");
                return 1;
            }

            await host.Console.Out.WriteLineAsync($"{written} attempt(s) written to {target.FullName} with {AttemptArchives.Manifest}; `audit verify --archive {target.FullName}` checks them against the audit chain.");
            return 0;
        }, ct));
        return command;
    }
}
