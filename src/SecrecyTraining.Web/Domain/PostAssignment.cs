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
/// lapsed or was revoked) → Active again through the gate, or Ended (离岗, which starts the 脱密期).
/// </summary>
public class PostAssignment
{
    public int Id { get; init; }

    public int PersonId { get; init; }

    public Person? Person { get; init; }

    public int PostId { get; init; }

    public Post? Post { get; init; }

    public PostAssignmentState State { get; set; }

    public DateTimeOffset ProposedAt { get; init; }

    public required string ProposedBy { get; init; }

    public VettingResult Vetting { get; set; }

    public DateTimeOffset? VettedAt { get; set; }

    public string? VettedBy { get; set; }

    public string? VettingNote { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public DateTimeOffset? SuspendedAt { get; set; }

    public string? SuspensionReason { get; set; }

    /// <summary>Set when HR starts the leaving (离岗) procedure; the person can then sign the 离岗保密承诺书 for this post.</summary>
    public DateTimeOffset? LeavingRequestedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The last day of the 脱密期 (China time), set on leaving from the policy; HR may change it with a reason.</summary>
    public DateOnly? DecryptionEndsOn { get; set; }

    public string? DecryptionChangeReason { get; set; }

    public List<PostAssignmentEvent> Events { get; } = [];

    /// <summary>Open: the person holds or is about to hold the post.</summary>
    public bool IsOpen => State != PostAssignmentState.Ended;
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
