using System.Diagnostics;

namespace SecrecyTraining.Tests.Support;

/// <summary>Reads a PDF the way a person copying its text would: with poppler's pdftotext (scripts/test installs it).</summary>
public static class Pdf
{
    public static async Task<string> TextAsync(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && pdf[0] == '%' && pdf[1] == 'P' && pdf[2] == 'D' && pdf[3] == 'F', "not a PDF");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, "pdftotext failed: " + error);
            Assert.True(error.Length == 0, "pdftotext had to repair the file: " + error); // e.g. a wrong cross-reference table
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The number of pages (pages are separated by form feeds in pdftotext's output).</summary>
    public static int Pages(string text) => text.TrimEnd('\f', '\n').Split('\f').Length;
}
