using System.CommandLine;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Web.Cli;

/// <summary>
/// The command verbs of the application: <c>SecrecyTraining.Web db migrate</c>, <c>users add …</c>, <c>users reset-password …</c>.
/// Each verb group lives in its own file and adds itself here. Bad arguments print usage and exit with 2.
/// </summary>
public static class AppCommands
{
    public const int UsageError = 2;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args, CliConsole console, Action<IConfigurationBuilder>? configure = null)
    {
        var host = new CliHost(console, configure);
        var root = new RootCommand("SecrecyTraining 保密培训与考核平台: command verbs (run without a verb to start the web server).")
        {
            DbCommands.Create(host),
            UserCommands.Create(host),
        };

        var parsed = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        if (parsed.Errors.Count > 0)
        {
            await parsed.InvokeAsync(invocation);
            return UsageError;
        }

        return await parsed.InvokeAsync(invocation);
    }
}

/// <summary>Builds the application's services (not its web server) for one command, on the same configuration as the web host.</summary>
public sealed class CliHost(CliConsole console, Action<IConfigurationBuilder>? configure)
{
    public CliConsole Console { get; } = console;

    /// <summary>The migrations this command applied before it ran (every command brings the schema up to date first).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder.Configuration);
        builder.AddSecrecyTraining();

        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        AppliedMigrations = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        return await command(scope.ServiceProvider, cancellationToken);
    }
}
