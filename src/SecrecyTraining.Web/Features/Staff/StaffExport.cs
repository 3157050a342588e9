using System.Text;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Compliance;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Staff;

/// <summary>
/// The exported staff list: one row per person, Chinese column names. A cell that a spreadsheet would take for a formula
/// (starting with = + - @ or a tab) is prefixed with an apostrophe, so an exported name can never run as a formula.
/// </summary>
public static class StaffExport
{
    public static Dictionary<string, object?> Row(PersonStanding p) => new()
    {
        ["工号"] = Cell(p.EmployeeNumber),
        ["姓名"] = Cell(p.Name),
        ["处室"] = Cell(p.Department),
        ["涉密等级"] = p.Level?.ChineseName() ?? "",
        ["状态"] = p.Status is { } status ? ComplianceStatusNames.ChineseName(status) : "非涉密人员",
        ["证书有效期至"] = p.ValidUntil is { } until ? LocalTime.FormatDate(until) : "",
        ["逾期培训"] = p.Overdue,
        ["本年学时未达标"] = p.ShortOfHours ? $"{p.HoursThisYear.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}/{p.RequiredHours}" : "",
        ["豁免至"] = p.ExemptUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["涉密岗位"] = Cell(string.Join("、", p.Posts)),
    };

    public static string Cell(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static async Task WriteCsvAsync(IEnumerable<Dictionary<string, object?>> rows, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        var first = true;
        foreach (var row in rows)
        {
            if (first)
            {
                await writer.WriteLineAsync(string.Join(",", row.Keys.Select(Quote)));
                first = false;
            }

            await writer.WriteLineAsync(string.Join(",", row.Values.Select(v => Quote(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""))));
            ct.ThrowIfCancellationRequested();
        }
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
