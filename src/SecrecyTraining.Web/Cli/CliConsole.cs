namespace SecrecyTraining.Web.Cli;

/// <summary>Where a command reads and writes; the process console, or strings in tests.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.In);
}
