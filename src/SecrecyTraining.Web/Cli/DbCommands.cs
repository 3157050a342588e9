using System.CommandLine;

namespace SecrecyTraining.Web.Cli;

internal static class DbCommands
{
    public static Command Create(CliHost host)
    {
        var migrate = new Command("migrate", "Apply pending migrations and reference data to the configured database.");
        migrate.SetAction((_, ct) => host.RunAsync(async (_, _) =>
        {
            foreach (var migration in host.AppliedMigrations)
            {
                await host.Console.Out.WriteLineAsync($"Applied {migration}");
            }

            await host.Console.Out.WriteLineAsync("Database is up to date.");
            return 0;
        }, ct));

        return new Command("db", "Database maintenance.") { migrate };
    }
}
