namespace SecrecyTraining.Web.Domain;

/// <summary>
/// HR takes a person out of the training obligations for a time (long leave, secondment): while it runs the person shows
/// 豁免 on the dashboard and the staff list, counts in no overdue figure and gets no training reminders. The gate is not
/// affected: an exempt person's post still needs its certification to be active.
/// </summary>
public class Exemption
{
    public int Id { get; private set; }

    public int PersonId { get; private set; }

    public string Reason { get; private set; }

    /// <summary>First and last day (China time) it applies.</summary>
    public DateOnly StartsOn { get; private set; }

    public DateOnly EndsOn { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When HR ended it before its last day (the person came back early), and who.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    public string? EndedBy { get; private set; }

    public Exemption(int personId, string reason, DateOnly startsOn, DateOnly endsOn, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (endsOn < startsOn)
        {
            throw new ArgumentException("An exemption ends on or after its first day.", nameof(endsOn));
        }

        (PersonId, Reason, StartsOn, EndsOn, CreatedBy, CreatedAt) = (personId, reason.Trim(), startsOn, endsOn, createdBy, createdAt);
    }

    public bool AppliesOn(DateOnly day) => EndedAt is null && StartsOn <= day && day <= EndsOn;

    /// <summary>Ends it today: it no longer applies from <paramref name="at"/>.</summary>
    public void End(string actor, DateTimeOffset at) => (EndedAt, EndedBy) = (EndedAt ?? at, EndedBy ?? actor);

    /// <summary>The exemptions that apply on <paramref name="day"/>, as a query.</summary>
    public static System.Linq.Expressions.Expression<Func<Exemption, bool>> AppliesOnQuery(DateOnly day) =>
        e => e.EndedAt == null && e.StartsOn <= day && day <= e.EndsOn;
}
