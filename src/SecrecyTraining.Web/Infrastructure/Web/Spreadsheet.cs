using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using MiniExcelLibs;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>One data row of an uploaded sheet: its row number as Excel shows it (the header is row 1) and its cells by header.</summary>
public sealed record SheetRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public bool IsEmpty => Cells.Values.All(v => v.Length == 0);
}

/// <summary>A problem with an uploaded sheet: a localization key and its arguments (the row number first, when it has one).</summary>
public sealed record SheetProblem(string Template, params object[] Args)
{
    private const string RowPrefix = "第 {0} 行";

    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, Args);

    /// <summary>The row it names (templates that name one start with 第 {0} 行), or null for the whole file.</summary>
    public int? Row => Template.StartsWith(RowPrefix, StringComparison.Ordinal) && Args is [int row, ..] ? row : null;

    /// <summary>The text after the row, as <c>FILE:ROW: message</c> prints it.</summary>
    public string Message => Row is null ? ToString() : ToString()[(ToString().IndexOfAny(['：', '（']) is var at and >= 0 ? at : 0)..].TrimStart('：');
}

/// <summary>
/// Reads the first sheet of an .xlsx, or a CSV in UTF-8 or GB18030 (what Excel saves on Chinese Windows), as rows of cells
/// keyed by the header row; refuses what it cannot read faithfully: a decompression bomb, hidden sheets (rows nobody sees
/// would be imported), merged cells (a value that belongs to several rows) and formulas (the value shown may not be the one
/// stored). Used by the roster import and the question bank import.
/// </summary>
public static class Spreadsheet
{
    /// <summary>The most data rows a sheet may have (a roster of a large organisation, a bank of several thousand questions).</summary>
    public const int MaxRows = 20_000;

    public static (IReadOnlyList<SheetRow> Rows, IReadOnlyList<SheetProblem> Problems) Read(byte[] content, string fileName, long maxExpandedBytes)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv"))
        {
            return ([], [new(Ui.Key("请上传 .xlsx 或 .csv 文件"))]);
        }

        if (content.Length == 0)
        {
            return ([], [new(Ui.Key("文件是空的"))]);
        }

        if (extension == ".xlsx")
        {
            if (!ZipLimits.DeclaresAtMost(content, maxExpandedBytes))
            {
                return ([], [new(Ui.Key("无法读取文件：解压后超过 {0} MB"), maxExpandedBytes / 1024 / 1024)]);
            }

            if (StructureProblems(content) is { Count: > 0 } structural)
            {
                return ([], structural);
            }
        }

        List<IDictionary<string, object?>> table;
        try
        {
            // Read lazily and stop past the cap: a small file can declare a row a million lines down.
            using var stream = extension == ".csv" ? new MemoryStream(Encoding.UTF8.GetBytes(DecodeCsv(content))) : new MemoryStream(content);
            table = [.. stream.Query(useHeaderRow: true, excelType: extension == ".csv" ? ExcelType.CSV : ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(MaxRows + 1)];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or ArgumentException or FormatException
                                      or NotSupportedException or System.Xml.XmlException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return ([], [new(Ui.Key("无法读取文件：不是有效的 Excel（.xlsx）或 CSV 文件"))]);
        }

        if (table.Count > MaxRows)
        {
            return ([], [new(Ui.Key("文件超过 {0} 行：请分成几个文件导入"), MaxRows)]);
        }

        var headers = table.FirstOrDefault()?.Keys.Select(k => k.Trim()).Where(k => k.Length > 0).ToList() ?? [];
        if (headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return ([], [new(Ui.Key("第 1 行的列名“{0}”重复：每一列的名称应各不相同"), repeated.Key)]);
        }

        var rows = table.Select((row, i) => new SheetRow(i + 2, row.Where(c => c.Key.Trim().Length > 0).ToDictionary(
                c => c.Key.Trim(),
                c => Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "",
                StringComparer.OrdinalIgnoreCase)))
            .Where(r => !r.IsEmpty)
            .ToList();
        return (rows, []);
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (Excel's "CSV" on Chinese Windows).</summary>
    public static string DecodeCsv(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Hidden sheets, and merged cells or formulas in the first sheet (the one read), from the workbook's XML.</summary>
    private static List<SheetProblem> StructureProblems(byte[] content)
    {
        var problems = new List<SheetProblem>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is { } workbook)
            {
                using var stream = workbook.Open();
                var hidden = XDocument.Load(stream).Descendants(Main + "sheet")
                    .Where(s => (string?)s.Attribute("state") is "hidden" or "veryHidden").Select(s => (string?)s.Attribute("name") ?? "").ToList();
                if (hidden.Count > 0)
                {
                    problems.Add(new(Ui.Key("工作簿有隐藏的工作表（{0}）：请删除或取消隐藏后再导入，以免导入看不见的内容"), string.Join("、", hidden)));
                }
            }

            var first = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault();
            if (first is not null)
            {
                using var stream = first.Open();
                var sheet = XDocument.Load(stream);
                foreach (var merged in sheet.Descendants(Main + "mergeCell").Select(m => (string?)m.Attribute("ref") ?? ""))
                {
                    problems.Add(new(Ui.Key("第 {0} 行：有合并的单元格（{1}）：请取消合并，每行填写完整"), RowOf(merged), merged));
                }

                foreach (var cell in sheet.Descendants(Main + "c").Where(c => c.Element(Main + "f") is not null))
                {
                    var reference = (string?)cell.Attribute("r") ?? "";
                    problems.Add(new(Ui.Key("第 {0} 行：单元格 {1} 是公式：请改为直接填写的值"), RowOf(reference), reference));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
        {
            return [new(Ui.Key("无法读取文件：不是有效的 Excel（.xlsx）或 CSV 文件"))];
        }

        return problems;
    }

    private static int RowOf(string reference)
    {
        var digits = new string([.. reference.Split(':')[0].SkipWhile(char.IsLetter).TakeWhile(char.IsDigit)]);
        return int.TryParse(digits, out var row) ? row : 0;
    }
}
