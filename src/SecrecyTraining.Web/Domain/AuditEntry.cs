namespace SecrecyTraining.Web.Domain;

/// <summary>
/// One append-only audit record. <see cref="Hash"/> covers the previous entry's hash and this entry's fields, so altering,
/// inserting or removing an entry breaks the chain from there on (<c>audit verify</c> names the first break).
/// </summary>
public class AuditEntry
{
    public long Sequence { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    /// <summary>What happened, e.g. <c>sign-in.failed</c>, <c>post.activation-refused</c>, <c>certificate.revoked</c>.</summary>
    public required string Action { get; init; }

    public string Subject { get; init; } = "";

    public string Details { get; init; } = "";

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }
}

/// <summary>The chain's head: the last sequence and hash, moved forward by a conditional update so appends never fork.</summary>
public class AuditChainHead
{
    public int Id { get; init; }

    public long LastSequence { get; set; }

    public required string LastHash { get; set; }
}

/// <summary>The chain's head as recorded by the nightly audit-checkpoint job: a rewrite of the chain before it shows up.</summary>
public class AuditCheckpoint
{
    public int Id { get; init; }

    public DateTimeOffset At { get; init; }

    public long Sequence { get; init; }

    public required string Hash { get; init; }
}
