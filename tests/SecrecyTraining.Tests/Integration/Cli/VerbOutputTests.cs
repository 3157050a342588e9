using System.Diagnostics;
using SecrecyTraining.Tests.Support;

namespace SecrecyTraining.Tests.Integration.Cli;

/// <summary>A verb's standard output is its report, for a person or a pipe; its logs go to standard error (the real process).</summary>
public sealed class VerbOutputTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "secrecy-verbs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ContentImportPrintsOnlyItsReportAndLogsNothingBelowWarning()
    {
        var (code, output, error) = await RunAsync("content", "import", ContentFixtures.ValidDirectory);

        Assert.Equal(0, code);
        Assert.StartsWith("内容版本 ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(output), l => l.StartsWith('{') || l.Contains(" info: ", StringComparison.Ordinal));
        Assert.DoesNotContain("info:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverageAsCsvIsACleanCsvAndVerboseLogsGoToStandardError()
    {
        var (code, output, error) = await RunAsync("content", "coverage", "--format", "csv", "--verbose", ContentFixtures.ValidDirectory);

        Assert.Equal(0, code);
        var lines = Lines(output);
        Assert.Equal("clause,lessons,single,multiple,truefalse,fill,short,total", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^[A-Z0-9.]+(,\d+){7}$", l));
        var (_, importOutput, importLog) = await RunAsync("content", "import", "--verbose", ContentFixtures.ValidDirectory);
        Assert.Contains("info: SecrecyTraining.Web.Features.Content.ContentImporter", importLog, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", importOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("{", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    /// <summary>SecrecyTraining.Web.dll run with <c>dotnet</c>, as an operator runs a verb on the server (embedded SQLite in a fresh data directory).</summary>
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(SourceTree.Root, "src", "SecrecyTraining.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SecrecyTraining.Web.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Storage__DataDirectory"] = dataDirectory;
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
