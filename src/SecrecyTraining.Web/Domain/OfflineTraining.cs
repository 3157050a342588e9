namespace SecrecyTraining.Web.Domain;

/// <summary>The kinds of training held in a room rather than in the application.</summary>
public enum OfflineTrainingKind
{
    /// <summary>专题讲座</summary>
    Lecture,

    /// <summary>警示教育</summary>
    WarningEducation,

    /// <summary>集中学习</summary>
    GroupStudy,

    /// <summary>外部培训</summary>
    External,
}

public static class OfflineTrainingKindNames
{
    /// <summary>The kind as shown (also the localization key).</summary>
    public static string ChineseName(OfflineTrainingKind kind) => kind switch
    {
        OfflineTrainingKind.Lecture => "专题讲座",
        OfflineTrainingKind.WarningEducation => "警示教育",
        OfflineTrainingKind.GroupStudy => "集中学习",
        OfflineTrainingKind.External => "外部培训",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A training session held offline (线下培训): a lecture, a warning-education session, group study or an external course,
/// on one day, worth <see cref="Hours"/> 学时 to each attendee. Attendance is recorded by HR or the 保密办 ticking people,
/// from a sign-in sheet, or by the attendee scanning the rotating check-in code shown in the room.
/// </summary>
public class OfflineSession
{
    public int Id { get; private set; }

    public string Title { get; private set; }

    public OfflineTrainingKind Kind { get; private set; }

    /// <summary>The day it was held (China time).</summary>
    public DateOnly HeldOn { get; private set; }

    /// <summary>学时 credited to each attendee (half hours).</summary>
    public decimal Hours { get; private set; }

    public string Trainer { get; private set; }

    public string Place { get; private set; }

    /// <summary>The clauses it covered, comma-separated (may be empty).</summary>
    public string Clauses { get; private set; }

    /// <summary>The key of the rotating check-in code (random per session, never shown).</summary>
    public string CheckInKey { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public OfflineSession(string title, OfflineTrainingKind kind, DateOnly heldOn, decimal hours, string trainer, string place, string clauses,
        string checkInKey, string createdBy, DateTimeOffset createdAt) =>
        (Title, Kind, HeldOn, Hours, Trainer, Place, Clauses, CheckInKey, CreatedBy, CreatedAt) =
        (title, kind, heldOn, hours, trainer, place, clauses, checkInKey, createdBy, createdAt);

    public IReadOnlyList<string> ClauseIds => Clauses.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>How an attendance was recorded.</summary>
public enum AttendanceMethod
{
    /// <summary>Ticked on the session's page.</summary>
    Ticked,

    /// <summary>From an imported sign-in sheet.</summary>
    Sheet,

    /// <summary>The attendee scanned the check-in code in the room.</summary>
    CheckIn,
}

/// <summary>One person at one offline session (once: unique per session and person); people without an account attend too.</summary>
public class OfflineAttendance
{
    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int PersonId { get; private set; }

    public AttendanceMethod Method { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public OfflineAttendance(int sessionId, int personId, AttendanceMethod method, string recordedBy, DateTimeOffset recordedAt) =>
        (SessionId, PersonId, Method, RecordedBy, RecordedAt) = (sessionId, personId, method, recordedBy, recordedAt);
}
