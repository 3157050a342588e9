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

    /// <summary>Walks the chain: exit 0 and the count when intact, else exit 1 naming the first altered, inserted or missing entry.</summary>
    private static Command Verify(CliHost host)
    {
        var command = new Command("verify", "Walk the audit chain and name the first altered, inserted or missing entry.");
        command.SetAction((_, ct) => host.RunAsync(async (services, token) =>
        {
            var (entries, problem) = await services.GetRequiredService<AuditLog>().VerifyAsync(token);
            if (problem is not null)
            {
                await host.Console.Error.WriteLineAsync($"BROKEN after {entries} intact entries: {problem}.");
                return 1;
            }

            await host.Console.Out.WriteLineAsync($"OK: {entries} entries, chain intact.");
            return 0;
        }, ct));
        return command;
    }
}
