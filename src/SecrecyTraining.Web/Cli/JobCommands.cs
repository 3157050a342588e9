using System.CommandLine;
using System.Globalization;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Cli;

internal static class JobCommands
{
    public static Command Create(CliHost host) =>
        new("jobs", "List the scheduled jobs or run one by hand.")
        {
            List(host),
            Run(host),
        };

    private static Command List(CliHost host)
    {
        var command = new Command("list", "Print every recurring job with its schedule (cron, China Standard Time unless Jobs:TimeZone says otherwise).");
        command.SetAction(async (_, _) =>
        {
            foreach (var job in RecurringJobs.All)
            {
                await host.Console.Out.WriteLineAsync($"{job.Id,-24} {job.Cron,-14} {job.Description}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs one job now, or as if it were a given day (09:00 China time), and prints what it did.</summary>
    private static Command Run(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "The job id (see `jobs list`)." };
        var asOf = new Option<string?>("--as-of") { Description = "Run as if today were this date (yyyy-MM-dd, 09:00 China time)." };
        var command = new Command("run", "Run a job now and print what it did.") { id, asOf };
        command.SetAction(async (parsed, ct) =>
        {
            var definition = RecurringJobs.Find(parsed.GetValue(id)!);
            if (definition is null)
            {
                await host.Console.Error.WriteLineAsync($"Unknown job '{parsed.GetValue(id)}'. Jobs: {string.Join(", ", RecurringJobs.All.Select(j => j.Id))}.");
                return AppCommands.UsageError;
            }

            TimeProvider? clock = null;
            if (parsed.GetValue(asOf) is { } date)
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    await host.Console.Error.WriteLineAsync($"--as-of '{date}' is not a date (yyyy-MM-dd).");
                    return AppCommands.UsageError;
                }

                var local = day.ToDateTime(new TimeOnly(9, 0));
                clock = new FixedClock(new DateTimeOffset(local, LocalTime.Zone.GetUtcOffset(local)));
            }

            return await host.RunAsync(async (services, token) =>
            {
                var summary = await ((IJob)services.GetRequiredService(definition.JobType)).RunAsync(token);
                // A job run by hand is an administrator's action (the dashboard is read only, so this is the way).
                await services.GetRequiredService<Features.Audit.AuditLog>()
                    .AppendAsync(Features.Account.AccountProvisioning.CommandLineActor, "job.run", definition.Id, summary, token);
                await host.Console.Out.WriteLineAsync($"{definition.Id}: {summary}");
                return 0;
            }, services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }
            }, ct);
        });
        return command;
    }

    /// <summary>A clock stopped at one instant, for <c>--as-of</c>.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
