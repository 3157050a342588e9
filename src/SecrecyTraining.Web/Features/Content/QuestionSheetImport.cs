using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>A checked 题库 sheet: each row with its problems, and the problems of the file itself.</summary>
public sealed record QuestionSheetPreview(IReadOnlyList<QuestionSheetRow> Rows, IReadOnlyList<SheetProblem> FileProblems)
{
    public bool CanCommit => FileProblems.Count == 0 && Rows.Count > 0 && Rows.All(r => r.Problems.Count == 0);

    public IEnumerable<SheetProblem> Problems => FileProblems.Concat(Rows.SelectMany(r => r.Problems));
}

/// <summary>
/// Imports a 题库 from Excel or CSV (<see cref="QuestionSheet"/>): every row is checked — by the sheet's own rules and by the
/// content reader, as the question editor checks a form — and every problem named by its row before anything is written;
/// the commit saves all rows as questions changed in the page (new versions carrying the importer), in one transaction, or none.
/// </summary>
public sealed class QuestionSheetImport(AppDbContext db, QuestionEditor editor)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public const long MaxExpandedBytes = 200 * 1024 * 1024;

    private static readonly Dictionary<string, string> ColumnOfField = new()
    {
        [nameof(QuestionForm.Key)] = QuestionSheet.KeyColumn,
        [nameof(QuestionForm.Bank)] = QuestionSheet.BankColumn,
        [nameof(QuestionForm.Type)] = QuestionSheet.TypeColumn,
        [nameof(QuestionForm.Stem)] = QuestionSheet.StemColumn,
        [nameof(QuestionForm.Options)] = "选项",
        [nameof(QuestionForm.Correct)] = QuestionSheet.AnswerColumn,
        [nameof(QuestionForm.TrueFalse)] = QuestionSheet.AnswerColumn,
        [nameof(QuestionForm.BlankAnswers)] = QuestionSheet.AnswerColumn,
        [nameof(QuestionForm.Reference)] = QuestionSheet.AnswerColumn,
        [nameof(QuestionForm.Rubric)] = QuestionSheet.RubricColumn,
        [nameof(QuestionForm.Explanation)] = QuestionSheet.ExplanationColumn,
        [nameof(QuestionForm.Difficulty)] = QuestionSheet.DifficultyColumn,
        [nameof(QuestionForm.Clauses)] = QuestionSheet.ClausesColumn,
        [nameof(QuestionForm.Tags)] = QuestionSheet.TagsColumn,
    };

    public async Task<QuestionSheetPreview> PreviewAsync(byte[] content, string fileName, string? bank, CancellationToken ct = default)
    {
        if (content.Length > MaxBytes)
        {
            return new([], [new(Ui.Key("文件超过 {0} MB"), MaxBytes / 1024 / 1024)]);
        }

        var (sheet, problems) = Spreadsheet.Read(content, fileName, MaxExpandedBytes);
        if (problems.Count == 0)
        {
            problems = QuestionSheet.HeaderProblems(sheet);
        }

        if (problems.Count > 0)
        {
            return new([], problems);
        }

        var regulations = (await db.Regulations.AsNoTracking().Where(r => !r.IsRetired).Select(r => new { r.Id, r.Title }).ToListAsync(ct))
            .Select(r => new RegulationName(r.Id, NamesOf(r.Title))).ToList();
        var clauseIds = (await db.Clauses.AsNoTracking().Where(c => !c.IsRetired).Select(c => c.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var existingStems = await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Select(q => new { q.Key, q.Stem }).ToListAsync(ct);
        var rows = new List<QuestionSheetRow>();
        foreach (var row in QuestionSheet.Parse(sheet, bank, regulations, clauseIds))
        {
            var found = row.Problems.ToList();
            var existing = row.Form.Key is { } key ? await editor.LatestAsync(key, ct) : null;
            if (found.Count == 0 && existing is not null && row.Form.BaseVersion is { } based && based != existing.Version)
            {
                found.Add(new(Ui.Key("第 {0} 行：题目 {1} 已有第 {2} 版（文件中是第 {3} 版）：请重新导出后再修改"), row.Line, existing.Key, existing.Version, based));
            }

            if (found.Count == 0)
            {
                if (existingStems.FirstOrDefault(q => q.Stem == row.Form.Stem && q.Key != row.Form.Key) is { } same)
                {
                    found.Add(new(Ui.Key("第 {0} 行：题干与已有题目 {1} 相同"), row.Line, same.Key));
                }

                var (_, checkedProblems) = await editor.CheckAsync(row.Form, isNew: existing is null, ct);
                found.AddRange(checkedProblems.Where(p => !(existing is null && p.Field == nameof(QuestionForm.Key) && row.Form.Key is null))
                    .Select(p => new SheetProblem(Ui.Key("第 {0} 行（{1}）：{2}"), row.Line, ColumnOfField.GetValueOrDefault(p.Field, p.Field), p.Message)));
            }

            rows.Add(row with { Problems = found });
        }

        return new(rows, []);
    }

    /// <summary>Saves every row, or nothing when any row has a problem; returns the preview and the questions saved.</summary>
    public async Task<(QuestionSheetPreview Preview, IReadOnlyList<Domain.Question> Saved)> CommitAsync(
        byte[] content, string fileName, string? bank, string actor, CancellationToken ct = default)
    {
        var preview = await PreviewAsync(content, fileName, bank, ct);
        if (!preview.CanCommit)
        {
            return (preview, []);
        }

        var drafts = new List<QuestionDraft>();
        foreach (var row in preview.Rows)
        {
            var exists = row.Form.Key is { } key && await db.Questions.AnyAsync(q => q.Key == key, ct);
            drafts.Add(new QuestionDraft(exists ? row.Form.Key : null, row.Form));
        }

        var (saved, problems) = await editor.SaveAllAsync(drafts, actor, ct);
        if (saved.Count == 0)
        {
            var failed = preview.Rows.Select((r, i) => r with
            {
                Problems = [.. problems[i].Select(p => new SheetProblem(Ui.Key("第 {0} 行（{1}）：{2}"), r.Line, ColumnOfField.GetValueOrDefault(p.Field, p.Field), p.Message))],
            }).ToList();
            return (new QuestionSheetPreview(failed, []), []);
        }

        return (preview, saved);
    }

    /// <summary>The names a regulation goes by in 《…》: its title, without 中华人民共和国, and 保守国家秘密法 shortened to 保密法.</summary>
    private static IReadOnlyList<string> NamesOf(string title)
    {
        var shorter = title.Replace("中华人民共和国", "", StringComparison.Ordinal);
        return [.. new[] { title, shorter, shorter.Replace("保守国家秘密法", "保密法", StringComparison.Ordinal) }.Distinct()];
    }
}
