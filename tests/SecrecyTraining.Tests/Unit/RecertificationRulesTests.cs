using SecrecyTraining.Web.Domain;

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
