using Microsoft.Extensions.Configuration;
using SecrecyTraining.Web.Cli;

namespace SecrecyTraining.Tests.Support;

/// <summary>Runs a command verb in-process against the test application's database, capturing what it prints.</summary>
public static class Verbs
{
    public static Task<(int Code, string Output, string Error)> RunAsync(AppFactory app, params string[] args) => RunWithInputAsync(app.Database, "", args);

    /// <summary>Against a database (and its data directory) with no application running.</summary>
    public static Task<(int Code, string Output, string Error)> RunAsync(TestDatabase database, params string[] args) => RunWithInputAsync(database, "", args);

    public static Task<(int Code, string Output, string Error)> RunWithInputAsync(AppFactory app, string input, params string[] args) =>
        RunWithInputAsync(app.Database, input, args);

    private static async Task<(int Code, string Output, string Error)> RunWithInputAsync(TestDatabase database, string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AppCommands.RunAsync(args, new CliConsole(output, error, new StringReader(input)),
            configuration => configuration.AddInMemoryCollection(database.Settings));
        Assert.True(code is 0 or 1 or 2, $"exit {code}");
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>A content set written to a temporary directory, for the verbs that read a directory.</summary>
public sealed class TempContent : IDisposable
{
    private TempContent(string path) => Path = path;

    public string Path { get; }

    public static TempContent Write(IEnumerable<SecrecyTraining.Web.Features.Content.ContentFile> files)
    {
        var dir = Directory.CreateTempSubdirectory("secrecy-content-").FullName;
        foreach (var file in files)
        {
            var target = System.IO.Path.Combine(dir, file.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllText(target, file.Text);
        }

        return new TempContent(dir);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
