namespace SecrecyTraining.Web.Domain;

/// <summary>
/// One append-only audit record. <see cref="Hash"/> covers the previous entry's hash and this entry's fields, so altering,
/// inserting or removing an entry breaks the chain from there on (<c>audit verify</c> names the first break).
/// </summary>
public class AuditEntry
{
    /// <summary>
    /// How <see cref="Hash"/> encodes the fields: 1, the fields joined by U+001F (entries written before 2026-12); 2, each
    /// field length-prefixed, so no choice of field values can make two different entries encode alike. Every entry
    /// written now is version 2; a version 1 entry after a version 2 one, or one whose fields hold U+001F (the only way to
    /// shift text between its fields), breaks the chain.
    /// </summary>
    public const int CurrentHashVersion = 2;

    public int HashVersion { get; init; } = CurrentHashVersion;

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
