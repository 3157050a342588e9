using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Exams;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>One draw rule as the form holds it; a row left empty is no rule.</summary>
public sealed class DrawRuleForm
{
    public string? Bank { get; set; }

    /// <summary>Chapters or clauses, separated by commas, 、 or spaces (a chapter such as QD.3 takes every clause under it).</summary>
    public string? Clauses { get; set; }

    public QuestionType? Type { get; set; }

    public int? Count { get; set; }

    public decimal? Points { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Bank) && string.IsNullOrWhiteSpace(Clauses) && Type is null && Count is null && Points is null;

    public IReadOnlyList<string> ClauseIds() =>
        (Clauses ?? "").Split([',', '，', '、', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The blueprint editor's form (试卷策略).</summary>
public sealed partial class BlueprintForm
{
    public const int BlankRules = 3;

    public string? Id { get; set; }

    /// <summary>The version the form was filled from: a save is refused when someone changed the blueprint since.</summary>
    public int? BaseVersion { get; set; }

    public ExamKind Kind { get; set; } = ExamKind.Practice;

    public string? Title { get; set; }

    public int? TimeLimitMinutes { get; set; } = 30;

    /// <summary>Empty: the pass mark of the trainee's post level applies.</summary>
    public int? PassMarkPercent { get; set; }

    public int? MaxAttempts { get; set; } = 0;

    public int? CooldownMinutes { get; set; } = 0;

    public bool ShuffleQuestions { get; set; } = true;

    public bool ShuffleOptions { get; set; } = true;

    public bool PartialCredit { get; set; }

    public ReviewPolicy Review { get; set; } = ReviewPolicy.Responses;

    public string? CourseId { get; set; }

    public string? CertificationTypeId { get; set; }

    public int? ValidityMonths { get; set; }

    public List<DrawRuleForm> Rules { get; set; } = [];

    public static BlueprintForm From(ExamBlueprint e) => new()
    {
        Id = e.Id,
        BaseVersion = e.Version,
        Kind = e.Kind,
        Title = e.Title,
        TimeLimitMinutes = e.TimeLimitMinutes,
        PassMarkPercent = e.PassMarkPercent,
        MaxAttempts = e.MaxAttempts,
        CooldownMinutes = e.CooldownMinutes,
        ShuffleQuestions = e.ShuffleQuestions,
        ShuffleOptions = e.ShuffleOptions,
        PartialCredit = e.PartialCredit,
        Review = e.Review,
        CourseId = e.CourseId,
        CertificationTypeId = e.CertificationTypeId,
        ValidityMonths = e.ValidityMonths,
        Rules = [.. e.Rules.Select(r => new DrawRuleForm { Bank = r.Bank, Clauses = string.Join(", ", r.Clauses), Type = r.Type, Count = r.Count, Points = r.Points })],
    };

    /// <summary>Adds empty rows up to <see cref="BlankRules"/> after the last filled one.</summary>
    public BlueprintForm WithBlankRows()
    {
        while (Rules.Count > 0 && Rules[^1].IsEmpty)
        {
            Rules.RemoveAt(Rules.Count - 1);
        }

        for (var i = 0; i < BlankRules; i++)
        {
            Rules.Add(new DrawRuleForm());
        }

        return this;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    public static partial Regex IdPattern();
}

/// <summary>How many current questions one rule can draw from, in the 保密办's words when it is too few.</summary>
public sealed record RuleFeasibility(int Row, int Available, int Wanted, string Scope)
{
    public bool IsFeasible => Available >= Wanted;
}

/// <summary>A question of a sample paper, with its points and chapter.</summary>
public sealed record SampleQuestion(int Position, Question Question, IReadOnlyList<int> OptionOrder, decimal Points, string Chapter);

/// <summary>
/// Creates and changes exam blueprints in the page. The form is written as <c>exams/&lt;id&gt;.yaml</c> into the live
/// content and read back by the reader that checks content/ (<c>content validate</c>), each problem beside its field; every
/// rule shows how many questions it can draw from; a sample paper is drawn by the code that draws an attempt's paper. A save
/// raises the blueprint's version, is audited old → new, and marks it as edited in the page (an import keeps it unless approved).
/// Attempts keep what they froze at their start (questions, points, pass mark, review policy).
/// </summary>
public sealed class BlueprintEditor(AppDbContext db, ContentExport export, PaperDraw draw, TimeProvider clock, Audit.AuditLog audit)
{
    public Task<List<ExamBlueprint>> ListAsync(CancellationToken ct = default) =>
        db.ExamBlueprints.AsNoTracking().OrderBy(e => e.IsRetired).ThenBy(e => e.Kind).ThenBy(e => e.Id).ToListAsync(ct);

    public Task<ExamBlueprint?> FindAsync(string id, CancellationToken ct = default) =>
        db.ExamBlueprints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>What the form's pickers offer: banks, clauses (chapters first), courses, certification types.</summary>
    public async Task<BlueprintChoices> ChoicesAsync(CancellationToken ct = default) => new(
        await db.Questions.Where(q => q.IsCurrent).Select(q => q.Bank).Distinct().OrderBy(b => b).ToListAsync(ct),
        await db.Clauses.AsNoTracking().Where(c => !c.IsRetired).OrderBy(c => c.RegulationId).ThenBy(c => c.SortOrder).ToListAsync(ct),
        await db.Courses.AsNoTracking().Where(c => !c.IsRetired).OrderBy(c => c.Id).ToListAsync(ct),
        await db.CertificationTypes.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct));

    /// <summary>Checks the form; returns the blueprint it describes, or the problems by field (<c>Rules[2].Count</c> for a row's count).</summary>
    public async Task<(ExamBlueprint? Blueprint, IReadOnlyList<FieldProblem> Problems)> CheckAsync(BlueprintForm form, bool isNew, CancellationToken ct = default)
    {
        var problems = new List<FieldProblem>();
        var id = form.Id?.Trim() ?? "";
        if (isNew && !BlueprintForm.IdPattern().IsMatch(id))
        {
            problems.Add(new(nameof(form.Id), "试卷编号只能包含小写字母、数字和横线，以字母或数字开头，最多 64 个字符。"));
        }
        else if (isNew && await db.ExamBlueprints.AnyAsync(e => e.Id == id, ct))
        {
            problems.Add(new(nameof(form.Id), $"试卷编号 {id} 已存在。"));
        }

        int Required(int? value, string field)
        {
            if (value is null)
            {
                problems.Add(new(field, "请填写整数。"));
            }

            return value ?? 0;
        }

        var rows = form.Rules.Select((r, i) => (Rule: r, Row: i)).Where(r => !r.Rule.IsEmpty).ToList();
        var rules = new List<DrawRule>();
        foreach (var (rule, row) in rows)
        {
            if (rule.Count is null)
            {
                problems.Add(new($"Rules[{row}].Count", "请填写题数。"));
            }

            if (rule.Points is null)
            {
                problems.Add(new($"Rules[{row}].Points", "请填写每题分值。"));
            }

            rules.Add(new DrawRule(string.IsNullOrWhiteSpace(rule.Bank) ? null : rule.Bank.Trim(), rule.ClauseIds(), rule.Type, rule.Count ?? 1, rule.Points ?? 1));
        }

        var blueprint = new ExamBlueprint
        {
            Id = id.Length == 0 ? "new" : id,
            Kind = form.Kind,
            Title = form.Title?.Trim() ?? "",
            TimeLimitMinutes = Required(form.TimeLimitMinutes, nameof(form.TimeLimitMinutes)),
            PassMarkPercent = form.PassMarkPercent,
            MaxAttempts = Required(form.MaxAttempts, nameof(form.MaxAttempts)),
            CooldownMinutes = Required(form.CooldownMinutes, nameof(form.CooldownMinutes)),
            ShuffleQuestions = form.ShuffleQuestions,
            ShuffleOptions = form.ShuffleOptions,
            PartialCredit = form.PartialCredit,
            Review = form.Review,
            CourseId = string.IsNullOrWhiteSpace(form.CourseId) ? null : form.CourseId.Trim(),
            CertificationTypeId = string.IsNullOrWhiteSpace(form.CertificationTypeId) ? null : form.CertificationTypeId.Trim(),
            ValidityMonths = form.ValidityMonths,
            Rules = rules,
        };
        if (blueprint.Title.Length > 200)
        {
            problems.Add(new(nameof(form.Title), $"最多 200 个字符，现有 {blueprint.Title.Length} 个。"));
        }

        if (form.Title is null || blueprint.Title.Length == 0)
        {
            problems.Add(new(nameof(form.Title), "请填写试卷名称。"));
            blueprint.Title = "-"; // the reader would say the same less clearly
        }

        if (rows.Count == 0)
        {
            problems.Add(new(nameof(form.Rules), "试卷至少要有一条抽题规则。"));
        }

        var (yaml, fields) = BlueprintYaml.Write(blueprint);
        foreach (var p in await ContentChecks.ProblemsInAsync(export, new ContentFile(ContentExport.ExamPath(blueprint.Id), yaml), fields, ct: ct))
        {
            problems.Add(p with { Field = RuleRowField(p.Field, rows.Select(r => r.Row).ToList()) });
        }

        problems = [.. problems.DistinctBy(p => (p.Field, p.Message))];
        return problems.Count == 0 ? (blueprint, []) : (null, problems);
    }

    /// <summary>
    /// How many current questions each filled rule can draw from (a question drawn by an earlier rule is not drawn again,
    /// so the paper's draw goes rule by rule), with the rule's scope in words for "第三章单选只有 22 题，规则要 30 题".
    /// </summary>
    public async Task<IReadOnlyList<RuleFeasibility>> FeasibilityAsync(BlueprintForm form, CancellationToken ct = default)
    {
        var (tree, pool) = await PoolAsync(ct);
        var headings = await db.Clauses.AsNoTracking().Select(c => new { c.Id, c.Heading }).ToDictionaryAsync(c => c.Id, c => c.Heading, ct);
        var result = new List<RuleFeasibility>();
        for (var row = 0; row < form.Rules.Count; row++)
        {
            var rule = form.Rules[row];
            if (rule.IsEmpty)
            {
                continue;
            }

            var clauses = rule.ClauseIds();
            var bank = string.IsNullOrWhiteSpace(rule.Bank) ? null : rule.Bank.Trim();
            var available = pool.Count(q => DrawRules.Matches(bank, rule.Type, [.. clauses], q.Bank, q.Type, q.Clauses, tree));
            var scope = string.Join("、", clauses.Select(c => headings.TryGetValue(c, out var h) ? $"{c} {h}" : c));
            scope = (bank is null ? "" : $"题库 {bank} ") + (scope.Length == 0 ? "全部条款" : scope);
            result.Add(new RuleFeasibility(row, available, rule.Count ?? 0, scope));
        }

        return result;
    }

    /// <summary>A paper drawn as an attempt would draw it, for the 保密办 to look at; null when a rule cannot be filled.</summary>
    public async Task<IReadOnlyList<SampleQuestion>?> SampleAsync(ExamBlueprint blueprint, CancellationToken ct = default)
    {
        var drawn = await draw.DrawAsync(blueprint, ct);
        if (drawn is null)
        {
            return null;
        }

        var ids = drawn.Select(d => d.QuestionId).ToList();
        var questions = await db.Questions.AsNoTracking().Where(q => ids.Contains(q.Id)).Include(q => q.Clauses).ToDictionaryAsync(q => q.Id, ct);
        return [.. drawn.Select(d => new SampleQuestion(d.Position, questions[d.QuestionId], d.OptionOrder, d.Points, d.Chapter))];
    }

    /// <summary>Saves a new blueprint (<paramref name="id"/> null) or a new version of one; an unchanged form saves nothing.</summary>
    public async Task<(ExamBlueprint? Saved, bool Changed, IReadOnlyList<FieldProblem> Problems)> SaveAsync(
        string? id, BlueprintForm form, string actor, CancellationToken ct = default)
    {
        var current = id is null ? null : await db.ExamBlueprints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (id is not null && current is null)
        {
            return (null, false, [new(nameof(form.Id), $"试卷 {id} 不存在。")]);
        }

        if (current is not null)
        {
            form.Id = current.Id;
            if (form.BaseVersion is not { } based || based != current.Version)
            {
                return (null, false, [new("", $"试卷 {current.Id} 已被 {current.EditedBy ?? "导入"} 改为第 {current.Version} 版（此表单基于第 {form.BaseVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} 版）：请重新打开后再修改。")]);
            }
        }

        var (checkedBlueprint, problems) = await CheckAsync(form, isNew: current is null, ct);
        if (checkedBlueprint is null)
        {
            return (null, false, problems);
        }

        var before = current is null ? null : BlueprintYaml.Write(current).Yaml;
        var after = BlueprintYaml.Write(checkedBlueprint).Yaml;
        if (before == after)
        {
            return (current, false, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two saves of one version: the first moves the version on (and holds the row), the second finds it moved.
        if (current is not null && await db.ExamBlueprints.Where(e => e.Id == current.Id && e.Version == current.Version)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Version, e => e.Version), ct) == 0)
        {
            return (null, false, [new("", $"试卷 {current.Id} 刚被他人修改：请重新打开后再修改。")]);
        }

        var saved = current ?? db.ExamBlueprints.Add(new ExamBlueprint { Id = checkedBlueprint.Id, Title = checkedBlueprint.Title, Rules = [], Version = 0 }).Entity;
        var oldVersion = saved.Version;
        Copy(checkedBlueprint, saved);
        saved.Version = oldVersion + 1;
        (saved.EditedBy, saved.EditedAt, saved.IsRetired) = (actor, clock.GetUtcNow(), false);
        try
        {
            await audit.AppendAsync(actor, current is null ? "blueprint.created" : "blueprint.edited", $"exam:{saved.Id}",
                current is null ? $"version 1: {Summary(saved)}" : $"version {oldVersion} → {saved.Version}; {Changes(before!, after)}", ct);
        }
        catch (DbUpdateException) when (current is null)
        {
            return (null, false, [new(nameof(form.Id), $"试卷编号 {saved.Id} 已存在。")]); // created by someone else a moment ago
        }

        await transaction.CommitAsync(ct);
        return (saved, true, []);
    }

    private async Task<(ClauseTree Tree, List<(string Bank, QuestionType Type, List<string> Clauses)> Pool)> PoolAsync(CancellationToken ct)
    {
        var tree = await ClauseTree.LoadAsync(db, ct);
        var pool = (await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Include(q => q.Clauses).ToListAsync(ct))
            .Select(q => (q.Bank, q.Type, q.Clauses.Select(c => c.ClauseId).ToList())).ToList();
        return (tree, pool);
    }

    private static void Copy(ExamBlueprint from, ExamBlueprint to)
    {
        (to.Kind, to.Title, to.TimeLimitMinutes, to.PassMarkPercent, to.MaxAttempts, to.CooldownMinutes) =
            (from.Kind, from.Title, from.TimeLimitMinutes, from.PassMarkPercent, from.MaxAttempts, from.CooldownMinutes);
        (to.ShuffleQuestions, to.ShuffleOptions, to.PartialCredit, to.Review, to.CourseId, to.CertificationTypeId, to.ValidityMonths) =
            (from.ShuffleQuestions, from.ShuffleOptions, from.PartialCredit, from.Review, from.CourseId, from.CertificationTypeId, from.ValidityMonths);
        to.Rules = [.. from.Rules];
    }

    private static string Summary(ExamBlueprint e) =>
        $"{e.Kind} \"{e.Title}\", {e.Rules.Count} rules, {e.Rules.Sum(r => r.Count)} questions, {ContentYaml.Number(e.Rules.Sum(r => r.Count * r.Points))} points";

    /// <summary>Each setting that changed as "key: old → new", and the rules as "rule N: old → new".</summary>
    private static string Changes(string before, string after)
    {
        static List<string> Lines(string yaml) => [.. yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        static Dictionary<string, string> Settings(List<string> lines) => lines.TakeWhile(l => l != "rules:")
            .Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        static List<string> Rules(List<string> lines) => [.. string.Join("\n", lines.SkipWhile(l => l != "rules:").Skip(1))
            .Split("  - ", StringSplitOptions.RemoveEmptyEntries).Select(r => string.Join(" ", r.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim())))];

        var (b, a) = (Lines(before), Lines(after));
        var (sb, sa) = (Settings(b), Settings(a));
        var changes = sb.Keys.Union(sa.Keys)
            .Where(k => sb.GetValueOrDefault(k) != sa.GetValueOrDefault(k))
            .Select(k => $"{k}: {sb.GetValueOrDefault(k) ?? "-"} → {sa.GetValueOrDefault(k) ?? "-"}")
            .ToList();
        var (rb, ra) = (Rules(b), Rules(a));
        for (var i = 0; i < Math.Max(rb.Count, ra.Count); i++)
        {
            var (old, @new) = (i < rb.Count ? rb[i] : "-", i < ra.Count ? ra[i] : "-");
            if (old != @new)
            {
                changes.Add($"rule {i + 1}: {old} → {@new}");
            }
        }

        return string.Join("; ", changes);
    }

    /// <summary>The reader numbers rules among the filled rows; the form shows every row: <c>Rules[k]</c> of the file is row <c>rows[k]</c>.</summary>
    private static string RuleRowField(string field, List<int> rows)
    {
        var match = Regex.Match(field, @"^Rules\[(\d+)\]\.(.+)$");
        return match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var k && k < rows.Count
            ? $"Rules[{rows[k]}].{match.Groups[2].Value}"
            : field;
    }
}

public sealed record BlueprintChoices(IReadOnlyList<string> Banks, IReadOnlyList<Clause> Clauses, IReadOnlyList<Course> Courses, IReadOnlyList<CertificationType> CertificationTypes);
