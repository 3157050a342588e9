using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Domain;

/// <summary>
/// A signed 保密承诺书: the person read the exact text (version and SHA-256 hash stored) and confirmed with their password.
/// A 离岗 commitment belongs to the post assignment being left.
/// </summary>
public class CommitmentSignature
{
    public int Id { get; init; }

    public required int PersonId { get; init; }

    public CommitmentKind Kind { get; init; }

    public int CommitmentTextId { get; init; }

    public required string Version { get; init; }

    public required string TextHash { get; init; }

    public DateTimeOffset SignedAt { get; init; }

    public int? PostAssignmentId { get; init; }
}
