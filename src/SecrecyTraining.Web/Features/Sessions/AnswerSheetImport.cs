using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>
/// Paper answer sheets keyed in as a spreadsheet: one row per sheet — 答卷编号, 工号, 姓名, then one column per question
/// (1, 2, …): the letters ticked (A, AC, A,C; full-width letters too), the blanks of a 填空 separated by |, the text of a
/// 简答. Every row is checked before anything is written; then each sheet is keyed in as on the key-in page.
/// </summary>
public sealed class AnswerSheetImport(AppDbContext db, SessionService sessions)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    private const long MaxExpandedBytes = 50 * 1024 * 1024;

    /// <summary>The sheet to fill in: a row for each examinee of the session who has not started online.</summary>
    public async Task<byte[]> TemplateAsync(int sessionId, int? viewerPersonId, CancellationToken ct = default)
    {
        var rows = await (from a in db.Attempts.AsNoTracking()
                          join p in db.People on a.PersonId equals p.Id
                          where a.ExamSessionId == sessionId && a.Status == AttemptStatus.NotStarted && a.PersonId != viewerPersonId
                          orderby p.EmployeeNumber
                          select new { a.Id, p.EmployeeNumber, p.Name, Questions = db.AttemptQuestions.Count(q => q.AttemptId == a.Id) }).ToListAsync(ct);
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Questions);
        var sheet = rows.Select(r =>
        {
            var row = new Dictionary<string, object>
            {
                ["答卷编号"] = r.Id,
                ["工号"] = Staff.StaffExport.Cell(r.EmployeeNumber),
                ["姓名"] = Staff.StaffExport.Cell(r.Name),
            };
            for (var i = 1; i <= width; i++)
            {
                row[i.ToString(CultureInfo.InvariantCulture)] = "";
            }

            return row;
        }).ToList();
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheet, cancellationToken: ct);
        return stream.ToArray();
    }

    /// <summary>
    /// Checks every row; with no problem, keys in each sheet and returns how many. A problem names its row; then nothing
    /// is written.
    /// </summary>
    public async Task<(int KeyedIn, IReadOnlyList<SheetProblem> Problems)> ImportAsync(
        int sessionId, byte[] content, string fileName, string actor, int? actorPersonId, CancellationToken ct = default)
    {
        var (rows, problems) = Spreadsheet.Read(content, fileName, MaxExpandedBytes);
        if (problems.Count > 0)
        {
            return (0, problems);
        }

        var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Include(a => a.Questions).ThenInclude(q => q.Question)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { Attempt = a, p.EmployeeNumber })
            .ToDictionaryAsync(a => a.Attempt.Id, ct);
        var found = new List<SheetProblem>();
        var sheets = new List<(int AttemptId, Dictionary<int, (IReadOnlyList<int> Selected, IReadOnlyList<string> Texts)> Answers)>();
        var seen = new HashSet<int>();
        foreach (var row in rows.Where(r => !r.IsEmpty))
        {
            var cell = (string name) => row.Cells.GetValueOrDefault(name)?.Trim() ?? "";
            if (!int.TryParse(cell("答卷编号"), CultureInfo.InvariantCulture, out var id) || !attempts.TryGetValue(id, out var target))
            {
                found.Add(new(Ui.Key("第 {0} 行：答卷编号“{1}”不是本场考试的答卷"), row.Line, cell("答卷编号")));
                continue;
            }

            if (!seen.Add(id))
            {
                found.Add(new(Ui.Key("第 {0} 行：答卷 {1} 在表中出现了两次"), row.Line, id));
                continue;
            }

            if (cell("工号") != target.EmployeeNumber)
            {
                found.Add(new(Ui.Key("第 {0} 行：答卷 {1} 是工号 {2} 的，表中写的是“{3}”"), row.Line, id, target.EmployeeNumber, cell("工号")));
                continue;
            }

            if (target.Attempt.Status != AttemptStatus.NotStarted)
            {
                found.Add(new(Ui.Key("第 {0} 行：答卷 {1} 已在线作答或已录入"), row.Line, id));
                continue;
            }

            if (target.Attempt.PersonId == actorPersonId)
            {
                found.Add(new(Ui.Key("第 {0} 行：答卷 {1} 是您本人的，须由其他保密办人员录入"), row.Line, id));
                continue;
            }

            var answers = new Dictionary<int, (IReadOnlyList<int>, IReadOnlyList<string>)>();
            foreach (var q in target.Attempt.Questions.OrderBy(q => q.Position))
            {
                var value = cell(q.Position.ToString(CultureInfo.InvariantCulture));
                var question = q.Question!;
                if (!question.Type.IsChoice())
                {
                    IReadOnlyList<string> texts = question.Type == QuestionType.FillBlank ? [.. value.Split('|').Select(t => t.Trim())] : [value];
                    if (question.Type == QuestionType.FillBlank && texts.Count > question.Blanks.Count)
                    {
                        found.Add(new(Ui.Key("第 {0} 行：第 {1} 题只有 {2} 个空，表中写了 {3} 个"), row.Line, q.Position, question.Blanks.Count, texts.Count));
                    }

                    answers[q.Position] = ([], value.Length == 0 ? [] : texts);
                    continue;
                }

                var letters = value.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant().Where(char.IsAsciiLetter).Distinct().ToList();
                if (value.Normalize(System.Text.NormalizationForm.FormKC).Any(c => !char.IsAsciiLetter(c) && c is not (',' or '，' or '、' or ' ' or ';')))
                {
                    found.Add(new(Ui.Key("第 {0} 行：第 {1} 题的答案“{2}”应为选项字母"), row.Line, q.Position, value));
                    continue;
                }

                var selected = letters.Select(l => l - 'A').ToList();
                if (selected.Any(i => i >= q.OptionOrder.Count))
                {
                    found.Add(new(Ui.Key("第 {0} 行：第 {1} 题没有选项“{2}”"), row.Line, q.Position, value));
                }
                else if (question.Type != QuestionType.Multiple && selected.Count > 1)
                {
                    found.Add(new(Ui.Key("第 {0} 行：第 {1} 题只能选一个答案"), row.Line, q.Position));
                }

                answers[q.Position] = (selected, []);
            }

            sheets.Add((id, answers));
        }

        if (found.Count > 0)
        {
            return (0, found);
        }

        if (sheets.Count == 0)
        {
            return (0, [new(Ui.Key("表中没有答卷"))]);
        }

        foreach (var (attemptId, answers) in sheets)
        {
            if (await sessions.KeyInAsync(sessionId, attemptId, answers, actor, actorPersonId, ct) is { } refusal)
            {
                found.Add(new(Ui.Key("答卷 {0}：{1}"), attemptId, refusal)); // changed since the check (someone keyed it in meanwhile)
            }
        }

        return (sheets.Count - found.Count, found);
    }
}
