using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>
/// One line of the annual report: classified staff now; how many earned a certification in the year (coverage); formal
/// exam attempts and passes in the year; 学时 of the year, online and offline (<see cref="Training.TrainingHours"/>), and of
/// them offline; staff on a post whose level requires more 学时 a year than they had in the year (exempt people aside);
/// open training overdue now; staff whose certification has expired now.
/// </summary>
public sealed record ReportLine(
    string Name, int Staff, int Trained, int Attempts, int Passed, decimal Hours, decimal OfflineHours, int ShortOfHours, int Overdue, int Expired)
{
    public decimal Coverage => Staff == 0 ? 0 : Math.Round(Trained * 100m / Staff, 1);

    public decimal PassRate => Attempts == 0 ? 0 : Math.Round(Passed * 100m / Attempts, 1);
}

/// <summary>An exam session (考试安排) that opened in the year: its examinees, how many sat it and how many passed.</summary>
public sealed record ReportSession(string Title, string Window, bool MakeUp, int Examinees, int Sat, int Passed);

/// <summary>An offline session (线下培训) held in the year and how many attended.</summary>
public sealed record ReportOfflineSession(string Title, OfflineTrainingKind Kind, DateOnly HeldOn, decimal Hours, int Attendees);

public sealed record AnnualReportData(
    int Year, DateTimeOffset GeneratedAt, IReadOnlyList<ReportLine> Departments, IReadOnlyList<ReportLine> Levels, ReportLine Total,
    IReadOnlyList<ReportSession> Sessions, IReadOnlyList<ReportOfflineSession> OfflineSessions);

/// <summary>
/// The annual secrecy-training report for the 保密办 (实施条例 第五十六条): coverage of classified staff, pass rates, hours,
/// overdue and expired, by department and by post level — as data, xlsx and PDF.
/// </summary>
public sealed class AnnualReport(AppDbContext db, ComplianceService compliance, Training.TrainingHours hours, TimeProvider clock, IConfiguration configuration)
{
    public async Task<AnnualReportData> BuildAsync(int year, CancellationToken ct = default)
    {
        // The year in China time; PostgreSQL takes UTC instants only.
        var start = LocalTime.StartOf(new DateOnly(year, 1, 1));
        var end = LocalTime.StartOf(new DateOnly(year + 1, 1, 1));
        var staff = (await compliance.StandingsAsync(null, fresh: true, ct)).Where(s => s.Status is not null).ToList();
        var trained = (await db.Certifications.AsNoTracking().Where(c => c.IssuedAt >= start && c.IssuedAt < end).Select(c => c.PersonId).ToListAsync(ct))
            .ToHashSet();
        var attempts = (await (from a in db.Attempts.AsNoTracking()
                               join e in db.ExamBlueprints on a.ExamId equals e.Id
                               where a.SubmittedAt >= start && a.SubmittedAt < end && e.Kind != ExamKind.Practice && !a.AwaitingGrading
                               select new { a.PersonId, a.Passed }).ToListAsync(ct))
            .ToLookup(a => a.PersonId);
        var yearHours = await hours.ByPersonAsync(year, ct: ct);

        ReportLine Line(string name, IEnumerable<PersonStanding> people)
        {
            var list = people.ToList();
            return new ReportLine(name, list.Count, list.Count(p => trained.Contains(p.PersonId)),
                list.Sum(p => attempts[p.PersonId].Count()), list.Sum(p => attempts[p.PersonId].Count(a => a.Passed == true)),
                list.Sum(p => yearHours.GetValueOrDefault(p.PersonId)?.Total ?? 0), list.Sum(p => yearHours.GetValueOrDefault(p.PersonId)?.Offline ?? 0),
                list.Count(p => p.RequiredHours > 0 && (yearHours.GetValueOrDefault(p.PersonId)?.Total ?? 0) < p.RequiredHours),
                list.Sum(p => p.Overdue), list.Count(p => p.Status == ComplianceStatus.Expired));
        }

        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        var sessions = await db.ExamSessions.AsNoTracking()
            .Where(x => x.Status == ExamSessionStatus.Published && x.OpensAt >= start && x.OpensAt < end)
            .OrderBy(x => x.OpensAt)
            .Select(x => new
            {
                Session = x,
                Examinees = db.SessionExaminees.Count(e => e.SessionId == x.Id),
                Sat = db.Attempts.Count(a => a.ExamSessionId == x.Id && (a.Status == AttemptStatus.Submitted || a.Status == AttemptStatus.Finalized)),
                Passed = db.Attempts.Count(a => a.ExamSessionId == x.Id && a.Passed == true),
            }).ToListAsync(ct);
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var offline = await db.OfflineSessions.AsNoTracking().Where(x => x.HeldOn >= first && x.HeldOn <= last).OrderBy(x => x.HeldOn).ThenBy(x => x.Id)
            .Select(x => new { x.Title, x.Kind, x.HeldOn, x.Hours, Attendees = db.OfflineAttendances.Count(a => a.SessionId == x.Id) }).ToListAsync(ct);
        return new AnnualReportData(year, clock.GetUtcNow(),
            [.. departments.Select(d => Line(d.Name, staff.Where(s => s.DepartmentId == d.Id)))],
            [.. Enum.GetValues<PostLevel>().Select(l => Line(l.ChineseName(), staff.Where(s => s.Level == l)))],
            Line("合计", staff),
            [.. sessions.Select(x => new ReportSession(x.Session.Title, Sessions.SessionService.Window(x.Session), x.Session.MakeUpOfId is not null, x.Examinees, x.Sat, x.Passed))],
            [.. offline.Select(x => new ReportOfflineSession(x.Title, x.Kind, x.HeldOn, x.Hours, x.Attendees))]);
    }

    /// <summary>The column names (zh-CN, also localization keys).</summary>
    public static readonly string[] Columns =
    [
        Ui.Key("涉密人员"), Ui.Key("年内取得证书"), Ui.Key("覆盖率%"), Ui.Key("考试人次"), Ui.Key("合格人次"), Ui.Key("合格率%"), Ui.Key("学时"), Ui.Key("其中线下学时"),
        Ui.Key("学时未达标"), Ui.Key("逾期未完成培训"), Ui.Key("证书已过期"),
    ];

    private static object[] Values(ReportLine l) => [l.Staff, l.Trained, l.Coverage, l.Attempts, l.Passed, l.PassRate, l.Hours, l.OfflineHours, l.ShortOfHours, l.Overdue, l.Expired];

    /// <summary>The values as shown on the page and in the PDF: percentages and hours with one decimal.</summary>
    public static IEnumerable<string> Shown(ReportLine l) =>
        Values(l).Select(v => v is decimal d ? d.ToString("0.0", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)!);

    /// <summary>Two sheets (按处室, 按涉密等级), each with a 合计 line.</summary>
    public static async Task WriteXlsxAsync(AnnualReportData report, Stream output, CancellationToken ct = default)
    {
        static IEnumerable<Dictionary<string, object>> Sheet(string first, IEnumerable<ReportLine> lines) => lines.Select(l =>
        {
            var row = new Dictionary<string, object> { [first] = Staff.StaffExport.Cell(l.Name) }; // a department named =… stays text
            foreach (var (column, value) in Columns.Zip(Values(l)))
            {
                row[column] = value;
            }

            return row;
        });

        var sheets = new Dictionary<string, object>
        {
            ["按处室"] = Sheet("处室", report.Departments.Append(report.Total)).ToList(),
            ["按涉密等级"] = Sheet("涉密等级", report.Levels.Append(report.Total)).ToList(),
            ["考试安排"] = report.Sessions.Select(x => new Dictionary<string, object>
            {
                ["考试"] = Staff.StaffExport.Cell(x.Title),
                ["考试时间"] = x.Window,
                ["补考"] = x.MakeUp ? "是" : "否",
                ["考生"] = x.Examinees,
                ["参考"] = x.Sat,
                ["合格"] = x.Passed,
            }).ToList(),
            ["线下培训"] = report.OfflineSessions.Select(x => new Dictionary<string, object>
            {
                ["日期"] = x.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["培训名称"] = Staff.StaffExport.Cell(x.Title),
                ["类型"] = OfflineTrainingKindNames.ChineseName(x.Kind),
                ["学时"] = x.Hours,
                ["出席人数"] = x.Attendees,
            }).ToList(),
        };
        await MiniExcelLibs.MiniExcel.SaveAsAsync(output, sheets, cancellationToken: ct);
    }

    /// <summary>A4 landscape, Chinese, both tables; the text can be extracted.</summary>
    public void WritePdf(AnnualReportData report, Stream output)
    {
        CertificatePdf.EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"{report.Year} 年度保密教育培训情况报告";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using var gfx = XGraphics.FromPdfPage(page);
        var organisation = configuration["Organisation:Name"] is { Length: > 0 } name ? name : "本单位";
        gfx.DrawString($"{organisation} {report.Year} 年度保密教育培训情况报告", CertificatePdf.Font(18, bold: true), XBrushes.Black,
            new XRect(0, 36, page.Width.Point, 24), XStringFormats.TopCenter);
        gfx.DrawString($"生成时间：{LocalTime.Format(report.GeneratedAt)}（涉密人员、逾期与过期为生成时的状态；取得证书、考试与学时为 {report.Year} 年内；学时未达标为在岗人员中年内学时少于所在岗位级别每年最低学时的人数）",
            CertificatePdf.Font(9), XBrushes.Gray, new XRect(0, 64, page.Width.Point, 14), XStringFormats.TopCenter);
        var y = DrawTable(gfx, 40, 92, "处室", report.Departments.Append(report.Total).ToList());
        y = DrawTable(gfx, 40, y + 20, "涉密等级", report.Levels.Append(report.Total).ToList());
        var sessions = $"考试安排 {report.Sessions.Count} 场（其中补考 {report.Sessions.Count(x => x.MakeUp)} 场），考生 {report.Sessions.Sum(x => x.Examinees)} 人次，参考 {report.Sessions.Sum(x => x.Sat)} 人次，合格 {report.Sessions.Sum(x => x.Passed)} 人次。";
        gfx.DrawString(sessions, CertificatePdf.Font(10), XBrushes.Black, 40, y + 24);
        var offline = $"线下培训 {report.OfflineSessions.Count} 场，出席 {report.OfflineSessions.Sum(x => x.Attendees)} 人次，"
                      + $"计 {report.OfflineSessions.Sum(x => x.Hours * x.Attendees).ToString("0.0", CultureInfo.InvariantCulture)} 学时。";
        gfx.DrawString(offline, CertificatePdf.Font(10), XBrushes.Black, 40, y + 40);
        document.Save(output, closeStream: false);
    }

    private static double DrawTable(XGraphics gfx, double x, double y, string first, IReadOnlyList<ReportLine> lines)
    {
        // Eleven columns across A4 landscape inside 40-point margins; headings of up to seven characters fit at 8 points.
        const double firstWidth = 90, width = 61, height = 18;
        var header = CertificatePdf.Font(8, bold: true);
        var body = CertificatePdf.Font(9);
        var pen = new XPen(XColors.Gray, 0.5);
        string[] headings = [first, .. Columns];
        for (var c = 0; c < headings.Length; c++)
        {
            var left = c == 0 ? x : x + firstWidth + ((c - 1) * width);
            var w = c == 0 ? firstWidth : width;
            gfx.DrawRectangle(pen, XBrushes.WhiteSmoke, left, y, w, height);
            gfx.DrawString(headings[c], header, XBrushes.Black, new XRect(left + 2, y, w - 4, height), XStringFormats.CenterLeft);
        }

        foreach (var line in lines)
        {
            y += height;
            string[] cells = [line.Name, .. Shown(line)];
            for (var c = 0; c < cells.Length; c++)
            {
                var left = c == 0 ? x : x + firstWidth + ((c - 1) * width);
                var w = c == 0 ? firstWidth : width;
                gfx.DrawRectangle(pen, left, y, w, height);
                gfx.DrawString(cells[c], c == 0 ? header : body, XBrushes.Black, new XRect(left + 2, y, w - 4, height),
                    c == 0 ? XStringFormats.CenterLeft : XStringFormats.CenterRight);
            }
        }

        return y + height;
    }
}
