using SecrecyTraining.Web.Features.Audit;

namespace SecrecyTraining.Tests.Unit;

/// <summary>The audit hash's field encodings: the old one let a separator inside a field move text between fields unseen.</summary>
public sealed class AuditHashTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheLengthPrefixedEncodingTellsApartEntriesTheOldOneConfused()
    {
        // Actor "hr\u001fpost.Activated" with action "x" and actor "hr" with action "post.Activated\u001fx" join to one string.
        var shifted = AuditLog.Hash(1, 7, At, "hr\u001fpost.Activated", "x", "", "", AuditLog.Genesis);
        var original = AuditLog.Hash(1, 7, At, "hr", "post.Activated\u001fx", "", "", AuditLog.Genesis);
        Assert.Equal(original, shifted);

        Assert.NotEqual(
            AuditLog.Hash(2, 7, At, "hr", "post.Activated\u001fx", "", "", AuditLog.Genesis),
            AuditLog.Hash(2, 7, At, "hr\u001fpost.Activated", "x", "", "", AuditLog.Genesis));
        Assert.NotEqual(AuditLog.Hash(2, 7, At, "ab", "", "", "", AuditLog.Genesis), AuditLog.Hash(2, 7, At, "a", "b", "", "", AuditLog.Genesis));
        Assert.NotEqual(original, AuditLog.Hash(2, 7, At, "hr", "post.Activated\u001fx", "", "", AuditLog.Genesis));
    }
}
