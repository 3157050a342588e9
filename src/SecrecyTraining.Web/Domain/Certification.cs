namespace SecrecyTraining.Web.Domain;

public enum CertificationState
{
    Valid,
    Superseded,
    Revoked,
}

/// <summary>What a certificate shows: stored states plus the ones that follow from the date (即将到期, 已过期).</summary>
public enum CertificationStatus
{
    Valid,
    Expiring,
    Expired,
    Superseded,
    Revoked,
}

/// <summary>
/// A certification earned by passing a granting exam. Numbers are BM-&lt;year&gt;-&lt;6 digits&gt;, unique and without gaps;
/// a re-pass supersedes the previous certification of the same type, which stays verifiable as superseded. Its state
/// changes only through <see cref="Supersede"/>, <see cref="Revoke"/> and <see cref="Expire"/>, each from Valid only.
/// </summary>
public class Certification
{
    public int Id { get; init; }

    public required string Number { get; init; }

    public required int PersonId { get; init; }

    public required string CertificationTypeId { get; init; }

    public int AttemptId { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ValidUntil { get; init; }

    /// <summary>Valid when issued; see <see cref="Supersede"/>, <see cref="Revoke"/>.</summary>
    public CertificationState State { get; private set; } = CertificationState.Valid;

    /// <summary>Score of the granting attempt in percent, printed on the certificate.</summary>
    public decimal ScorePercent { get; init; }

    /// <summary>The signed code in the certificate's QR link (see CertificateSigner); fixed at issue.</summary>
    public string VerificationCode { get; set; } = "";

    /// <summary>When the expiry sweep handled this certification's expiry (suspensions and notices): once.</summary>
    public DateTimeOffset? ExpiryProcessedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>
    /// Whether the expiry sweep still has to handle this certification at <paramref name="now"/> (valid in its state, past
    /// its date, not handled yet): the rule <see cref="Expire"/> checks, as a query the sweep claims its batches with.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Certification, bool>> DueForExpiry(DateTimeOffset now) =>
        c => c.State == CertificationState.Valid && c.ValidUntil <= now && c.ExpiryProcessedAt == null;

    /// <summary>A re-pass of the same chain replaced it; it stays verifiable as superseded.</summary>
    public bool Supersede()
    {
        if (State != CertificationState.Valid)
        {
            return false;
        }

        State = CertificationState.Superseded;
        return true;
    }

    /// <summary>The 保密办 revokes it, with a reason; false when it is not valid (already revoked or superseded).</summary>
    public bool Revoke(string reason, string actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (State != CertificationState.Valid)
        {
            return false;
        }

        State = CertificationState.Revoked;
        (RevokedAt, RevokedBy, RevocationReason) = (at, actor, reason.Trim());
        return true;
    }

    /// <summary>The expiry sweep handles its expiry once (suspensions and notices follow); false when it is not due.</summary>
    public bool Expire(DateTimeOffset now)
    {
        if (!DueForExpiry(now).Compile()(this))
        {
            return false;
        }

        ExpiryProcessedAt = now;
        return true;
    }

    public CertificationStatus StatusAt(DateTimeOffset now, int expiringWithinDays) => State switch
    {
        CertificationState.Superseded => CertificationStatus.Superseded,
        CertificationState.Revoked => CertificationStatus.Revoked,
        _ when now >= ValidUntil => CertificationStatus.Expired,
        _ when now >= ValidUntil.AddDays(-expiringWithinDays) => CertificationStatus.Expiring,
        _ => CertificationStatus.Valid,
    };
}

/// <summary>The next certificate number of each year: incremented inside the issuing transaction, so numbers have no gaps.</summary>
public class CertificateNumberSequence
{
    public int Year { get; init; }

    public int Last { get; set; }
}

/// <summary>The recertification rules (learned from Totara's tool_certify, without its lost days).</summary>
public static class RecertificationRules
{
    /// <summary>
    /// Valid until: <paramref name="validityMonths"/> from completion; but when the holder re-certifies inside the window
    /// before the previous certification expires, from the previous expiry date, so no day is lost.
    /// </summary>
    public static DateTimeOffset ValidUntil(DateTimeOffset completedAt, int validityMonths, DateTimeOffset? previousValidUntil, int windowDays)
    {
        var from = previousValidUntil is { } previous && completedAt < previous && completedAt >= previous.AddDays(-windowDays)
            ? previous
            : completedAt;
        return from.AddMonths(validityMonths);
    }

    /// <summary>
    /// Valid until in a calendar cycle (every certificate of the level runs out on <paramref name="due"/>'s day each year,
    /// at the end of that day, China time). A pass counts for the cycle it falls in and is valid to that cycle's end, except:
    /// a pass inside the recertification window (the last <paramref name="windowDays"/> days of the cycle) renews to the next
    /// cycle's end; and a person's first certificate of the chain, when less than half a year (183 days) of the cycle is left,
    /// is valid to the next cycle's end — a newcomer in the autumn is not sent back to the exam at New Year.
    /// </summary>
    public static DateTimeOffset CalendarValidUntil(DateTimeOffset completedAt, (int Month, int Day) due, int windowDays, bool firstOfChain)
    {
        var year = Infrastructure.Web.LocalTime.Year(completedAt);
        DateTimeOffset End(int y) => Infrastructure.Web.LocalTime.EndOf(new DateOnly(y, due.Month, due.Day));
        var end = End(year) >= completedAt ? End(year) : End(year + 1);
        var rollsOver = firstOfChain
            ? completedAt >= end.AddDays(-Math.Max(windowDays, 183))
            : completedAt >= end.AddDays(-windowDays);
        return rollsOver ? End(Infrastructure.Web.LocalTime.Year(end) + 1) : end;
    }

    /// <summary>A calendar cycle's day, <c>MM-dd</c> (29 February is refused: the cycle needs the day every year); null when it is none.</summary>
    public static (int Month, int Day)? ParseMonthDay(string? text) =>
        text is { Length: 5 } && text[2] == '-'
        && int.TryParse(text.AsSpan(0, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
        && int.TryParse(text.AsSpan(3, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day)
        && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2027, month)
            ? (month, day)
            : null;

    public static string Number(int year, int sequence) => $"BM-{year}-{sequence:D6}";
}

public static class CertificationStatusNames
{
    /// <summary>The status as shown everywhere (有效 / 即将到期 / 已过期 / 已被替代 / 已撤销); also the localization key.</summary>
    public static string ChineseName(CertificationStatus status) => status switch
    {
        CertificationStatus.Valid => "有效",
        CertificationStatus.Expiring => "即将到期",
        CertificationStatus.Expired => "已过期",
        CertificationStatus.Superseded => "已被替代",
        CertificationStatus.Revoked => "已撤销",
        _ => status.ToString(),
    };
}
