using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>
/// Writes one PDF from many small PDFs (PDFsharp's output, one chunk of certificates each) straight to a stream that need
/// not be seekable: each chunk's objects are renumbered and copied, its pages hung under one page tree, and only the
/// object offsets and page numbers are kept until the end — memory stays flat however many certificates are printed.
/// </summary>
public sealed partial class PdfConcatenation(Stream output)
{
    private const int PagesObject = 1;
    private const int CatalogObject = 2;
    private static readonly Encoding Bytes = Encoding.Latin1; // one char per byte: lossless for the dictionary parts
    private readonly List<long> offsets = [0, 0]; // index = object number - 1; the page tree and catalog are written last
    private readonly List<int> pages = [];
    private long position;
    private bool started;

    public int PageCount => pages.Count;

    /// <summary>Appends every page of <paramref name="pdf"/> (a complete PDF with a classic cross-reference table).</summary>
    public async Task AppendAsync(byte[] pdf, CancellationToken ct = default)
    {
        if (!started)
        {
            await WriteAsync(Bytes.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"), ct);
            started = true;
        }

        var text = Bytes.GetString(pdf);
        var xref = int.Parse(StartXref().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var table = ReadXref(text, xref, out var trailerAt);
        var trailer = text[trailerAt..];
        var root = Reference(trailer, "Root");
        var info = trailer.Contains("/Info", StringComparison.Ordinal) ? Reference(trailer, "Info") : -1;
        var pagesRoot = Reference(ObjectText(text, table[root]), "Pages");
        var kids = Refs().Matches(KidsArray().Match(ObjectText(text, table[pagesRoot])).Groups[1].Value).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

        var renumbered = new Dictionary<int, int> { [pagesRoot] = PagesObject };
        foreach (var number in table.Keys.Where(n => n != root && n != pagesRoot && n != info).Order())
        {
            offsets.Add(0);
            renumbered[number] = offsets.Count;
        }

        foreach (var (number, offset) in table.Where(e => e.Key != root && e.Key != pagesRoot && e.Key != info).OrderBy(e => e.Key))
        {
            var end = text.IndexOf("endobj", offset, StringComparison.Ordinal) + "endobj".Length;
            var streamAt = StreamKeyword().Match(text, offset, end - offset);
            var headEnd = streamAt.Success ? streamAt.Index : end;
            var head = Refs().Replace(ObjectHeader().Replace(text[offset..headEnd], $"{renumbered[number]} 0 obj", 1), m =>
                renumbered.TryGetValue(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), out var n)
                    ? $"{n} 0 R"
                    : throw new InvalidDataException($"PDF object {number} refers to object {m.Groups[1].Value}, which cannot be carried over."));
            offsets[renumbered[number] - 1] = position;
            await WriteAsync(Bytes.GetBytes(head), ct);
            await WriteAsync(pdf.AsMemory(headEnd, end - headEnd), ct);
            await WriteAsync("\n"u8.ToArray(), ct);
        }

        pages.AddRange(kids.Select(k => renumbered[k]));
    }

    /// <summary>Writes the page tree, the catalog, the document information, the cross-reference table and the trailer.</summary>
    public async Task FinishAsync(string title, CancellationToken ct = default)
    {
        if (pages.Count == 0)
        {
            throw new InvalidOperationException("No page was appended.");
        }

        offsets[PagesObject - 1] = position;
        var kids = new StringBuilder();
        foreach (var page in pages)
        {
            kids.Append(CultureInfo.InvariantCulture, $"{page} 0 R ");
        }

        await WriteAsync(Bytes.GetBytes($"{PagesObject} 0 obj\n<< /Type /Pages /Count {pages.Count} /Kids [ {kids}] >>\nendobj\n"), ct);
        offsets[CatalogObject - 1] = position;
        await WriteAsync(Bytes.GetBytes($"{CatalogObject} 0 obj\n<< /Type /Catalog /Pages {PagesObject} 0 R >>\nendobj\n"), ct);
        offsets.Add(position);
        var infoObject = offsets.Count;
        var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(title)).ToArray());
        await WriteAsync(Bytes.GetBytes($"{infoObject} 0 obj\n<< /Title <{utf16}> /Creator (SecrecyTraining) >>\nendobj\n"), ct);

        var xref = position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root {CatalogObject} 0 R /Info {infoObject} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        await WriteAsync(Bytes.GetBytes(table.ToString()), ct);
        await output.FlushAsync(ct);
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await output.WriteAsync(bytes, ct);
        position += bytes.Length;
    }

    /// <summary>The in-use objects of a classic cross-reference table (PDFsharp writes one), and where the trailer starts.</summary>
    private static Dictionary<int, int> ReadXref(string text, int at, out int trailerAt)
    {
        if (string.CompareOrdinal(text, at, "xref", 0, 4) != 0)
        {
            throw new InvalidDataException("The PDF has no classic cross-reference table.");
        }

        var objects = new Dictionary<int, int>();
        var lines = new StringReader(text[(at + 4)..text.IndexOf("trailer", at, StringComparison.Ordinal)]);
        trailerAt = text.IndexOf("trailer", at, StringComparison.Ordinal);
        var number = 0;
        while (lines.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                number = int.Parse(parts[0], CultureInfo.InvariantCulture);
            }
            else if (parts.Length == 3)
            {
                if (parts[2] == "n")
                {
                    objects[number] = int.Parse(parts[0], CultureInfo.InvariantCulture);
                }

                number++;
            }
        }

        return objects;
    }

    private static string ObjectText(string text, int offset) => text[offset..text.IndexOf("endobj", offset, StringComparison.Ordinal)];

    private static int Reference(string dictionary, string key) =>
        int.Parse(Regex.Match(dictionary, $@"/{key}\s+(\d+)\s+0\s+R").Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(\d+)\s+0\s+R\b")]
    private static partial Regex Refs();

    [GeneratedRegex(@"^\s*\d+\s+0\s+obj")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex KidsArray();

    [GeneratedRegex(@"(?<=>>\s*)stream\r?\n")]
    private static partial Regex StreamKeyword();
}
