namespace SecrecyTraining.Web.Domain;

/// <summary>A regulation or law as imported from content/regulations; its clauses are what questions and lessons cite.</summary>
public class Regulation
{
    public required string Id { get; init; }

    public required string Title { get; set; }

    public required string Issuer { get; set; }

    public required string Version { get; set; }

    public DateOnly Effective { get; set; }

    public string Preamble { get; set; } = "";

    public int SortOrder { get; set; }

    public bool IsRetired { get; set; }
}

/// <summary>
/// A clause with a stable id (QD.4.1 = 篇三 第四章（一）). The id never changes meaning; a changed text raises
/// <see cref="Version"/> and keeps the old text in <see cref="ClauseRevision"/>.
/// </summary>
public class Clause
{
    public required string Id { get; init; }

    public required string RegulationId { get; set; }

    public string? ParentId { get; set; }

    public required string Heading { get; set; }

    public required string Text { get; set; }

    public int Version { get; set; } = 1;

    public int SortOrder { get; set; }

    public bool IsRetired { get; set; }
}

public class ClauseRevision
{
    public int Id { get; init; }

    public required string ClauseId { get; init; }

    public int Version { get; init; }

    public required string Text { get; init; }

    public int ContentImportId { get; init; }
}
