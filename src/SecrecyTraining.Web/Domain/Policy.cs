namespace SecrecyTraining.Web.Domain;

/// <summary>A kind of certificate, e.g. 上岗保密培训合格 or 年度保密复训合格.</summary>
public class CertificationType
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>
    /// The type this one keeps current (年度保密复训合格 renews 上岗保密培训合格): a valid renewing certification satisfies a
    /// requirement of the renewed type, and both belong to one chain, so a pass of either supersedes the other.
    /// </summary>
    public string? Renews { get; set; }

    /// <summary>The chain the type belongs to: the type it renews, or itself.</summary>
    public string Chain => Renews ?? Id;
}

/// <summary>
/// What a post level requires. None of these numbers is fixed by law (LAW-FACTS.md): they come from content/policy.yaml.
/// </summary>
public class PostLevelPolicy
{
    public PostLevel Level { get; init; }

    /// <summary>Certification type ids, comma-separated.</summary>
    public required string RequiredCertifications { get; set; }

    /// <summary>Rolling (a certificate is valid <see cref="RefresherMonths"/> from its pass) or calendar (to a fixed day each year).</summary>
    public CertificationCycle Cycle { get; set; }

    /// <summary>The calendar cycle's last day, <c>MM-dd</c> (e.g. 12-31); null in a rolling cycle.</summary>
    public string? DueMonthDay { get; set; }

    public int RefresherMonths { get; set; }

    public int RecertificationWindowDays { get; set; }

    /// <summary>Days after a certificate's expiry before the posts that need it are suspended (0: the day it expires).</summary>
    public int GraceDays { get; set; }

    public int PassMarkPercent { get; set; }

    /// <summary>Default length of the 脱密期 after leaving the post.</summary>
    public int DecryptionPeriodMonths { get; set; }

    public int OnboardingDueDays { get; set; }

    /// <summary>学时 (online lessons plus offline sessions) a person on a post of this level must reach each calendar year; 0: none. A compliance item, not a gate item.</summary>
    public int MinimumAnnualHours { get; set; }

    /// <summary>
    /// How long a certification earned at <paramref name="completedAt"/> is valid under this policy. A calendar cycle decides
    /// by itself (<see cref="RecertificationRules.CalendarValidUntil"/>); a rolling one runs the exam's own validity when it
    /// has one, else <see cref="RefresherMonths"/>, anchored on the previous expiry inside the window.
    /// </summary>
    public DateTimeOffset ValidUntil(DateTimeOffset completedAt, int? examMonths, DateTimeOffset? previousValidUntil, bool firstOfChain) =>
        Cycle == CertificationCycle.Calendar && RecertificationRules.ParseMonthDay(DueMonthDay) is { } due
            ? RecertificationRules.CalendarValidUntil(completedAt, due, RecertificationWindowDays, firstOfChain)
            : RecertificationRules.ValidUntil(completedAt, examMonths ?? RefresherMonths, previousValidUntil, RecertificationWindowDays);

    /// <summary>Takes every term of <paramref name="other"/> (not the level, not who edited it).</summary>
    public void CopyTermsFrom(PostLevelPolicy other) =>
        (RequiredCertifications, Cycle, DueMonthDay, RefresherMonths, RecertificationWindowDays, GraceDays, PassMarkPercent, DecryptionPeriodMonths, OnboardingDueDays, MinimumAnnualHours) =
        (other.RequiredCertifications, other.Cycle, other.DueMonthDay, other.RefresherMonths, other.RecertificationWindowDays, other.GraceDays,
            other.PassMarkPercent, other.DecryptionPeriodMonths, other.OnboardingDueDays, other.MinimumAnnualHours);

    /// <summary>Who last changed the level in the policy editor (null: as policy.yaml says); an import does not overwrite it unless approved.</summary>
    public string? EditedBy { get; set; }

    public DateTimeOffset? EditedAt { get; set; }
}

/// <summary>How a level's certificates run out: a rolling period from each pass, or the same day every year for everyone.</summary>
public enum CertificationCycle
{
    Rolling,
    Calendar,
}

/// <summary>A version of a 保密承诺书 text; signatures point at the exact version and hash they signed.</summary>
public class CommitmentText
{
    public int Id { get; init; }

    public Features.Content.CommitmentKind Kind { get; init; }

    public required string Version { get; init; }

    public required string Title { get; init; }

    public required string Markdown { get; init; }

    public required string TextHash { get; init; }

    public bool IsCurrent { get; set; }

    /// <summary>Who wrote this version in the page (null: it came from content/commitments).</summary>
    public string? CreatedBy { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When this version was made the current one, and by whom in the page (null: by an import).</summary>
    public DateTimeOffset? CurrentSince { get; set; }

    public string? MadeCurrentBy { get; set; }
}

/// <summary>A question bank's title, as its file (or the page) gives it; the questions carry the bank id.</summary>
public class QuestionBank
{
    public required string Id { get; init; }

    public required string Title { get; set; }
}

/// <summary>One content import: when, from where, by whom, the content hash and the report.</summary>
public class ContentImport
{
    public int Id { get; init; }

    public DateTimeOffset ImportedAt { get; init; }

    public required string ContentHash { get; init; }

    public required string Source { get; init; }

    public required string ImportedBy { get; init; }

    /// <summary>The import report as text (the same the CLI prints and the import history shows).</summary>
    public string Report { get; set; } = "";

    /// <summary>Clause ids whose text this import changed, comma-separated (empty when none).</summary>
    public string ChangedClauses { get; set; } = "";

    /// <summary>Certification types whose exams can draw on a changed clause, comma-separated.</summary>
    public string AffectedCertificationTypes { get; set; } = "";

    /// <summary>When the 保密办 approved a targeted refresher for the people certified on the old text (the content-refresher job acts on it).</summary>
    public DateTimeOffset? RefresherApprovedAt { get; set; }

    public string? RefresherApprovedBy { get; set; }

    /// <summary>When the content-refresher job finished assigning it.</summary>
    public DateTimeOffset? RefresherAssignedAt { get; set; }

    public IReadOnlyList<string> ChangedClauseIds => ChangedClauses.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
