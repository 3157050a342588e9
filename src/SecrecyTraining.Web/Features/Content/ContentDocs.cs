using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

public sealed record ClauseDoc(string Id, string? ParentId, string Heading, string Text, int Order, SourceRef Source);

public sealed record RegulationDoc(
    string Id, string Title, string Issuer, string Version, DateOnly Effective, string Preamble, IReadOnlyList<ClauseDoc> Clauses, SourceRef Source);

public enum CourseAudience
{
    PreDuty,
    Refresher,
    All,
}

public sealed record LessonDoc(string Slug, int Order, string Title, IReadOnlyList<string> Clauses, int MinimumMinutes, string Markdown, SourceRef Source);

public sealed record CourseDoc(
    string Id, string Title, CourseAudience Audience, IReadOnlyList<PostLevel> Levels, decimal Hours, string? Description,
    IReadOnlyList<LessonDoc> Lessons, SourceRef Source);

public enum ExamKind
{
    PreDuty,
    Refresher,
    Practice,
}

/// <summary>What a trainee sees after submitting: the score only, their answers marked right or wrong, or also the keys and explanations.</summary>
public enum ReviewPolicy
{
    ScoreOnly,
    Responses,
    Full,
}

/// <summary>Draw <see cref="Count"/> questions from the bank(s) and clause subtrees given, optionally of one type.</summary>
public sealed record DrawRuleDoc(string? Bank, IReadOnlyList<string> Clauses, QuestionType? Type, int Count, decimal Points, SourceRef Source);

/// <summary>An exam blueprint; without <see cref="PassMarkPercent"/> the pass mark of the trainee's post level applies (policy.yaml).</summary>
public sealed record ExamDoc(
    string Id, ExamKind Kind, string Title, int TimeLimitMinutes, int? PassMarkPercent, int MaxAttempts, int CooldownMinutes,
    bool ShuffleQuestions, bool ShuffleOptions, bool PartialCredit, ReviewPolicy Review, string? CourseId, string? CertificationTypeId, int? ValidityMonths,
    IReadOnlyList<DrawRuleDoc> Rules, SourceRef Source);

public sealed record CertificationTypeDoc(string Id, string Name, string? Renews, SourceRef Source);

/// <summary>Per post level; none of these numbers is fixed by law, so all come from content/policy.yaml.</summary>
public sealed record LevelPolicyDoc(
    PostLevel Level, IReadOnlyList<string> RequiredCertifications, CertificationCycle Cycle, string? DueMonthDay, int RefresherMonths,
    int RecertificationWindowDays, int GraceDays, int PassMarkPercent, int DecryptionPeriodMonths, int OnboardingDueDays, int MinimumAnnualHours,
    SourceRef Source);

public sealed record PolicyDoc(IReadOnlyList<CertificationTypeDoc> CertificationTypes, IReadOnlyList<LevelPolicyDoc> Levels, SourceRef Source);

public enum CommitmentKind
{
    OnDuty,
    OffDuty,
}

public sealed record CommitmentDoc(CommitmentKind Kind, string Version, string Title, string Markdown, SourceRef Source);

/// <summary>A question bank's id and title (a GIFT file's title is its name).</summary>
public sealed record BankDoc(string Id, string Title);

/// <summary>Everything read from one content directory (or zip), with its hash.</summary>
public sealed record ContentSet(
    string Hash,
    IReadOnlyList<RegulationDoc> Regulations,
    IReadOnlyList<CourseDoc> Courses,
    IReadOnlyList<QuestionDoc> Questions,
    IReadOnlyList<ExamDoc> Exams,
    PolicyDoc? Policy,
    IReadOnlyList<CommitmentDoc> Commitments)
{
    public IReadOnlyDictionary<string, ClauseDoc> ClausesById { get; } =
        Regulations.SelectMany(r => r.Clauses).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The banks the questions are in, with their titles.</summary>
    public IReadOnlyList<BankDoc> Banks { get; init; } = [];

    public ClauseTree Tree { get; } = new(Regulations.SelectMany(r => r.Clauses.Select(c => (Id: c.Id, c.ParentId, RegulationId: r.Id))).DistinctBy(c => c.Id));
}
