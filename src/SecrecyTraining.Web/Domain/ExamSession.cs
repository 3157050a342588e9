namespace SecrecyTraining.Web.Domain;

public enum ExamSessionStatus
{
    /// <summary>Being prepared: its settings can change; nobody is assigned and no paper is drawn yet.</summary>
    Draft,

    /// <summary>Published: every examinee's paper is drawn and frozen, the training assigned and the notices sent.</summary>
    Published,
}

/// <summary>Who a session is for, resolved to a list of people when it is published.</summary>
public enum SessionAudience
{
    /// <summary>Everyone on a classified post (proposed or active).</summary>
    AllOnPosts,

    /// <summary>Everyone in one department, on a post or not (<see cref="ExamSession.AudienceValue"/> = its id).</summary>
    Department,

    /// <summary>Everyone on a post of one level (<see cref="ExamSession.AudienceValue"/> = 核心/重要/一般 as the enum name).</summary>
    Level,

    /// <summary>Named people (<see cref="ExamSession.AudienceValue"/> = their employee numbers, one per line).</summary>
    People,

    /// <summary>Whoever holds a certification of the blueprint's type that expires before a date (yyyy-MM-dd), or none while on a post.</summary>
    ExpiringBefore,

    /// <summary>A make-up (补考): those of <see cref="ExamSession.MakeUpOfId"/> who did not pass it (failed or did not sit it).</summary>
    MakeUp,
}

/// <summary>
/// 考试安排: an organisation-wide sitting of one blueprint in a window (China time), for an audience. Publishing draws and
/// freezes every examinee's paper, so the start at the window's opening does no drawing: it is one conditional update.
/// </summary>
public class ExamSession
{
    public int Id { get; init; }

    public required string Title { get; set; }

    public required string ExamId { get; set; }

    public DateTimeOffset OpensAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>The time each examinee has from their start; never past the window's close (plus their extra time).</summary>
    public int DurationMinutes { get; set; }

    /// <summary>Shown in the room and typed by the examinee to start; null when none is needed.</summary>
    public string? StartCode { get; set; }

    /// <summary>After this many times leaving the exam page the attempt is submitted with a notice; null: recorded only.</summary>
    public int? FocusLossLimit { get; set; }

    /// <summary>The session this one is the make-up (补考) of.</summary>
    public int? MakeUpOfId { get; init; }

    public SessionAudience Audience { get; set; }

    public string? AudienceValue { get; set; }

    public ExamSessionStatus Status { get; set; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? PublishedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Bumped on every change; a form carries it, so two people editing one draft cannot both win.</summary>
    public int Version { get; set; } = 1;

    public List<SessionExaminee> Examinees { get; } = [];

    public bool IsOpen(DateTimeOffset now) => Status == ExamSessionStatus.Published && now >= OpensAt && now < ClosesAt;

    /// <summary>
    /// The deadline of an attempt started at <paramref name="startedAt"/>: the duration, cut at the window's close, plus the
    /// examinee's extra time.
    /// </summary>
    public DateTimeOffset DeadlineFor(DateTimeOffset startedAt, int extraMinutes)
    {
        var end = startedAt.AddMinutes(DurationMinutes);
        return (end < ClosesAt ? end : ClosesAt).AddMinutes(extraMinutes);
    }
}

/// <summary>One examinee of a published session: the paper drawn for them, and the extra time they were given and why.</summary>
public class SessionExaminee
{
    public int SessionId { get; init; }

    public int PersonId { get; init; }

    public int AttemptId { get; init; }

    public int ExtraMinutes { get; set; }

    public string? ExtraReason { get; set; }
}

/// <summary>The exam page was left (hidden, or the window lost focus) at this time: a signal for the invigilator.</summary>
public class AttemptFocusEvent
{
    public long Id { get; init; }

    public int AttemptId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary><c>hidden</c> (another tab, minimised) or <c>blur</c> (another window).</summary>
    public required string Kind { get; init; }
}

/// <summary>
/// The archive copy of a concluded formal attempt (the paper, the answers, the score, the times, the 切屏 events) as the PDF
/// printed at that moment; its SHA-256 is recorded in the audit chain in the same transaction (<c>attempt.archived</c>).
/// A reopened attempt concluded again is archived again.
/// </summary>
public class AttemptArchive
{
    public int Id { get; init; }

    public int AttemptId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Pdf"/>.</summary>
    public required string Sha256 { get; init; }

    public required byte[] Pdf { get; init; }
}
