using System.CommandLine;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Content;
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
        var verbose = new Option<bool>("--verbose") { Description = "Also log at Information level (to standard error).", Recursive = true };
        var root = new RootCommand("SecrecyTraining 保密培训与考核平台: command verbs (run without a verb to start the web server).")
        {
            verbose,
            DbCommands.Create(host),
            UserCommands.Create(host),
            ContentCommands.Create(host),
            CertificateCommands.Create(host),
            JobCommands.Create(host),
            AuditCommands.Create(host),
            AttemptCommands.Create(host),
        };
        foreach (var verb in BackupCommands.Create(host))
        {
            root.Subcommands.Add(verb);
        }

        var parsed = root.Parse(args);
        host.Verbose = parsed.GetValue(verbose);
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

    /// <summary>Whether the verb logs at Information level (<c>--verbose</c>); otherwise only warnings and errors.</summary>
    public bool Verbose { get; set; }

    /// <summary>The migrations this command applied before it ran (every command brings the schema up to date first).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken) =>
        RunAsync(command, migrate: true, cancellationToken);

    /// <summary>As <see cref="RunAsync(Func{IServiceProvider, CancellationToken, Task{int}}, CancellationToken)"/>, with services replaced (a fixed clock).</summary>
    public Task<int> RunAsync(
        Func<IServiceProvider, CancellationToken, Task<int>> command, Action<IServiceCollection> replace, CancellationToken cancellationToken) =>
        RunAsync(command, migrate: true, cancellationToken, replace);

    /// <summary>For verbs that only read files (content validate, content coverage): the database is not touched.</summary>
    public Task<int> RunWithoutDatabaseAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken) =>
        RunAsync(command, migrate: false, cancellationToken);

    /// <summary>
    /// The directory a verb was given, or the configured content directory. `dotnet run` starts the program in the project
    /// folder, so a relative path is taken from the shell's directory ($PWD), where the user typed it.
    /// </summary>
    public string ContentDirectory(IServiceProvider services, string? given) =>
        given is not null
            ? FromShell(given)
            : ContentLocation.Resolve(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());

    /// <summary>A path the user typed, taken from the shell's directory ($PWD) when relative.</summary>
    public static string FromShell(string given) =>
        Path.GetFullPath(given, Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } shell ? shell : Directory.GetCurrentDirectory());

    private async Task<int> RunAsync(
        Func<IServiceProvider, CancellationToken, Task<int>> command, bool migrate, CancellationToken cancellationToken, Action<IServiceCollection>? replace = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        configure?.Invoke(builder.Configuration);
        // A verb's standard output is its report, for a person or a pipe (`content coverage --format csv > coverage.csv`):
        // logs go to standard error, one plain line each, warnings and errors only unless --verbose.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            o.FormatterName = Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple;
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = Verbose ? nameof(LogLevel.Information) : nameof(LogLevel.Warning),
        });
        builder.AddSecrecyTraining();
        replace?.Invoke(builder.Services);

        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        if (migrate)
        {
            AppliedMigrations = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        }

        try
        {
            return await command(scope.ServiceProvider, cancellationToken);
        }
        catch (DirectoryNotFoundException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
