using System.Diagnostics;

namespace SecrecyTraining.Tests.Support;

/// <summary>
/// Reads a PDF as a person and a checker would: poppler's pdftotext for its text, qpdf for its structure, and the QR code
/// decoded by zbarimg from the page rendered by pdftoppm (scripts/test installs poppler-utils, qpdf and zbar-tools).
/// Shared by the in-process and the browser tests.
/// </summary>
public static class Pdf
{
    public static async Task<string> TextAsync(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && pdf[0] == '%' && pdf[1] == 'P' && pdf[2] == 'D' && pdf[3] == 'F', "not a PDF");
        return await WithFileAsync(pdf, async file =>
        {
            var (code, text, error) = await RunAsync("pdftotext", "-layout", file, "-");
            Assert.True(code == 0, "pdftotext failed: " + error);
            Assert.True(error.Length == 0, "pdftotext had to repair the file: " + error); // e.g. a wrong cross-reference table
            return text;
        });
    }

    /// <summary>qpdf --check: the file's structure is sound (cross-reference table, streams, fonts).</summary>
    public static Task AssertWellFormedAsync(byte[] pdf) => WithFileAsync(pdf, async file =>
    {
        var (code, output, error) = await RunAsync("qpdf", "--check", file);
        Assert.True(code == 0, $"qpdf --check failed ({code}): {output} {error}");
        return true;
    });

    /// <summary>The texts of the QR codes on the first page, rendered at 200 dpi and read by zbarimg.</summary>
    public static Task<IReadOnlyList<string>> QrCodesAsync(byte[] pdf) => WithFileAsync(pdf, async file =>
    {
        var (render, _, renderError) = await RunAsync("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", file, file);
        Assert.True(render == 0, "pdftoppm failed: " + renderError);
        try
        {
            return await ReadQrAsync(file + ".png");
        }
        finally
        {
            File.Delete(file + ".png");
        }
    });

    /// <summary>The texts of the QR codes in a PNG image (a screenshot of a page), read by zbarimg.</summary>
    public static Task<IReadOnlyList<string>> QrCodesInPngAsync(byte[] png) => WithFileAsync(png, ReadQrAsync);

    private static async Task<IReadOnlyList<string>> ReadQrAsync(string pngFile)
    {
        var (code, output, error) = await RunAsync("zbarimg", "--quiet", "--raw", "-Sqrcode.enable", pngFile);
        Assert.True(code == 0, $"zbarimg found no QR code ({code}): {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The number of pages (pages are separated by form feeds in pdftotext's output).</summary>
    public static int Pages(string text) => text.TrimEnd('\f', '\n').Split('\f').Length;

    private static async Task<T> WithFileAsync<T>(byte[] pdf, Func<string, Task<T>> use)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            return await use(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
