using SecrecyTraining.Web.Cli;
using SecrecyTraining.Web.Infrastructure;

// `SecrecyTraining.Web <verb> …` runs a command (db migrate, users add …) instead of the web server.
if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(args, CliConsole.System);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSecrecyTraining();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseSecrecyTraining();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the test host can start the application.</summary>
public partial class Program;
