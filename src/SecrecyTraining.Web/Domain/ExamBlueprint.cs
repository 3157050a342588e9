using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Domain;

/// <summary>An exam paper strategy (试卷策略): how questions are drawn, timed, passed and what certification it grants.</summary>
public class ExamBlueprint
{
    public required string Id { get; init; }

    public ExamKind Kind { get; set; }

    public required string Title { get; set; }

    public int TimeLimitMinutes { get; set; }

    /// <summary>Null: the pass mark of the trainee's post level (PostLevelPolicy) applies.</summary>
    public int? PassMarkPercent { get; set; }

    /// <summary>0 means no limit.</summary>
    public int MaxAttempts { get; set; }

    public int CooldownMinutes { get; set; }

    public bool ShuffleQuestions { get; set; }

    public bool ShuffleOptions { get; set; }

    /// <summary>Multiple-choice questions earn part of their points when only correct options are chosen.</summary>
    public bool PartialCredit { get; set; }

    public ReviewPolicy Review { get; set; }

    public string? CourseId { get; set; }

    public string? CertificationTypeId { get; set; }

    /// <summary>How long the granted certification is valid; null = the holder's level policy (refresherMonths).</summary>
    public int? ValidityMonths { get; set; }

    public required IReadOnlyList<DrawRule> Rules { get; set; }

    public bool IsRetired { get; set; }

    /// <summary>Raised by every change (import or editor); a form filled from an older version is refused.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Who last changed the blueprint in the editor (null: as its file says); an import does not overwrite it unless approved.</summary>
    public string? EditedBy { get; set; }

    public DateTimeOffset? EditedAt { get; set; }
}

public sealed record DrawRule(string? Bank, IReadOnlyList<string> Clauses, QuestionType? Type, int Count, decimal Points);

public static class ExamKindNames
{
    /// <summary>The kind's name as the organisation says it; also the localization key of its label.</summary>
    public static string ChineseName(ExamKind kind) => kind switch
    {
        ExamKind.PreDuty => "上岗考试",
        ExamKind.Refresher => "复训考试",
        ExamKind.Practice => "练习",
        _ => kind.ToString(),
    };
}
