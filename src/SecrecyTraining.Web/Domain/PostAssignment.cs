namespace SecrecyTraining.Web.Domain;

public enum PostAssignmentState
{
    Proposed,
    Active,
    Suspended,
    Ended,
}

/// <summary>The 上岗前保密审查 (vetting) result HR records for a proposed post assignment.</summary>
public enum VettingResult
{
    Pending,
    Passed,
    Failed,
}

/// <summary>
/// A person on a classified post: Proposed → Active (only through <see cref="Gate"/>) → Suspended (a required certification
/// lapsed or was revoked) → Active again through the gate, or Ended (离岗, which starts the 脱密期). The state changes only
/// through the methods below; each checks its preconditions, and records its event (refusals too) in <see cref="Events"/>.
/// Each returns what stands in the way: empty when it was done.
/// </summary>
public class PostAssignment
{
    private PostAssignment()
    {
    }

    public int Id { get; private set; }

    public int PersonId { get; private set; }

    public Person? Person { get; private set; }

    public int PostId { get; private set; }

    public Post? Post { get; private set; }

    public PostAssignmentState State { get; private set; }

    public DateTimeOffset ProposedAt { get; private set; }

    public string ProposedBy { get; private set; } = "";

    public VettingResult Vetting { get; private set; }

    public DateTimeOffset? VettedAt { get; private set; }

    public string? VettedBy { get; private set; }

    public string? VettingNote { get; private set; }

    public DateTimeOffset? ActivatedAt { get; private set; }

    public DateTimeOffset? SuspendedAt { get; private set; }

    public string? SuspensionReason { get; private set; }

    /// <summary>Set when HR starts the leaving (离岗) procedure; the person can then sign the 离岗保密承诺书 for this post.</summary>
    public DateTimeOffset? LeavingRequestedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The last day of the 脱密期 (China time), set on leaving from the policy; HR may change it with a reason.</summary>
    public DateOnly? DecryptionEndsOn { get; private set; }

    public string? DecryptionChangeReason { get; private set; }

    public List<PostAssignmentEvent> Events { get; } = [];

    /// <summary>Open: the person holds or is about to hold the post.</summary>
    public bool IsOpen => State != PostAssignmentState.Ended;

    /// <summary>HR proposes the person for the post: the vetting is pending and the gate not yet passed.</summary>
    public static PostAssignment Propose(int personId, Post post, string actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var assignment = new PostAssignment
        {
            PersonId = personId,
            PostId = post.Id,
            State = PostAssignmentState.Proposed,
            ProposedAt = at,
            ProposedBy = actor,
            Vetting = VettingResult.Pending,
        };
        assignment.Record(PostAssignmentEventKind.Proposed, actor, at, $"{post.Title}（{post.Level.ChineseName()}）");
        return assignment;
    }

    /// <summary>HR records the 上岗前保密审查 of a proposal (again, if it was recorded before the activation).</summary>
    public IReadOnlyList<GateItem> RecordVetting(bool passed, string? note, string actor, DateTimeOffset at)
    {
        if (State != PostAssignmentState.Proposed)
        {
            return [new GateItem("只能为待上岗的提名记录上岗前保密审查。")];
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        (Vetting, VettedAt, VettedBy, VettingNote) = (passed ? VettingResult.Passed : VettingResult.Failed, at, actor, trimmed);
        Record(PostAssignmentEventKind.VettingRecorded, actor, at, (passed ? "通过" : "未通过") + (trimmed is null ? "" : "：" + trimmed));
        return [];
    }

    /// <summary>
    /// Activates a proposed or suspended assignment when the gate holds on <paramref name="facts"/> (gathered now, for this
    /// person and this post's level); otherwise records the refusal with every missing item. There is no override.
    /// </summary>
    public IReadOnlyList<GateItem> Activate(GateFacts facts, string actor, DateTimeOffset at)
    {
        if (State is PostAssignmentState.Active or PostAssignmentState.Ended)
        {
            return [new GateItem("只能启用待上岗或已暂停的岗位。")];
        }

        var missing = Gate.Missing(facts);
        if (missing.Count > 0)
        {
            Record(PostAssignmentEventKind.ActivationRefused, actor, at, string.Join("；", missing));
            return missing;
        }

        (State, ActivatedAt, SuspendedAt, SuspensionReason) = (PostAssignmentState.Active, at, null, null);
        Record(PostAssignmentEventKind.Activated, actor, at, "");
        return [];
    }

    /// <summary>Suspends an active assignment whose required certification lapsed or was revoked.</summary>
    public IReadOnlyList<GateItem> Suspend(string reason, string actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (State != PostAssignmentState.Active)
        {
            return [new GateItem("只能暂停在岗的岗位。")];
        }

        (State, SuspendedAt, SuspensionReason) = (PostAssignmentState.Suspended, at, reason);
        Record(PostAssignmentEventKind.Suspended, actor, at, reason);
        return [];
    }

    /// <summary>Starts the leaving procedure: the person can now sign the 离岗保密承诺书 for this post.</summary>
    public IReadOnlyList<GateItem> RequestLeaving(string actor, DateTimeOffset at)
    {
        if (State == PostAssignmentState.Ended || LeavingRequestedAt is not null)
        {
            return [new GateItem("该岗位已离岗或已发起离岗。")];
        }

        LeavingRequestedAt = at;
        Record(PostAssignmentEventKind.LeavingRequested, actor, at, "");
        return [];
    }

    /// <summary>
    /// Ends the assignment (离岗). A post that was ever active needs the person's signed 离岗 commitment for it
    /// (<paramref name="offDutySigned"/>) and starts a 脱密期 of <paramref name="decryptionMonths"/> from today (China time); a
    /// proposal that never became active is withdrawn without one, since no secrets were handled.
    /// </summary>
    public IReadOnlyList<GateItem> End(bool offDutySigned, int decryptionMonths, string actor, DateTimeOffset at)
    {
        if (State == PostAssignmentState.Ended)
        {
            return [new GateItem("该岗位已离岗。")];
        }

        var wasActive = State != PostAssignmentState.Proposed;
        if (wasActive && !offDutySigned)
        {
            var problem = LeavingRequestedAt is null
                ? new GateItem("请先发起离岗，由本人签署离岗保密承诺书。")
                : new GateItem("本人尚未签署离岗保密承诺书。");
            Record(PostAssignmentEventKind.EndRefused, actor, at, problem.ToString());
            return [problem];
        }

        var months = wasActive ? decryptionMonths : 0;
        (State, EndedAt) = (PostAssignmentState.Ended, at);
        DecryptionEndsOn = months > 0 ? Infrastructure.Web.LocalTime.Date(at).AddMonths(months) : null;
        Record(PostAssignmentEventKind.Ended, actor, at, DecryptionEndsOn is { } end ? $"脱密期至 {end:yyyy-MM-dd}" : "撤销提名");
        return [];
    }

    /// <summary>HR changes one person's 脱密期 end; the reason is required and recorded.</summary>
    public IReadOnlyList<GateItem> ChangeDecryptionEnd(DateOnly endsOn, string? reason, string actor, DateTimeOffset at)
    {
        if (EndedAt is not { } ended || DecryptionEndsOn is not { } before)
        {
            return [new GateItem("只有已离岗且处于脱密期的人员可以调整脱密期。")];
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return [new GateItem("请填写调整脱密期的理由。")];
        }

        if (endsOn < Infrastructure.Web.LocalTime.Date(ended))
        {
            return [new GateItem("脱密期结束日期不能早于离岗日期。")];
        }

        (DecryptionEndsOn, DecryptionChangeReason) = (endsOn, reason.Trim());
        Record(PostAssignmentEventKind.DecryptionPeriodChanged, actor, at, $"{before:yyyy-MM-dd} → {endsOn:yyyy-MM-dd}：{reason.Trim()}");
        return [];
    }

    private void Record(PostAssignmentEventKind kind, string actor, DateTimeOffset at, string details) =>
        Events.Add(new PostAssignmentEvent { PostAssignmentId = Id, Kind = kind, Actor = actor, At = at, Details = details });
}

public enum PostAssignmentEventKind
{
    Proposed,
    VettingRecorded,
    ActivationRefused,
    Activated,
    Suspended,
    LeavingRequested,
    EndRefused,
    Ended,
    DecryptionPeriodChanged,
}

/// <summary>What happened to a post assignment, by whom and why: the post's history, refusals included.</summary>
public class PostAssignmentEvent
{
    public int Id { get; init; }

    public int PostAssignmentId { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public PostAssignmentEventKind Kind { get; init; }

    public string Details { get; init; } = "";
}

/// <summary>The facts the gate looks at, gathered at the moment of activation.</summary>
public sealed record GateFacts(
    IReadOnlyCollection<string> RequiredChains,
    IReadOnlyCollection<string> ValidChains,
    IReadOnlyDictionary<string, string> ChainNames,
    bool SignedCurrentOnDutyCommitment,
    VettingResult Vetting);

/// <summary>A missing gate item: a zh-CN format (also the localization key) and its argument.</summary>
public sealed record GateItem(string Format, string Argument = "")
{
    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, Argument);
}

/// <summary>
/// The gate (DESIGN.md): a post is activated only when the person holds a valid certification of every type the post's
/// level requires, has signed the current 上岗 commitment, and HR recorded the vetting as passed. No override exists.
/// </summary>
public static class Gate
{
    /// <summary>
    /// The gate's requirements, one line each, in the order HR reads them: what is required (<see cref="GateCheck.Requirement"/>,
    /// the checklist on the assignment's page), whether it holds now, and how a refusal names it when it does not.
    /// </summary>
    public static IReadOnlyList<GateCheck> Checklist(GateFacts facts) =>
    [
        .. facts.RequiredChains.Order(StringComparer.Ordinal).Select(chain =>
        {
            var name = facts.ChainNames.GetValueOrDefault(chain, chain);
            return new GateCheck(new GateItem("持有有效的{0}证书", name), facts.ValidChains.Contains(chain), new GateItem("缺少有效的{0}证书", name));
        }),
        new(new GateItem("已签署当前版本的上岗保密承诺书"), facts.SignedCurrentOnDutyCommitment, new GateItem("未签署保密承诺书")),
        new(new GateItem("上岗前保密审查已通过"), facts.Vetting == VettingResult.Passed,
            facts.Vetting == VettingResult.Failed ? new GateItem("上岗前保密审查未通过") : new GateItem("未完成上岗前保密审查")),
    ];

    /// <summary>Every missing item, in words HR understands; empty when the post may be activated.</summary>
    public static IReadOnlyList<GateItem> Missing(GateFacts facts) => [.. Checklist(facts).Where(c => !c.Holds).Select(c => c.Missing)];
}

/// <summary>One requirement of the gate: its wording, whether it holds, and the refusal's wording when it does not.</summary>
public sealed record GateCheck(GateItem Requirement, bool Holds, GateItem Missing);
