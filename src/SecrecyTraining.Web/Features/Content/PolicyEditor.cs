using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The policy editor's form for one post level.</summary>
public sealed class LevelPolicyForm
{
    public List<string> RequiredCertifications { get; set; } = [];

    public CertificationCycle Cycle { get; set; }

    /// <summary>The calendar cycle's day, <c>MM-dd</c>; not read in a rolling cycle.</summary>
    public string? DueMonthDay { get; set; }

    /// <summary>Not read in a calendar cycle (one year).</summary>
    public int? RefresherMonths { get; set; }

    public int? RecertificationWindowDays { get; set; }

    public int? GraceDays { get; set; }

    public int? PassMarkPercent { get; set; }

    public int? DecryptionPeriodMonths { get; set; }

    public int? OnboardingDueDays { get; set; }

    /// <summary>学时 a year a person on the level must reach; 0: none.</summary>
    public int? MinimumAnnualHours { get; set; }

    /// <summary>The policy as the form was filled from it: a save over someone else's newer change is refused.</summary>
    public string? Before { get; set; }

    public static LevelPolicyForm From(PostLevelPolicy p) => new()
    {
        RequiredCertifications = [.. p.RequiredCertifications.Split(',', StringSplitOptions.RemoveEmptyEntries)],
        Cycle = p.Cycle,
        DueMonthDay = p.DueMonthDay,
        RefresherMonths = p.RefresherMonths,
        RecertificationWindowDays = p.RecertificationWindowDays,
        GraceDays = p.GraceDays,
        PassMarkPercent = p.PassMarkPercent,
        DecryptionPeriodMonths = p.DecryptionPeriodMonths,
        OnboardingDueDays = p.OnboardingDueDays,
        MinimumAnnualHours = p.MinimumAnnualHours,
        Before = ContentImporter.Describe(p),
    };
}

/// <summary>
/// Changes a post level's policy in the page. The form is written into the live policy.yaml and read back by the reader
/// that checks content/, so the page refuses exactly what <c>content validate</c> refuses, each problem beside its field.
/// A change is audited old → new in its transaction and marks the level as edited in the page (an import keeps it).
/// It applies from then on: pass marks of exams started later, validity of certificates issued later, 脱密期 of posts left later.
/// </summary>
public sealed class PolicyEditor(AppDbContext db, ContentExport export, TimeProvider clock, Audit.AuditLog audit)
{
    public async Task<(IReadOnlyList<CertificationType> Types, IReadOnlyList<PostLevelPolicy> Levels)> LoadAsync(CancellationToken ct = default) =>
        (await db.CertificationTypes.AsNoTracking().OrderBy(t => t.Renews != null).ThenBy(t => t.Id).ToListAsync(ct),
         await db.PostLevelPolicies.AsNoTracking().OrderBy(p => p.Level).ToListAsync(ct));

    /// <summary>Saves <paramref name="form"/> for <paramref name="level"/>; returns whether it changed anything, or the problems by field.</summary>
    public async Task<(bool Changed, IReadOnlyList<FieldProblem> Problems)> SaveAsync(PostLevel level, LevelPolicyForm form, string actor, CancellationToken ct = default)
    {
        var current = await db.PostLevelPolicies.SingleOrDefaultAsync(p => p.Level == level, ct);
        if (current is null)
        {
            return (false, [new("", $"岗位级别 {level.ChineseName()} 没有策略。")]);
        }

        var before = ContentImporter.Describe(current);
        if (form.Before != before)
        {
            return (false, [new("", $"{level.ChineseName()}岗位的策略已被 {current.EditedBy ?? "导入"} 修改：请重新打开后再改。")]);
        }

        var problems = new List<FieldProblem>();
        int Value(int? value, string field)
        {
            if (value is null)
            {
                problems.Add(new(field, "请填写整数。"));
            }

            return value ?? 0;
        }

        var edited = new PostLevelPolicy
        {
            Level = level,
            RequiredCertifications = string.Join(',', form.RequiredCertifications.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct()),
            Cycle = form.Cycle,
            DueMonthDay = form.Cycle == CertificationCycle.Calendar ? form.DueMonthDay?.Trim() ?? "" : null,
            RefresherMonths = form.Cycle == CertificationCycle.Calendar ? 12 : Value(form.RefresherMonths, nameof(form.RefresherMonths)),
            RecertificationWindowDays = Value(form.RecertificationWindowDays, nameof(form.RecertificationWindowDays)),
            GraceDays = Value(form.GraceDays, nameof(form.GraceDays)),
            PassMarkPercent = Value(form.PassMarkPercent, nameof(form.PassMarkPercent)),
            DecryptionPeriodMonths = Value(form.DecryptionPeriodMonths, nameof(form.DecryptionPeriodMonths)),
            OnboardingDueDays = Value(form.OnboardingDueDays, nameof(form.OnboardingDueDays)),
            MinimumAnnualHours = Value(form.MinimumAnnualHours, nameof(form.MinimumAnnualHours)),
        };
        if (problems.Count > 0)
        {
            return (false, problems);
        }

        var (types, levels) = await LoadAsync(ct);
        var (yaml, fields) = PolicyYaml.Write(types, levels.Select(l => l.Level == level ? edited : l));
        problems.AddRange(await ContentChecks.ProblemsInAsync(export, new ContentFile("policy.yaml", yaml), fields, level + ".", ct));
        if (problems.Count > 0)
        {
            return (false, problems);
        }

        var after = ContentImporter.Describe(edited);
        if (after == before)
        {
            return (false, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two saves from one page: the first changes the row (and holds it), the second finds it no longer as it read it.
        var unchanged = await db.PostLevelPolicies.Where(p => p.Level == level && p.RequiredCertifications == current.RequiredCertifications
                && p.Cycle == current.Cycle && p.DueMonthDay == current.DueMonthDay && p.GraceDays == current.GraceDays
                && p.RefresherMonths == current.RefresherMonths && p.RecertificationWindowDays == current.RecertificationWindowDays
                && p.PassMarkPercent == current.PassMarkPercent && p.DecryptionPeriodMonths == current.DecryptionPeriodMonths
                && p.OnboardingDueDays == current.OnboardingDueDays && p.MinimumAnnualHours == current.MinimumAnnualHours)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.PassMarkPercent, p => p.PassMarkPercent), ct);
        if (unchanged == 0)
        {
            return (false, [new("", $"{level.ChineseName()}岗位的策略刚被他人修改：请重新打开后再改。")]);
        }

        current.CopyTermsFrom(edited);
        (current.EditedBy, current.EditedAt) = (actor, clock.GetUtcNow());
        await audit.AppendAsync(actor, "policy.changed", $"level:{level}", $"{before} → {after}", ct);
        await transaction.CommitAsync(ct);
        return (true, []);
    }
}

/// <summary>Checks one content file as part of the live content, the way <c>content validate</c> checks a directory.</summary>
public static class ContentChecks
{
    /// <summary>
    /// The problems the reader finds in <paramref name="file"/> when it replaces its namesake in the live content, each
    /// put on the form field its line holds (<paramref name="fields"/>, with <paramref name="prefix"/> cut off); a problem
    /// on a line of no field of this form is reported without a field.
    /// </summary>
    public static async Task<IReadOnlyList<FieldProblem>> ProblemsInAsync(
        ContentExport export, ContentFile file, IReadOnlyDictionary<int, string> fields, string prefix = "", CancellationToken ct = default)
    {
        var files = (await export.FilesAsync(ct)).Where(f => f.Path != file.Path).Append(file).ToList();
        var read = ContentReader.Read(files);
        return [.. read.Problems.Where(p => p.Where.Path == file.Path).Select(p =>
            new FieldProblem(fields.TryGetValue(p.Where.Line, out var field) && field.StartsWith(prefix, StringComparison.Ordinal) ? field[prefix.Length..] : "", p.Message))];
    }
}
