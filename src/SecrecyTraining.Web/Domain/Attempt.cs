using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Domain;

public enum AttemptStatus
{
    InProgress,

    /// <summary>Submitted by the trainee.</summary>
    Submitted,

    /// <summary>Submitted by the server at the deadline, with the answers saved until then.</summary>
    Finalized,

    /// <summary>
    /// Drawn ahead for an exam session (考试安排) and not started: the paper is frozen; starting sets the times and makes it
    /// InProgress. Until then StartedAt and Deadline hold the session's window.
    /// </summary>
    NotStarted,
}

/// <summary>
/// One sitting of an exam. The server owns the start time and the deadline; the questions (exact versions), their order
/// and each question's option order are drawn at the start and frozen.
/// </summary>
public class Attempt
{
    public int Id { get; init; }

    public required int PersonId { get; init; }

    public required string ExamId { get; init; }

    public int Number { get; init; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Moves later when the 保密办 gives the examinee extra time, or reopens the attempt after a crash.</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>The exam session (考试安排) the attempt was drawn for; null for an attempt the trainee started alone.</summary>
    public int? ExamSessionId { get; init; }

    /// <summary>Sat on paper (the paper fallback): its answers were keyed in by the 保密办 from the answer sheet.</summary>
    public bool OnPaper { get; set; }

    /// <summary>How many times the exam page was left while the attempt ran (切屏); the times are in AttemptFocusEvents.</summary>
    public int FocusLosses { get; set; }

    /// <summary>Why the server closed the attempt early, shown on its result: <c>focus-limit:N</c> (the session's 切屏 limit N was passed).</summary>
    public string? CloseNote { get; set; }

    public static string FocusLimitNote(int limit) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"focus-limit:{limit}");

    /// <summary>The 切屏 limit that closed the attempt, when that is why it closed.</summary>
    public int? ClosedAtFocusLimit => CloseNote is { } note && note.StartsWith("focus-limit:", StringComparison.Ordinal)
        && int.TryParse(note["focus-limit:".Length..], System.Globalization.CultureInfo.InvariantCulture, out var limit) ? limit : null;

    public AttemptStatus Status { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>The pass mark in force when the attempt started (the blueprint's, or the post level's).</summary>
    public int PassMarkPercent { get; init; }

    /// <summary>
    /// What the result page may show, frozen from the blueprint at the start: a later content import cannot reveal the keys
    /// of attempts taken under <see cref="ReviewPolicy.ScoreOnly"/>. Attempts from before this column read as ScoreOnly.
    /// </summary>
    public ReviewPolicy Review { get; init; } = ReviewPolicy.ScoreOnly;

    public decimal MaxScore { get; init; }

    public decimal? Score { get; set; }

    public bool? Passed { get; set; }

    /// <summary>
    /// 待阅卷: submitted with 简答 answers the 保密办 has not graded yet. Score and Passed stay unset (and no certification
    /// is issued) until the last one is graded.
    /// </summary>
    public bool AwaitingGrading { get; set; }

    public List<AttemptQuestion> Questions { get; } = [];

    public List<Response> Responses { get; } = [];

    public bool IsOpen(DateTimeOffset now) => Status == AttemptStatus.InProgress && now < Deadline;
}

/// <summary>A question as drawn for one attempt: its position, the exact question version, the option order shown and its points.</summary>
public class AttemptQuestion
{
    public int AttemptId { get; init; }

    public int Position { get; init; }

    public int QuestionId { get; init; }

    public Question? Question { get; init; }

    /// <summary>OptionOrder[i] is the original index of the option shown i-th.</summary>
    public required IReadOnlyList<int> OptionOrder { get; init; }

    public decimal Points { get; init; }

    /// <summary>The top-level clause (chapter) the question belongs to, for the per-chapter breakdown.</summary>
    public required string Chapter { get; init; }
}

/// <summary>The trainee's answer to one question of an attempt, saved as it is given. Selected holds original option indexes.</summary>
public class Response
{
    public int AttemptId { get; init; }

    public int Position { get; init; }

    public IReadOnlyList<int> Selected { get; set; } = [];

    /// <summary>What was written: one text per blank of a 填空 question, the one text of a 简答 question.</summary>
    public IReadOnlyList<string> Texts { get; set; } = [];

    public bool Flagged { get; set; }

    public DateTimeOffset SavedAt { get; set; }

    /// <summary>Set at grading.</summary>
    public bool? Correct { get; set; }

    public decimal? Awarded { get; set; }

    /// <summary>Who graded a 简答 answer in the grading queue, when, and what they wrote to the examinee.</summary>
    public string? GradedBy { get; set; }

    public DateTimeOffset? GradedAt { get; set; }

    public string? GraderComment { get; set; }
}

/// <summary>The grading rules: single and true/false all-or-nothing; multiple all-or-nothing unless the blueprint allows partial credit.</summary>
public static class ExamScoring
{
    /// <summary>
    /// Partial credit for a multiple-choice question: nothing if any wrong option is chosen, otherwise the share of the
    /// correct options chosen.
    /// </summary>
    public static (bool Correct, decimal Awarded) Grade(QuestionType type, IReadOnlyList<int> correct, IReadOnlyList<int> selected, decimal points, bool partialCredit)
    {
        var chosen = selected.Distinct().ToHashSet();
        var right = chosen.SetEquals(correct);
        if (right)
        {
            return (true, points);
        }

        if (type == QuestionType.Multiple && partialCredit && chosen.Count > 0 && chosen.IsSubsetOf(correct))
        {
            return (false, Math.Round(points * chosen.Count / correct.Count, 2));
        }

        return (false, 0);
    }

    /// <summary>
    /// A 填空 question earns its points per blank answered with an accepted answer; it is correct when every blank is.
    /// </summary>
    public static (bool Correct, decimal Awarded) GradeBlanks(IReadOnlyList<IReadOnlyList<string>> blanks, IReadOnlyList<string> texts, bool normalize, decimal points)
    {
        var right = blanks.Select((accepted, i) => Blanks.Matches(i < texts.Count ? texts[i] : null, accepted, normalize)).Count(r => r);
        return blanks.Count == 0 ? (false, 0) : (right == blanks.Count, Math.Round(points * right / blanks.Count, 2));
    }

    public static bool IsPass(decimal score, decimal maxScore, int passMarkPercent) =>
        maxScore > 0 && score * 100 >= passMarkPercent * maxScore;
}
