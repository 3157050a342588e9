using Microsoft.EntityFrameworkCore;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>
/// The clause hierarchy (QD.3.4.1 under QD.3.4 under QD.3): which clauses lie under a chapter, and which chapter a clause
/// belongs to. One tree serves the validator, the exam draw and the per-chapter breakdown.
/// </summary>
public sealed class ClauseTree
{
    private readonly Dictionary<string, string?> parents;
    private readonly Dictionary<string, string> regulations;

    public ClauseTree(IEnumerable<(string Id, string? ParentId, string RegulationId)> clauses)
    {
        var list = clauses.ToList();
        parents = list.ToDictionary(c => c.Id, c => c.ParentId);
        regulations = list.ToDictionary(c => c.Id, c => c.RegulationId);
    }

    /// <summary>The tree of every clause in the database, retired ones included (old attempts cite them).</summary>
    public static async Task<ClauseTree> LoadAsync(Data.AppDbContext db, CancellationToken ct = default) =>
        new((await db.Clauses.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.RegulationId }).ToListAsync(ct))
            .Select(c => (c.Id, c.ParentId, c.RegulationId)));

    public bool Contains(string id) => parents.ContainsKey(id);

    /// <summary>Whether <paramref name="id"/> is <paramref name="ancestorOrSelf"/> or lies under it.</summary>
    public bool IsWithin(string id, string ancestorOrSelf)
    {
        for (string? c = id; c is not null; c = parents.GetValueOrDefault(c))
        {
            if (c == ancestorOrSelf)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The chapter a clause belongs to: its top-level ancestor, or the regulation when the clause stands alone (篇一 paragraphs).</summary>
    public string Chapter(string id)
    {
        if (!parents.TryGetValue(id, out var parent))
        {
            return id;
        }

        if (parent is null)
        {
            return regulations[id];
        }

        var top = id;
        while (parents.GetValueOrDefault(top) is { } up)
        {
            top = up;
        }

        return top;
    }
}

/// <summary>Which questions a blueprint rule may draw: the same rule for validation, coverage and the exam itself.</summary>
public static class DrawRules
{
    public static bool Matches(
        string? ruleBank, QuestionType? ruleType, IReadOnlyCollection<string> ruleClauses,
        string bank, QuestionType type, IEnumerable<string> clauses, ClauseTree tree) =>
        (ruleBank is null || bank == ruleBank)
        && (ruleType is null ? type != QuestionType.ShortAnswer : type == ruleType) // a 简答 question needs a grader: only a rule naming its type draws it
        && (ruleClauses.Count == 0 || clauses.Any(cited => ruleClauses.Any(wanted => tree.IsWithin(cited, wanted))));
}
