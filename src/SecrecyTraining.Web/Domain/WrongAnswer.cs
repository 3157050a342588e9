namespace SecrecyTraining.Web.Domain;

/// <summary>
/// An entry of a trainee's 错题本: a question (by key, so a revised version replaces the old) answered wrong in practice or
/// an exam. It leaves the book when practised right twice in a row; a wrong answer puts it back.
/// </summary>
public class WrongAnswer
{
    public const int StreakToClear = 2;

    public required int PersonId { get; init; }

    public required string QuestionKey { get; init; }

    public int TimesWrong { get; set; }

    public int CorrectStreak { get; set; }

    public DateTimeOffset LastWrongAt { get; set; }

    public DateTimeOffset? ClearedAt { get; set; }

    public bool IsOpen => ClearedAt is null;

    public void AnsweredWrong(DateTimeOffset at)
    {
        TimesWrong++;
        CorrectStreak = 0;
        LastWrongAt = at;
        ClearedAt = null;
    }

    public void AnsweredRight(DateTimeOffset at)
    {
        if (ClearedAt is not null)
        {
            return;
        }

        CorrectStreak++;
        if (CorrectStreak >= StreakToClear)
        {
            ClearedAt = at;
        }
    }
}
