using System.Globalization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>
/// The 考试安排 form, as posted: times are the organisation's local time (<c>datetime-local</c>, China time), the audience
/// one kind with its parameter. <see cref="Version"/> is the draft's version the form was drawn from.
/// </summary>
public sealed class SessionForm
{
    public string? Title { get; set; }

    public string? ExamId { get; set; }

    public string? Opens { get; set; }

    public string? Closes { get; set; }

    public int? DurationMinutes { get; set; }

    public string? StartCode { get; set; }

    public int? FocusLossLimit { get; set; }

    public SessionAudience Audience { get; set; }

    public int? DepartmentId { get; set; }

    public PostLevel? Level { get; set; }

    /// <summary>Employee numbers, one per line (or separated by commas or spaces).</summary>
    public string? People { get; set; }

    public string? ExpiringBefore { get; set; }

    public int? MakeUpOfId { get; set; }

    public int Version { get; set; }

    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public static string Local(DateTimeOffset utc) =>
        TimeZoneInfo.ConvertTime(utc, LocalTime.Zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> value read as the organisation's time; null when it is not one.</summary>
    public static DateTimeOffset? ParseLocal(string? value)
    {
        if (!DateTime.TryParseExact(value?.Trim(), [LocalFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(local, LocalTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static IReadOnlyList<string> EmployeeNumbers(string? text) =>
        [.. (text ?? "").Split([',', '，', ';', '；', ' ', '\t', '\r', '\n', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    public static SessionForm From(ExamSession session) => new()
    {
        Title = session.Title,
        ExamId = session.ExamId,
        Opens = Local(session.OpensAt),
        Closes = Local(session.ClosesAt),
        DurationMinutes = session.DurationMinutes,
        StartCode = session.StartCode,
        FocusLossLimit = session.FocusLossLimit,
        Audience = session.Audience,
        DepartmentId = session.Audience == SessionAudience.Department && int.TryParse(session.AudienceValue, CultureInfo.InvariantCulture, out var d) ? d : null,
        Level = session.Audience == SessionAudience.Level && Enum.TryParse<PostLevel>(session.AudienceValue, out var l) ? l : null,
        People = session.Audience == SessionAudience.People ? session.AudienceValue : null,
        ExpiringBefore = session.Audience == SessionAudience.ExpiringBefore ? session.AudienceValue : null,
        MakeUpOfId = session.MakeUpOfId,
        Version = session.Version,
    };
}

public static class SessionAudienceNames
{
    /// <summary>The audience kind as shown (also the localization key).</summary>
    public static string ChineseName(SessionAudience audience) => audience switch
    {
        SessionAudience.AllOnPosts => Ui.Key("全体涉密人员"),
        SessionAudience.Department => Ui.Key("按处室"),
        SessionAudience.Level => Ui.Key("按岗位等级"),
        SessionAudience.People => Ui.Key("指定人员"),
        SessionAudience.ExpiringBefore => Ui.Key("证书在某日前到期的人员"),
        SessionAudience.MakeUp => Ui.Key("补考：原场次未通过或未参加的人员"),
        _ => audience.ToString(),
    };
}
