using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Unit;

/// <summary>Every state change of a post assignment and of a certification, done and refused, on the entities themselves.</summary>
public sealed class TransitionTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // 2026-03-02 09:00 in China

    private static readonly Post Post = new("机要员", PostLevel.Important, 1);

    private static readonly GateFacts Holds = new(["pre-duty"], ["pre-duty"], new Dictionary<string, string> { ["pre-duty"] = "上岗" }, true, VettingResult.Passed);

    private static readonly GateFacts Lacks = Holds with { ValidChains = [], SignedCurrentOnDutyCommitment = false };

    [Fact]
    public void AProposalWaitsForItsVettingAndRecordsWhoProposedIt()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At);

        Assert.Equal((PostAssignmentState.Proposed, VettingResult.Pending, 7, "hr"), (a.State, a.Vetting, a.PersonId, a.ProposedBy));
        Assert.Equal([(PostAssignmentEventKind.Proposed, "机要员（重要）")], a.Events.Select(e => (e.Kind, e.Details)));
    }

    [Fact]
    public void VettingIsRecordedOnAProposalOnly()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At);

        Assert.Empty(a.RecordVetting(false, " 有境外关系 ", "hr", At));
        Assert.Equal((VettingResult.Failed, "有境外关系"), (a.Vetting, a.VettingNote));
        Assert.Empty(a.RecordVetting(true, null, "hr", At));
        Assert.Equal(VettingResult.Passed, a.Vetting);
        Assert.Empty(a.Activate(Holds, "hr", At));
        Assert.Equal(["只能为待上岗的提名记录上岗前保密审查。"], a.RecordVetting(false, null, "hr", At).Select(p => p.ToString()));
        Assert.Equal(VettingResult.Passed, a.Vetting);
    }

    [Fact]
    public void ActivationRefusedNamesEveryMissingItemRecordsTheRefusalAndChangesNothing()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At);

        var refused = a.Activate(Lacks with { Vetting = a.Vetting }, "hr", At);

        Assert.Equal(["缺少有效的上岗证书", "未签署保密承诺书", "未完成上岗前保密审查"], refused.Select(p => p.ToString()));
        Assert.Equal(PostAssignmentState.Proposed, a.State);
        Assert.Null(a.ActivatedAt);
        Assert.Equal((PostAssignmentEventKind.ActivationRefused, "缺少有效的上岗证书；未签署保密承诺书；未完成上岗前保密审查"), (a.Events[^1].Kind, a.Events[^1].Details));
    }

    [Fact]
    public void TheGateActivatesASuspendedPostAgainAndNeverAnActiveOrEndedOne()
    {
        var a = Active();
        Assert.Equal(["只能启用待上岗或已暂停的岗位。"], a.Activate(Holds, "hr", At).Select(p => p.ToString()));

        Assert.Empty(a.Suspend("证书已过期", "system", At.AddDays(1)));
        Assert.Equal((PostAssignmentState.Suspended, "证书已过期"), (a.State, a.SuspensionReason));
        Assert.Equal(["只能暂停在岗的岗位。"], a.Suspend("again", "system", At).Select(p => p.ToString()));
        Assert.NotEmpty(a.Activate(Lacks, "system", At.AddDays(2)));
        Assert.Equal(PostAssignmentState.Suspended, a.State);

        Assert.Empty(a.Activate(Holds, "system", At.AddDays(3)));
        Assert.Equal((PostAssignmentState.Active, null, (DateTimeOffset?)At.AddDays(3)), (a.State, a.SuspensionReason, a.ActivatedAt));
        Assert.Equal(
            [PostAssignmentEventKind.Proposed, PostAssignmentEventKind.VettingRecorded, PostAssignmentEventKind.Activated, PostAssignmentEventKind.Suspended,
             PostAssignmentEventKind.ActivationRefused, PostAssignmentEventKind.Activated],
            a.Events.Select(e => e.Kind));
    }

    [Fact]
    public void ASuspensionNeedsAnActivePost()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At);

        Assert.NotEmpty(a.Suspend("证书已撤销", "office", At));
        Assert.Equal(PostAssignmentState.Proposed, a.State);
    }

    [Fact]
    public void LeavingAPostThatWasActiveNeedsTheSignedCommitmentAndStartsTheDecryptionPeriod()
    {
        var a = Active();

        Assert.Equal(["请先发起离岗，由本人签署离岗保密承诺书。"], a.End(offDutySigned: false, 24, "hr", At).Select(p => p.ToString()));
        Assert.Empty(a.RequestLeaving("hr", At));
        Assert.Equal(["该岗位已离岗或已发起离岗。"], a.RequestLeaving("hr", At).Select(p => p.ToString()));
        Assert.Equal(["本人尚未签署离岗保密承诺书。"], a.End(offDutySigned: false, 24, "hr", At).Select(p => p.ToString()));
        Assert.Equal(PostAssignmentState.Active, a.State);

        Assert.Empty(a.End(offDutySigned: true, 24, "hr", At));

        Assert.Equal((PostAssignmentState.Ended, (DateOnly?)new DateOnly(2028, 3, 2)), (a.State, a.DecryptionEndsOn));
        Assert.Equal("脱密期至 2028-03-02", a.Events[^1].Details);
        Assert.Equal(["该岗位已离岗。"], a.End(offDutySigned: true, 24, "hr", At).Select(p => p.ToString()));
        Assert.NotEmpty(a.Activate(Holds, "hr", At));
        Assert.Equal(
            [PostAssignmentEventKind.EndRefused, PostAssignmentEventKind.LeavingRequested, PostAssignmentEventKind.EndRefused, PostAssignmentEventKind.Ended],
            a.Events.Skip(3).Select(e => e.Kind));
    }

    [Fact]
    public void AProposalThatNeverBecameActiveIsWithdrawnWithoutCommitmentOrDecryptionPeriod()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At);

        Assert.Empty(a.End(offDutySigned: false, 24, "hr", At));

        Assert.Equal((PostAssignmentState.Ended, (DateOnly?)null, "撤销提名"), (a.State, a.DecryptionEndsOn, a.Events[^1].Details));
    }

    [Fact]
    public void TheDecryptionEndChangesWithAReasonAndNotBeforeTheDayOfLeaving()
    {
        var a = Active();
        Assert.Equal(["只有已离岗且处于脱密期的人员可以调整脱密期。"], a.ChangeDecryptionEnd(new DateOnly(2027, 1, 1), "批准", "hr", At).Select(p => p.ToString()));
        a.RequestLeaving("hr", At);
        a.End(offDutySigned: true, 24, "hr", At);

        Assert.Equal(["请填写调整脱密期的理由。"], a.ChangeDecryptionEnd(new DateOnly(2027, 1, 1), " ", "hr", At).Select(p => p.ToString()));
        Assert.Equal(["脱密期结束日期不能早于离岗日期。"], a.ChangeDecryptionEnd(new DateOnly(2026, 3, 1), "批准", "hr", At).Select(p => p.ToString()));
        Assert.Equal(new DateOnly(2028, 3, 2), a.DecryptionEndsOn);

        Assert.Empty(a.ChangeDecryptionEnd(new DateOnly(2027, 3, 2), " 保密委员会批准缩短 ", "hr", At));
        Assert.Equal(((DateOnly?)new DateOnly(2027, 3, 2), "保密委员会批准缩短"), (a.DecryptionEndsOn, a.DecryptionChangeReason));
        Assert.Equal("2028-03-02 → 2027-03-02：保密委员会批准缩短", a.Events[^1].Details);
    }

    [Fact]
    public void ACertificationIsSupersededRevokedOrExpiredOnlyWhileValid()
    {
        var superseded = Certification();
        Assert.True(superseded.Supersede());
        Assert.Equal(CertificationState.Superseded, superseded.State);
        Assert.False(superseded.Supersede());
        Assert.False(superseded.Revoke("泄密", "office", At));
        Assert.False(superseded.Expire(At.AddYears(2)));

        var revoked = Certification();
        Assert.True(revoked.Revoke(" 违规携带涉密载体 ", "office", At));
        Assert.Equal((CertificationState.Revoked, "违规携带涉密载体", "office", (DateTimeOffset?)At), (revoked.State, revoked.RevocationReason, revoked.RevokedBy, revoked.RevokedAt));
        Assert.False(revoked.Revoke("again", "office", At));
        Assert.False(revoked.Supersede());

        var lapsing = Certification();
        Assert.False(lapsing.Expire(At.AddMonths(11))); // not due yet
        Assert.True(lapsing.Expire(At.AddMonths(12)));
        Assert.Equal(At.AddMonths(12), lapsing.ExpiryProcessedAt);
        Assert.False(lapsing.Expire(At.AddMonths(13))); // once
        Assert.Equal(CertificationStatus.Expired, lapsing.StatusAt(At.AddMonths(13), 30));
    }

    private static PostAssignment Active()
    {
        var a = PostAssignment.Propose(7, Post, "hr", At.AddDays(-10));
        a.RecordVetting(true, null, "hr", At.AddDays(-9));
        Assert.Empty(a.Activate(Holds, "hr", At.AddDays(-8)));
        return a;
    }

    private static Certification Certification() =>
        new() { Number = "BM-2026-000001", PersonId = 7, CertificationTypeId = "pre-duty", IssuedAt = At, ValidUntil = At.AddMonths(12) };
}
