using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

public sealed record ItemRow(Question Question, ItemStatistic Statistic);

/// <summary>A rollup over the questions citing a clause (or under a chapter): how well that rule is understood.</summary>
public sealed record RuleRow(string Id, int Questions, int Responses, decimal Facility, int Flagged);

public sealed record ItemAnalysisViewModel(
    IReadOnlyList<ItemRow> Items, IReadOnlyList<RuleRow> Clauses, IReadOnlyList<RuleRow> Chapters, bool FlaggedOnly, DateTimeOffset? ComputedAt);

/// <summary>Reads the item-statistics job's table and rolls it up per clause and per chapter (weighted by responses).</summary>
public sealed class ItemAnalysisPage(AppDbContext db)
{
    public async Task<ItemAnalysisViewModel> BuildAsync(bool flaggedOnly, CancellationToken ct = default)
    {
        var statistics = await db.ItemStatistics.AsNoTracking().ToListAsync(ct);
        var ids = statistics.Select(s => s.QuestionId).ToList();
        var questions = await db.Questions.AsNoTracking().Include(q => q.Clauses).Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct);
        var tree = await ClauseTree.LoadAsync(db, ct);
        var items = statistics.Where(s => questions.ContainsKey(s.QuestionId)).Select(s => new ItemRow(questions[s.QuestionId], s)).ToList();

        List<RuleRow> Roll(Func<ItemRow, IEnumerable<string>> keys) => [.. items
            .SelectMany(i => keys(i).Distinct().Select(k => (Key: k, Item: i)))
            .GroupBy(x => x.Key)
            .Select(g =>
            {
                var responses = g.Sum(x => x.Item.Statistic.Responses);
                var facility = responses == 0 ? 0 : Math.Round(g.Sum(x => x.Item.Statistic.Facility * x.Item.Statistic.Responses) / responses, 4);
                return new RuleRow(g.Key, g.Count(), responses, facility, g.Count(x => x.Item.Statistic.Flags.Length > 0));
            })
            .OrderBy(r => r.Facility).ThenBy(r => r.Id, StringComparer.Ordinal)];

        return new ItemAnalysisViewModel(
            [.. items.Where(i => !flaggedOnly || i.Statistic.Flags.Length > 0).OrderBy(i => i.Statistic.Facility).ThenBy(i => i.Question.Key, StringComparer.Ordinal)],
            Roll(i => i.Question.Clauses.Select(c => c.ClauseId)),
            Roll(i => i.Question.Clauses.Select(c => tree.Chapter(c.ClauseId))),
            flaggedOnly,
            statistics.Count == 0 ? null : statistics.Max(s => s.ComputedAt));
    }
}
