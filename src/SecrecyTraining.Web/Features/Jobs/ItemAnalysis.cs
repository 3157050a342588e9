using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// The nightly item analysis (item-statistics): streams every graded answer once, accumulates per question, and replaces
/// the <see cref="ItemStatistic"/> table in one transaction. Discrimination is the correlation between the question's
/// score (right or wrong; for 填空 and 简答 the share of its points earned) and the attempt's rest score (its score without
/// this question, as a share of the rest of the points), so a question is not correlated with itself; for a right/wrong
/// question that is the point-biserial. Flags need <c>Jobs:ItemStatistics:MinimumResponses</c> (20).
/// </summary>
public sealed class ItemStatistics(AppDbContext db, IConfiguration configuration, TimeProvider clock) : IJob
{
    public const decimal TooEasy = 0.95m;
    public const decimal TooHard = 0.20m;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var minimum = configuration.GetValue("Jobs:ItemStatistics:MinimumResponses", 20);
        var options = await db.Questions.AsNoTracking().Select(q => new { q.Id, q.Options, q.Correct, q.Type }).ToDictionaryAsync(q => q.Id, ct);
        var totals = new Dictionary<int, Accumulator>();
        var rows = from r in db.Responses.AsNoTracking()
                   join aq in db.AttemptQuestions on new { r.AttemptId, r.Position } equals new { aq.AttemptId, aq.Position }
                   join a in db.Attempts on r.AttemptId equals a.Id
                   where a.Status != AttemptStatus.InProgress && !a.AwaitingGrading && r.Correct != null
                   select new { aq.QuestionId, Correct = r.Correct!.Value, r.Selected, r.Awarded, aq.Points, a.Score, a.MaxScore };
        var count = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!options.TryGetValue(row.QuestionId, out var question))
            {
                continue;
            }

            if (!totals.TryGetValue(row.QuestionId, out var total))
            {
                totals[row.QuestionId] = total = new Accumulator(question.Options.Count);
            }

            var restPoints = row.MaxScore - row.Points;
            double? rest = restPoints > 0 ? (double)(((row.Score ?? 0) - (row.Awarded ?? 0)) / restPoints) : null;
            // A 填空 or 简答 answer counts by the share of its points it earned; a choice answer is right or wrong.
            var earned = question.Type.IsChoice() ? (row.Correct ? 1 : 0) : row.Points > 0 ? (double)((row.Awarded ?? 0) / row.Points) : 0;
            total.Add(earned, rest, row.Selected);
            count++;
        }

        var now = clock.GetUtcNow();
        var statistics = totals.Select(t =>
        {
            var q = options[t.Key];
            var (facility, discrimination, rates) = t.Value.Result();
            var flags = new List<ItemWarning>();
            if (t.Value.N >= minimum)
            {
                if (facility > TooEasy)
                {
                    flags.Add(ItemWarning.TooEasy);
                }

                if (facility < TooHard)
                {
                    flags.Add(ItemWarning.TooHard);
                }

                if (discrimination < 0)
                {
                    flags.Add(ItemWarning.NegativeDiscrimination);
                }

                if (q.Options.Count > 2 && rates.Where((_, i) => !q.Correct.Contains(i)).Any(r => r == 0))
                {
                    flags.Add(ItemWarning.UnusedDistractor);
                }
            }

            return new ItemStatistic
            {
                QuestionId = t.Key,
                Responses = t.Value.N,
                Facility = facility,
                Discrimination = discrimination,
                OptionRates = rates,
                Flags = string.Join(',', flags),
                ComputedAt = now,
            };
        }).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ItemStatistics.ExecuteDeleteAsync(ct);
        db.ItemStatistics.AddRange(statistics);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return $"{statistics.Count} question(s) analysed from {count} graded answer(s); {statistics.Count(s => s.Flags.Length > 0)} flagged.";
    }

    /// <summary>
    /// Running sums for one question: facility (the mean share of its points earned), the correlation of that share with
    /// the rest score (for a right/wrong question exactly the point-biserial), and option counts, in one pass.
    /// </summary>
    private sealed class Accumulator(int optionCount)
    {
        private readonly int[] chosen = new int[optionCount];
        private double earned;
        private int withRest;
        private double sumX;
        private double sumXX;
        private double sumRest;
        private double sumRestSquared;
        private double sumXRest;

        public int N { get; private set; }

        public void Add(double share, double? rest, IReadOnlyList<int> selected)
        {
            N++;
            earned += share;
            foreach (var option in selected.Distinct().Where(o => o >= 0 && o < chosen.Length))
            {
                chosen[option]++;
            }

            if (rest is { } r)
            {
                withRest++;
                sumX += share;
                sumXX += share * share;
                sumRest += r;
                sumRestSquared += r * r;
                sumXRest += share * r;
            }
        }

        public (decimal Facility, decimal? Discrimination, IReadOnlyList<decimal> Rates) Result()
        {
            var facility = N == 0 ? 0 : Math.Round((decimal)(earned / N), 4);
            decimal? discrimination = null;
            if (withRest > 0)
            {
                var (meanX, meanRest) = (sumX / withRest, sumRest / withRest);
                var sdX = Math.Sqrt(Math.Max(0, (sumXX / withRest) - (meanX * meanX)));
                var sdRest = Math.Sqrt(Math.Max(0, (sumRestSquared / withRest) - (meanRest * meanRest)));
                if (sdX > 1e-12 && sdRest > 1e-12)
                {
                    discrimination = Math.Round((decimal)(((sumXRest / withRest) - (meanX * meanRest)) / (sdX * sdRest)), 4);
                }
            }

            return (facility, discrimination, [.. chosen.Select(c => N == 0 ? 0 : Math.Round((decimal)c / N, 4))]);
        }
    }
}
