namespace SecrecyTraining.Web.Domain;

public enum TrainingReason
{
    Onboarding,
    Refresher,
    ContentChange,

    /// <summary>An exam session (考试安排): due at the window's close.</summary>
    ExamSession,
}

/// <summary>Who must complete which course and exam by when, and why. Completed when the exam is passed.</summary>
public class TrainingAssignment
{
    public int Id { get; init; }

    public required int PersonId { get; init; }

    public TrainingReason Reason { get; init; }

    public string? CourseId { get; init; }

    public required string ExamId { get; init; }

    public DateTimeOffset AssignedAt { get; init; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// What the assignment answers, unique (e.g. <c>refresher:17</c> = the cycle of certification 17): a job run twice, or on
    /// two nodes at once, assigns once. Null for assignments made by hand.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>The post assignment that caused it (onboarding), when there is one.</summary>
    public int? PostAssignmentId { get; init; }

    /// <summary>The exam session (考试安排) that assigned it, whose window it shows.</summary>
    public int? ExamSessionId { get; init; }

    /// <summary>The due date before HR first extended it (null: never extended).</summary>
    public DateTimeOffset? OriginalDueAt { get; private set; }

    /// <summary>Why HR last extended it.</summary>
    public string? ExtensionReason { get; private set; }

    /// <summary>HR moves the due date (延期) of an open assignment, with a reason; the first due date is kept.</summary>
    public void Extend(DateTimeOffset dueAt, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        OriginalDueAt ??= DueAt;
        (DueAt, ExtensionReason) = (dueAt, reason.Trim());
    }

    public bool IsOverdue(DateTimeOffset now) => CompletedAt is null && now > DueAt;
}

public static class TrainingReasonNames
{
    /// <summary>The reason as shown (also the localization key).</summary>
    public static string ChineseName(TrainingReason reason) => reason switch
    {
        TrainingReason.Onboarding => "上岗培训",
        TrainingReason.Refresher => "年度复训",
        TrainingReason.ContentChange => "制度修订培训",
        TrainingReason.ExamSession => "考试安排",
        _ => reason.ToString(),
    };
}
