namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>Times are stored in UTC and shown in the organisation's time zone (China Standard Time).</summary>
public static class LocalTime
{
    /// <summary>China Standard Time (Asia/Shanghai).</summary>
    public static TimeZoneInfo Zone { get; } = Find();

    public static string Format(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The year in the organisation's time zone (a certificate earned at 07:00 on 1 January belongs to the new year).</summary>
    public static int Year(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone).Year;

    /// <summary>The calendar date in the organisation's time zone.</summary>
    public static DateOnly Date(DateTimeOffset utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Zone).DateTime);

    /// <summary>The instant (UTC, as PostgreSQL requires) at which <paramref name="date"/> begins in the organisation's time zone.</summary>
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The last second of <paramref name="date"/> in the organisation's time zone: a date "valid through" that day ends here.</summary>
    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1)).AddSeconds(-1);

    public static string FormatDate(DateTimeOffset utc) => FormatDay(Date(utc));

    /// <summary>A day as <c>yyyy-MM-dd</c>, the way every page, export and form shows one.</summary>
    public static string FormatDay(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without tzdata: China has had no daylight saving time since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
