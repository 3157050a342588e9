using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>One examinee's result: sat or not, score and share, pass, 切屏.</summary>
public sealed record ResultRow(Examinee Person, AttemptStatus Status, decimal? Score, decimal MaxScore, bool? Passed, bool AwaitingGrading, int FocusLosses, DateTimeOffset? SubmittedAt)
{
    public bool Sat => Status is AttemptStatus.Submitted or AttemptStatus.Finalized;

    /// <summary>The score as a share of the paper (0–100), when it has one.</summary>
    public decimal? Percent => Score is { } s && MaxScore > 0 ? Math.Round(s * 100 / MaxScore, 1) : null;
}

/// <summary>Participation and passes of a group (a department, or everyone).</summary>
public sealed record ResultGroup(string Name, int Examinees, int Sat, int Passed, decimal? AveragePercent)
{
    public decimal Participation => Examinees == 0 ? 0 : Math.Round(Sat * 100m / Examinees, 1);

    /// <summary>Passes among those who sat it.</summary>
    public decimal PassRate => Sat == 0 ? 0 : Math.Round(Passed * 100m / Sat, 1);

    public static ResultGroup Of(string name, IReadOnlyCollection<ResultRow> rows)
    {
        var scored = rows.Where(r => r.Percent is not null).ToList();
        return new(name, rows.Count, rows.Count(r => r.Sat), rows.Count(r => r.Passed == true),
            scored.Count == 0 ? null : Math.Round(scored.Average(r => r.Percent!.Value), 1));
    }
}

/// <summary>How a chapter went: the share of its points earned over every graded paper of the session.</summary>
public sealed record ChapterResult(string Chapter, string Name, decimal Points, decimal Awarded)
{
    public decimal Percent => Points == 0 ? 0 : Math.Round(Awarded * 100 / Points, 1);
}

public sealed record SessionResultsData(
    ExamSession Session, IReadOnlyList<ResultRow> Rows, ResultGroup Total, IReadOnlyList<ResultGroup> Departments,
    IReadOnlyList<int> Histogram, IReadOnlyList<ChapterResult> Chapters);

/// <summary>
/// A session's results (考试结果): participation and pass rate overall and per department, the score distribution in
/// ten bands (0–9 % … 90–100 %), and per chapter; as a page and as xlsx.
/// </summary>
public sealed class SessionResults(AppDbContext db)
{
    public async Task<SessionResultsData?> BuildAsync(int sessionId, CancellationToken ct = default)
    {
        var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }

        var rows = await (from e in db.SessionExaminees.AsNoTracking()
                          join a in db.Attempts on e.AttemptId equals a.Id
                          join p in db.People on e.PersonId equals p.Id
                          join d in db.Departments on p.DepartmentId equals d.Id
                          where e.SessionId == sessionId
                          orderby d.SortOrder, d.Name, p.EmployeeNumber
                          select new ResultRow(new Examinee(p.Id, p.EmployeeNumber, p.Name, d.Name), a.Status, a.Score, a.MaxScore, a.Passed,
                              a.AwaitingGrading, a.FocusLosses, a.SubmittedAt)).ToListAsync(ct);
        var histogram = new int[10];
        foreach (var percent in rows.Where(r => r.Percent is not null).Select(r => r.Percent!.Value))
        {
            histogram[Math.Min(9, (int)(percent / 10))]++;
        }

        // Summed here, not in SQL: SQLite cannot add decimals.
        var chapterPoints = (await (from q in db.AttemptQuestions.AsNoTracking()
                                    join a in db.Attempts on q.AttemptId equals a.Id
                                    join r in db.Responses on new { q.AttemptId, q.Position } equals new { r.AttemptId, r.Position }
                                    where a.ExamSessionId == sessionId && a.Score != null
                                    select new { q.Chapter, q.Points, r.Awarded }).ToListAsync(ct))
            .GroupBy(x => x.Chapter).Select(g => new { Chapter = g.Key, Points = g.Sum(x => x.Points), Awarded = g.Sum(x => x.Awarded ?? 0) }).ToList();
        var ids = chapterPoints.Select(c => c.Chapter).ToList();
        var names = await (from c in db.Clauses.AsNoTracking()
                           join reg in db.Regulations on c.RegulationId equals reg.Id
                           where ids.Contains(c.Id)
                           select new { c.Id, Name = reg.Title + " · " + c.Heading }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var regulations = await db.Regulations.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, ct);
        return new SessionResultsData(session, rows, ResultGroup.Of(Ui.Key("合计"), rows),
            [.. rows.GroupBy(r => r.Person.Department).Select(g => ResultGroup.Of(g.Key, [.. g]))],
            histogram,
            [.. chapterPoints.OrderBy(c => c.Chapter, StringComparer.Ordinal)
                .Select(c => new ChapterResult(c.Chapter, names.GetValueOrDefault(c.Chapter) ?? regulations.GetValueOrDefault(c.Chapter) ?? c.Chapter, c.Points, c.Awarded))]);
    }

    /// <summary>Three sheets: 成绩 (one row per examinee), 按处室 (with 合计), 按章节.</summary>
    public static async Task WriteXlsxAsync(SessionResultsData data, Stream output, CancellationToken ct = default)
    {
        static string Cell(string text) => Staff.StaffExport.Cell(text);
        var sheets = new Dictionary<string, object>
        {
            ["成绩"] = data.Rows.Select(r => new Dictionary<string, object?>
            {
                ["工号"] = Cell(r.Person.EmployeeNumber),
                ["姓名"] = Cell(r.Person.Name),
                ["处室"] = Cell(r.Person.Department),
                ["状态"] = StatusName(r),
                ["得分"] = r.Score,
                ["满分"] = r.MaxScore,
                ["得分率%"] = r.Percent,
                ["结果"] = r.Passed switch { true => "合格", false => "不合格", _ => "" },
                ["切屏次数"] = r.FocusLosses,
                ["交卷时间"] = r.SubmittedAt is { } at ? LocalTime.Format(at) : "",
            }).ToList(),
            ["按处室"] = data.Departments.Append(data.Total).Select(g => new Dictionary<string, object?>
            {
                ["处室"] = Cell(g.Name),
                ["考生"] = g.Examinees,
                ["参考"] = g.Sat,
                ["参考率%"] = g.Participation,
                ["合格"] = g.Passed,
                ["合格率%"] = g.PassRate,
                ["平均得分率%"] = g.AveragePercent,
            }).ToList(),
            ["按章节"] = data.Chapters.Select(c => new Dictionary<string, object?>
            {
                ["章节"] = Cell(c.Name),
                ["满分合计"] = c.Points,
                ["得分合计"] = c.Awarded,
                ["得分率%"] = c.Percent,
            }).ToList(),
        };
        await MiniExcelLibs.MiniExcel.SaveAsAsync(output, sheets, cancellationToken: ct);
    }

    /// <summary>The examinee's state as the results list says it (zh-CN, also the localization key).</summary>
    public static string StatusName(ResultRow r) => r.Status switch
    {
        AttemptStatus.NotStarted => Ui.Key("缺考"),
        AttemptStatus.InProgress => Ui.Key("作答中"),
        _ when r.AwaitingGrading => Ui.Key("待阅卷"),
        AttemptStatus.Finalized => Ui.Key("已收卷"),
        _ => Ui.Key("已交卷"),
    };
}
