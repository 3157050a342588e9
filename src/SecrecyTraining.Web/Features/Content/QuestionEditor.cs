using System.Text;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content.Reading;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The question editor's form: what the 保密办 types for one question.</summary>
public sealed class QuestionForm
{
    public const int OptionSlots = 10; // A–J, as many as a bank file may have

    /// <summary>The question's id; typed for a new question (or left empty to number it in its bank), fixed once saved.</summary>
    public string? Key { get; set; }

    /// <summary>The version the form was filled from: a save is refused when someone saved a newer one since.</summary>
    public int? BaseVersion { get; set; }

    public string? Bank { get; set; }

    public QuestionType Type { get; set; } = QuestionType.Single;

    public string? Stem { get; set; }

    public List<string?> Options { get; set; } = [];

    /// <summary>The indexes of the correct options of a choice question.</summary>
    public List<int> Correct { get; set; } = [];

    /// <summary>The answer of a 判断 question: true 正确, false 错误.</summary>
    public bool? TrueFalse { get; set; }

    public string? Explanation { get; set; }

    /// <summary>A 填空 question's answers: one line per blank of the stem, alternatives separated by ; (as the Excel import's |).</summary>
    public string? BlankAnswers { get; set; }

    /// <summary>Whether a 填空 answer forgives full-width/half-width forms, case and spaces.</summary>
    public bool NormalizeAnswers { get; set; } = true;

    /// <summary>A 简答 question's reference answer and rubric.</summary>
    public string? Reference { get; set; }

    public string? Rubric { get; set; }

    public int Difficulty { get; set; } = 2;

    /// <summary>Tags separated by commas or 、.</summary>
    public string? Tags { get; set; }

    /// <summary>Clause ids separated by commas, 、 or spaces.</summary>
    public string? Clauses { get; set; }

    public static QuestionForm From(Question q) => new()
    {
        Key = q.Key,
        BaseVersion = q.Version,
        Bank = q.Bank,
        Type = q.Type,
        Stem = q.Stem,
        Options = q.Type is QuestionType.Single or QuestionType.Multiple ? [.. q.Options.Select(o => (string?)o.Text)] : [],
        Correct = q.Type is QuestionType.Single or QuestionType.Multiple ? [.. q.Correct] : [],
        TrueFalse = q.Type == QuestionType.TrueFalse ? q.Correct.SequenceEqual([0]) : null,
        Explanation = q.Explanation,
        BlankAnswers = string.Join("\n", q.Blanks.Select(b => string.Join("; ", b))),
        NormalizeAnswers = q.NormalizeAnswers,
        Reference = q.ReferenceAnswer,
        Rubric = q.Rubric,
        Difficulty = q.Difficulty,
        Tags = q.Tags.Replace(",", ", ", StringComparison.Ordinal),
        Clauses = string.Join(", ", q.Clauses.Select(c => c.ClauseId).Order(StringComparer.Ordinal)),
    };

    public IReadOnlyList<string> ClauseIds() => Split(Clauses, ' ');

    public IReadOnlyList<string> TagList() => Split(Tags);

    private static string[] Split(string? text, char also = ',') =>
        (text ?? "").Split([',', '，', '、', ';', '；', also], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One question to save: <see cref="EditKey"/> names the question it makes a new version of (null: a new question).</summary>
public sealed record QuestionDraft(string? EditKey, QuestionForm Form);

/// <summary>A problem with the form, beside its field (<see cref="Field"/> is the form's property name).</summary>
public sealed record FieldProblem(string Field, string Message);

public static class FieldProblems
{
    /// <summary>Puts each problem beside its field, as the editors' views show them.</summary>
    public static void AddTo(this IEnumerable<FieldProblem> problems, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        foreach (var p in problems)
        {
            modelState.AddModelError(p.Field, p.Message);
        }
    }
}

/// <summary>
/// Creates, edits (a new version), retires and restores questions in the page. A question is checked by the very reader
/// that checks content/ (<c>content validate</c>): the form is written as one question of a YAML bank, one key per line,
/// and each problem the reader reports is put beside the field on its line. Every change is audited in its transaction.
/// Versions made here carry <see cref="Question.EditedBy"/>; a later import of content/ leaves them alone unless approved.
/// </summary>
public sealed class QuestionEditor(AppDbContext db, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>The banks questions can be put in (those in use, and the form's own).</summary>
    public Task<List<string>> BanksAsync(CancellationToken ct = default) =>
        db.Questions.Select(q => q.Bank).Distinct().OrderBy(b => b).ToListAsync(ct);

    /// <summary>The current clauses, for the clause picker: id and heading.</summary>
    public Task<List<Clause>> ClausesAsync(CancellationToken ct = default) =>
        db.Clauses.AsNoTracking().Where(c => !c.IsRetired).OrderBy(c => c.RegulationId).ThenBy(c => c.SortOrder).ToListAsync(ct);

    /// <summary>The newest version of a question, current or retired.</summary>
    public Task<Question?> LatestAsync(string key, CancellationToken ct = default) =>
        db.Questions.Include(q => q.Clauses).Where(q => q.Key == key).OrderByDescending(q => q.Version).FirstOrDefaultAsync(ct);

    /// <summary>Checks the form as content/ would be checked; returns the question it describes, or the problems by field.</summary>
    public async Task<(QuestionDoc? Doc, IReadOnlyList<FieldProblem> Problems)> CheckAsync(QuestionForm form, bool isNew, CancellationToken ct = default)
    {
        var problems = new List<FieldProblem>();
        var bank = form.Bank?.Trim() ?? "";
        if (bank.Length == 0)
        {
            problems.Add(new(nameof(form.Bank), "请填写题库。"));
        }

        var key = form.Key?.Trim() ?? "";
        if (isNew && key.Length == 0 && bank.Length > 0)
        {
            key = await NextKeyAsync(bank, new HashSet<string>(), ct);
        }

        if (isNew && key.Length > 0 && await db.Questions.AnyAsync(q => q.Key == key, ct))
        {
            problems.Add(new(nameof(form.Key), $"题目编号 {key} 已存在。"));
        }

        var (yaml, fields) = Yaml(form, key.Length == 0 ? "new" : key, bank.Length == 0 ? "bank" : bank);
        var context = new ReadContext();
        var doc = QuestionBankReader.Read(new ContentFile("questions/editor.yaml", yaml), context).SingleOrDefault();

        problems.AddRange(context.Problems.Select(p => new FieldProblem(fields.GetValueOrDefault(p.Where.Line, nameof(form.Stem)), p.Message)));

        foreach (var (field, value, max) in new[] { (nameof(form.Key), key, 100), (nameof(form.Bank), bank, 100), (nameof(form.Tags), string.Join(',', form.TagList()), 500) })
        {
            if (value.Length > max)
            {
                problems.Add(new(field, $"最多 {max} 个字符，现有 {value.Length} 个。"));
            }
        }

        var clauseIds = form.ClauseIds();
        if (clauseIds.Count == 0)
        {
            problems.Add(new(nameof(form.Clauses), "题目须引用至少一条条款（它考的是哪一条）。"));
        }
        else
        {
            var known = await db.Clauses.Where(c => clauseIds.Contains(c.Id) && !c.IsRetired).Select(c => c.Id).ToListAsync(ct);
            problems.AddRange(clauseIds.Except(known).Select(c => new FieldProblem(nameof(form.Clauses), $"引用的条款 {c} 不存在。")));
        }

        return problems.Count == 0 ? (doc, []) : (null, problems);
    }

    /// <summary>Saves a new question or a new version of <paramref name="key"/>; an unchanged form only clears 待复核.</summary>
    public async Task<(Question? Saved, IReadOnlyList<FieldProblem> Problems)> SaveAsync(string? key, QuestionForm form, string actor, CancellationToken ct = default)
    {
        var (saved, problems) = await SaveAllAsync([new QuestionDraft(key, form)], actor, ct);
        return saved.Count == 1 ? (saved[0], []) : (null, problems[0]);
    }

    /// <summary>
    /// Checks every draft, then saves all of them in one transaction with their audit entries, or none when any has a
    /// problem (the problems are returned per draft). A draft without an id is numbered in its bank.
    /// </summary>
    public async Task<(IReadOnlyList<Question> Saved, IReadOnlyList<IReadOnlyList<FieldProblem>> Problems)> SaveAllAsync(
        IReadOnlyList<QuestionDraft> drafts, string actor, CancellationToken ct = default)
    {
        var problems = new List<IReadOnlyList<FieldProblem>>();
        var checkedDrafts = new List<(Question? Current, QuestionDoc? Doc, QuestionForm Form)>();
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, form) in drafts)
        {
            var current = key is null ? null : await LatestAsync(key, ct);
            if (key is not null && current is null)
            {
                problems.Add([new(nameof(form.Key), $"题目 {key} 不存在。")]);
                checkedDrafts.Add((null, null, form));
                continue;
            }

            if (current is not null && form.BaseVersion is { } based && based != current.Version)
            {
                problems.Add([new(nameof(form.Key), $"题目 {current.Key} 已被 {current.EditedBy ?? "导入"} 改为第 {current.Version} 版（此表单基于第 {based} 版）：请重新打开后再修改。")]);
                checkedDrafts.Add((current, null, form));
                continue;
            }

            if (current is not null)
            {
                form.Key = current.Key; // the id is fixed once saved
            }
            else if (string.IsNullOrWhiteSpace(form.Key) && !string.IsNullOrWhiteSpace(form.Bank))
            {
                form.Key = await NextKeyAsync(form.Bank.Trim(), reserved, ct);
            }

            var (doc, found) = await CheckAsync(form, isNew: current is null, ct);
            if (form.Key is { } id && !reserved.Add(id.Trim()))
            {
                found = [.. found, new(nameof(form.Key), $"题目编号 {id} 重复。")];
                doc = null;
            }

            problems.Add(found);
            checkedDrafts.Add((current, doc, form));
        }

        if (problems.Any(p => p.Count > 0))
        {
            return ([], problems);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var saved = new List<Question>();
        var records = new List<Audit.AuditRecord>();
        foreach (var (current, checkedDoc, form) in checkedDrafts)
        {
            // An option whose text is unchanged keeps its feedback (the form does not show it; GIFT banks have it).
            var doc = checkedDoc! with
            {
                Options = [.. checkedDoc.Options.Select((o, i) => current is not null && i < current.Options.Count && current.Options[i].Text == o.Text ? current.Options[i] : o)],
            };
            if (current is not null && ContentImporter.SameContent(ContentImporter.ToDoc(current), doc))
            {
                current.NeedsReview = false;
                records.Add(new(actor, "question.reviewed", $"question:{current.Key}", $"version {current.Version} saved unchanged"));
                saved.Add(current);
                continue;
            }

            var question = ContentImporter.NewVersion(doc, (current?.Version ?? 0) + 1, importId: null, editedBy: actor, editedAt: now);
            if (current is not null)
            {
                (current.IsCurrent, current.RetiredBy, current.RetiredAt) = (false, null, null);
            }

            db.Questions.Add(question);
            records.Add(new(actor, current is null ? "question.created" : "question.edited", $"question:{question.Key}",
                current is null ? $"version 1 in {question.Bank}" : $"version {current.Version} → {question.Version}"));
            saved.Add(question);
        }

        await audit.AppendAsync(records, ct); // saves the versions with their entries
        await transaction.CommitAsync(ct);
        return (saved, problems);
    }

    /// <summary>Takes the question out of the bank (no exam draws it; attempts keep the versions they used), or puts it back.</summary>
    public async Task<Question?> SetRetiredAsync(string key, bool retired, string actor, CancellationToken ct = default)
    {
        var latest = await LatestAsync(key, ct);
        if (latest is null || latest.IsCurrent != retired)
        {
            return null;
        }

        latest.IsCurrent = !retired;
        latest.RetiredBy = retired ? actor : null;
        latest.RetiredAt = retired ? clock.GetUtcNow() : null;
        await audit.AppendAsync(actor, retired ? "question.retired" : "question.restored", $"question:{key}", $"version {latest.Version}", ct);
        return latest;
    }

    /// <summary>The next free id of the form <c>&lt;bank&gt;-NNN</c>, not among <paramref name="reserved"/> either.</summary>
    private async Task<string> NextKeyAsync(string bank, HashSet<string> reserved, CancellationToken ct)
    {
        var prefix = new string([.. bank.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')]);
        prefix = prefix.Length == 0 ? "q" : prefix;
        var taken = await db.Questions.Where(q => q.Key.StartsWith(prefix + "-")).Select(q => q.Key).Distinct().ToListAsync(ct);
        for (var n = taken.Count + 1; ; n++)
        {
            var candidate = $"{prefix}-{n:D3}";
            if (!taken.Contains(candidate) && !reserved.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>The form as a one-question YAML bank, one key per line, and which form field each line holds.</summary>
    private static (string Yaml, Dictionary<int, string> Fields) Yaml(QuestionForm form, string key, string bank)
    {
        var lines = new List<(string Text, string Field)>
        {
            ($"bank: {Quote(bank)}", nameof(form.Bank)),
            ("title: \"editor\"", nameof(form.Bank)),
            ("questions:", nameof(form.Bank)),
            ($"  - id: {Quote(key)}", nameof(form.Key)),
            ($"    type: {form.Type.ToString().ToLowerInvariant()}", nameof(form.Type)),
            ($"    stem: {Quote(form.Stem?.Trim() ?? "")}", nameof(form.Stem)),
        };
        if (form.Type == QuestionType.FillBlank)
        {
            lines.Add(("    blanks:", nameof(form.BlankAnswers)));
            foreach (var blank in (form.BlankAnswers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                lines.Add(($"      - {Quote(blank)}", nameof(form.BlankAnswers)));
            }

            lines.Add(($"    normalize: {(form.NormalizeAnswers ? "true" : "false")}", nameof(form.BlankAnswers)));
        }
        else if (form.Type == QuestionType.ShortAnswer)
        {
            lines.Add(($"    reference: {Quote(form.Reference?.Trim() ?? "")}", nameof(form.Reference)));
            if (!string.IsNullOrWhiteSpace(form.Rubric))
            {
                lines.Add(($"    rubric: {Quote(form.Rubric.Trim())}", nameof(form.Rubric)));
            }
        }
        else if (form.Type == QuestionType.TrueFalse)
        {
            lines.Add(($"    answer: {(form.TrueFalse is { } answer ? (answer ? "true" : "false") : "\"\"")}", nameof(form.TrueFalse)));
        }
        else
        {
            var options = form.Options.Select(o => o?.Trim() ?? "").ToList();
            while (options.Count > 0 && options[^1].Length == 0)
            {
                options.RemoveAt(options.Count - 1); // the empty slots after the last option
            }

            lines.Add(($"    options: [{string.Join(", ", options.Select(Quote))}]", nameof(form.Options)));
            var letters = form.Correct.Where(i => i >= 0 && i < QuestionOption.Letters.Length).Order().Select(i => QuestionOption.Letters[i].ToString());
            lines.Add(($"    answer: [{string.Join(", ", letters)}]", nameof(form.Correct)));
        }

        if (!string.IsNullOrWhiteSpace(form.Explanation))
        {
            lines.Add(($"    explanation: {Quote(form.Explanation.Trim())}", nameof(form.Explanation))); // optional, as in a GIFT bank
        }

        lines.Add(($"    clauses: [{string.Join(", ", form.ClauseIds().Select(Quote))}]", nameof(form.Clauses)));
        lines.Add(($"    difficulty: {form.Difficulty}", nameof(form.Difficulty)));
        lines.Add(($"    tags: [{string.Join(", ", form.TagList().Select(Quote))}]", nameof(form.Tags)));
        var yaml = new StringBuilder();
        foreach (var (text, _) in lines)
        {
            yaml.Append(text).Append('\n');
        }

        return (yaml.ToString(), lines.Select((l, i) => (Line: i + 1, l.Field)).ToDictionary(l => l.Line, l => l.Field));
    }

    private static string Quote(string text) => ContentYaml.Quote(text);
}
