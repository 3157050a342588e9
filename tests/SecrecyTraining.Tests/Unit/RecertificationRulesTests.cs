using System.Globalization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Tests.Unit;

public sealed class RecertificationRulesTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 3, 31, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AFirstCertificationRunsFromCompletion() =>
        Assert.Equal(new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero),
            RecertificationRules.ValidUntil(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero), 12, null, 60));

    [Fact]
    public void ReCertifyingInsideTheWindowLosesNoDays() =>
        Assert.Equal(Expiry.AddMonths(12), RecertificationRules.ValidUntil(Expiry.AddDays(-30), 12, Expiry, 60));

    [Fact]
    public void ReCertifyingBeforeTheWindowRunsFromCompletion() =>
        Assert.Equal(Expiry.AddDays(-90).AddMonths(12), RecertificationRules.ValidUntil(Expiry.AddDays(-90), 12, Expiry, 60));

    [Fact]
    public void ReCertifyingAfterExpiryRunsFromCompletion() =>
        Assert.Equal(Expiry.AddDays(5).AddMonths(12), RecertificationRules.ValidUntil(Expiry.AddDays(5), 12, Expiry, 60));

    /// <summary>A pass at noon China time on the day, in a calendar cycle due 12-31 with a 60-day window; the date it is valid through.</summary>
    [Theory]
    [InlineData("2027-03-15", false, "2027-12-31")] // a renewal after expiry, before the window: to this year's end
    [InlineData("2027-11-15", false, "2028-12-31")] // inside the window (from 1 November): to next year's end
    [InlineData("2027-12-31", false, "2028-12-31")] // the last day of the cycle is still inside the window
    [InlineData("2028-01-01", false, "2028-12-31")] // a day late: the new cycle
    [InlineData("2027-03-15", true, "2027-12-31")]  // a newcomer with more than half a year left: this year's end
    [InlineData("2027-07-15", true, "2028-12-31")]  // a newcomer with less than half a year left (from 2 July): next year's end
    [InlineData("2027-07-01", true, "2027-12-31")]  // 183 days and a bit left: still this year's
    public void ACalendarCycleRunsToTheDueDay(string passedOn, bool firstOfChain, string validThrough)
    {
        var noon = new DateTimeOffset(DateOnly.Parse(passedOn, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));

        var until = RecertificationRules.CalendarValidUntil(noon, (12, 31), 60, firstOfChain);

        Assert.Equal(validThrough, LocalTime.FormatDate(until));
        Assert.Equal(LocalTime.EndOf(DateOnly.Parse(validThrough, CultureInfo.InvariantCulture)), until); // through the whole day
    }

    [Fact]
    public void ACalendarCycleMayEndOnAnyDayOfTheYear() =>
        Assert.Equal("2028-06-30", LocalTime.FormatDate(
            RecertificationRules.CalendarValidUntil(new DateTimeOffset(2027, 6, 1, 12, 0, 0, TimeSpan.FromHours(8)), (6, 30), 60, firstOfChain: false)));

    [Theory]
    [InlineData("12-31", true)]
    [InlineData("01-01", true)]
    [InlineData("02-28", true)]
    [InlineData("02-29", false)]
    [InlineData("04-31", false)]
    [InlineData("13-01", false)]
    [InlineData("1-31", false)]
    [InlineData("12/31", false)]
    public void ACycleDayIsAMonthAndDayEveryYearHas(string text, bool valid) =>
        Assert.Equal(valid, RecertificationRules.ParseMonthDay(text) is not null);

    [Fact]
    public void NumbersHaveTheYearAndSixDigits() => Assert.Equal("BM-2026-000042", RecertificationRules.Number(2026, 42));

    [Theory]
    [InlineData(-100, CertificationState.Valid, CertificationStatus.Valid)]
    [InlineData(-30, CertificationState.Valid, CertificationStatus.Expiring)]
    [InlineData(1, CertificationState.Valid, CertificationStatus.Expired)]
    [InlineData(-100, CertificationState.Superseded, CertificationStatus.Superseded)]
    [InlineData(-100, CertificationState.Revoked, CertificationStatus.Revoked)]
    public void TheStatusShownFollowsFromTheStateAndTheDate(int daysFromExpiry, CertificationState state, CertificationStatus expected)
    {
        var certification = new Certification { Number = "BM-2026-000001", PersonId = 1, CertificationTypeId = "t", ValidUntil = Expiry };
        _ = state switch
        {
            CertificationState.Superseded => certification.Supersede(),
            CertificationState.Revoked => certification.Revoke("test", "office", Expiry.AddDays(-200)),
            _ => true,
        };

        Assert.Equal(expected, certification.StatusAt(Expiry.AddDays(daysFromExpiry), 60));
    }
}
