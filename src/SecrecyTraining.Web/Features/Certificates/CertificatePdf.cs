using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>What a certificate page shows.</summary>
public sealed record CertificateSheet(
    string Organisation,
    string Issuer,
    string HolderName,
    string EmployeeNumber,
    string Department,
    string TypeName,
    decimal ScorePercent,
    string Number,
    DateOnly IssuedOn,
    DateOnly ValidUntil,
    string VerificationUrl);

/// <summary>
/// Draws certificates: A4 landscape, Chinese, with the bundled Noto Sans SC font (subset-embedded, so the text can be
/// extracted and no system font is needed) and a QR code holding the verification URL, drawn as vector squares.
/// </summary>
public sealed class CertificatePdf
{
    public const string Family = "Noto Sans SC";

    private static readonly Lock FontLock = new();

    public CertificatePdf() => EnsureFonts();

    /// <summary>PDFsharp's font resolver is process-wide; the first document of any kind sets it to the bundled fonts.</summary>
    public static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new BundledFontResolver();
        }
    }

    /// <summary>A font of the bundled family, Unicode-encoded (so the text can be extracted).</summary>
    public static XFont Font(double size, bool bold = false) =>
        new(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    /// <summary>Certificates drawn per chunk when printing many: memory holds one chunk, not the whole document.</summary>
    public const int ChunkSize = 20;

    /// <summary>
    /// Writes any number of certificates as one document, streamed: drawn <see cref="ChunkSize"/> at a time and joined by
    /// <see cref="PdfConcatenation"/>, so memory stays flat as the count grows and the output need not be seekable.
    /// Returns the number of pages written (0 writes nothing).
    /// </summary>
    public async Task<int> WriteManyAsync(IAsyncEnumerable<CertificateSheet> sheets, Stream output, CancellationToken ct = default)
    {
        var document = new PdfConcatenation(output);
        var chunk = new List<CertificateSheet>(ChunkSize);
        await foreach (var sheet in sheets.WithCancellation(ct))
        {
            chunk.Add(sheet);
            if (chunk.Count == ChunkSize)
            {
                await document.AppendAsync(Render(chunk), ct);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await document.AppendAsync(Render(chunk), ct);
        }

        if (document.PageCount > 0)
        {
            await document.FinishAsync("保密培训合格证书", ct);
        }

        return document.PageCount;
    }

    private byte[] Render(IEnumerable<CertificateSheet> sheets)
    {
        using var buffer = new MemoryStream();
        Write(sheets, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes one document with a page per certificate to <paramref name="output"/>.</summary>
    public void Write(IEnumerable<CertificateSheet> sheets, Stream output)
    {
        using var document = new PdfDocument();
        document.Info.Title = "保密培训合格证书";
        document.Info.Creator = "SecrecyTraining";
        // PDFsharp 6.2.4's Flate encoder ends its streams without the zlib end block (qpdf --check warns, strict readers
        // refuse), so page contents are written uncompressed; the fonts stay subset-embedded.
        document.Options.CompressContentStreams = false;
        var any = false;
        foreach (var sheet in sheets)
        {
            Draw(document.AddPage(), sheet);
            any = true;
        }

        if (!any)
        {
            throw new InvalidOperationException("No certificate to print.");
        }

        document.Save(output, closeStream: false);
    }

    private static void Draw(PdfPage page, CertificateSheet sheet)
    {
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using var gfx = XGraphics.FromPdfPage(page);
        var width = page.Width.Point;
        var height = page.Height.Point;
        var red = XColor.FromArgb(178, 34, 34);
        var gold = XColor.FromArgb(191, 144, 0);
        gfx.DrawRectangle(new XPen(red, 4), 24, 24, width - 48, height - 48);
        gfx.DrawRectangle(new XPen(gold, 1.2), 34, 34, width - 68, height - 68);

        var title = Font(30, bold: true);
        var subtitle = Font(17, bold: true);
        var body = Font(14);
        var small = Font(9);
        var ink = XBrushes.Black;
        var redBrush = new XSolidBrush(red);

        gfx.DrawString(sheet.Organisation, Font(15), ink, new XRect(0, 62, width, 24), XStringFormats.TopCenter);
        gfx.DrawString("保密培训合格证书", title, redBrush, new XRect(0, 92, width, 44), XStringFormats.TopCenter);
        gfx.DrawString(sheet.TypeName, subtitle, ink, new XRect(0, 142, width, 26), XStringFormats.TopCenter);

        var left = 90.0;
        var line = 196.0;
        gfx.DrawString($"{sheet.HolderName}（工号 {sheet.EmployeeNumber}，{sheet.Department}）：", Font(16, bold: true), ink, left, line + 16);
        line += 40;
        gfx.DrawString($"参加本单位组织的保密教育培训，经考试合格（成绩 {sheet.ScorePercent:0.##} 分），", body, ink, left + 28, line + 14);
        line += 26;
        gfx.DrawString($"取得“{sheet.TypeName}”资格，特发此证。", body, ink, left + 28, line + 14);

        line += 46;
        var label = Font(12);
        var value = Font(12, bold: true);
        foreach (var (name, text) in new[]
                 {
                     ("证书编号", sheet.Number),
                     ("发证日期", sheet.IssuedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture)),
                     ("有效期至", sheet.ValidUntil.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture)),
                 })
        {
            gfx.DrawString(name + "：", label, ink, left + 28, line + 12);
            gfx.DrawString(text, value, ink, left + 110, line + 12);
            line += 24;
        }

        // Issuer and date, bottom right.
        gfx.DrawString(sheet.Issuer, Font(14, bold: true), ink, new XRect(width - 380, height - 140, 300, 24), XStringFormats.TopRight);
        gfx.DrawString(sheet.IssuedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), body, ink,
            new XRect(width - 380, height - 112, 300, 24), XStringFormats.TopRight);

        // QR code, bottom right corner area left of the issuer; caption below.
        const double qrSize = 110;
        var qrX = width - 90 - qrSize - 320;
        var qrY = height - 70 - qrSize - 30;
        DrawQr(gfx, sheet.VerificationUrl, qrX, qrY, qrSize);
        gfx.DrawString("扫码核验证书真伪与状态", small, ink, new XRect(qrX - 30, qrY + qrSize + 4, qrSize + 60, 12), XStringFormats.TopCenter);
    }

    public static void DrawQr(XGraphics gfx, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var count = matrix.Count;
        var module = size / count;
        for (var row = 0; row < count; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < count)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                // One rectangle per horizontal run of dark modules keeps the page small.
                var start = column;
                while (column < count && bits[column])
                {
                    column++;
                }

                gfx.DrawRectangle(XBrushes.Black, x + (start * module), y + (row * module), (column - start) * module + 0.05, module + 0.05);
            }
        }
    }

    /// <summary>Resolves <see cref="Family"/> to the .ttf files under Fonts/ beside the application.</summary>
    private sealed class BundledFontResolver : IFontResolver
    {
        private const string Regular = "NotoSansSC-Regular";
        private const string Bold = "NotoSansSC-Bold";
        private readonly Dictionary<string, Lazy<byte[]>> faces = new(StringComparer.Ordinal)
        {
            [Regular] = new(() => Load(Regular)),
            [Bold] = new(() => Load(Bold)),
        };

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(bold ? Bold : Regular) : null;

        public byte[]? GetFont(string faceName) => faces.TryGetValue(faceName, out var face) ? face.Value : null;

        private static byte[] Load(string face) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fonts", face + ".ttf"));
    }
}
