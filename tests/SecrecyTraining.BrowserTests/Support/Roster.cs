using MiniExcelLibs;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>A roster spreadsheet as HR keeps one: 工号, 姓名, 部门 (and an empty 岗位 and 级别).</summary>
public static class Roster
{
    public static byte[] Xlsx(params (string EmployeeNumber, string Name, string Department)[] people)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(people.Select(p => new Dictionary<string, object>
        {
            ["工号"] = p.EmployeeNumber,
            ["姓名"] = p.Name,
            ["部门"] = p.Department,
            ["岗位"] = "",
            ["级别"] = "",
        }));
        return stream.ToArray();
    }

    /// <summary>The rows of an exported spreadsheet, read back by MiniExcel with the first row as headers.</summary>
    public static List<IDictionary<string, object>> Read(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>()];
    }
}
