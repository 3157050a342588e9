namespace SecrecyTraining.Web.Domain;

/// <summary>
/// A trainee's progress in one lesson. The rule: a lesson counts as read when the trainee confirms it after it has been
/// open for at least its minimum reading minutes, counted on the server from the first time it was opened.
/// </summary>
public class LessonProgress
{
    public required int PersonId { get; init; }

    public int LessonId { get; init; }

    public DateTimeOffset FirstOpenedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public static TimeSpan Remaining(DateTimeOffset firstOpenedAt, int minimumMinutes, DateTimeOffset now)
    {
        var left = firstOpenedAt.AddMinutes(minimumMinutes) - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
