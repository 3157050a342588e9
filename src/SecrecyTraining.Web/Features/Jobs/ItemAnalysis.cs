using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// The nightly item analysis (item-statistics): streams every graded answer once, accumulates per question, and replaces
/// the <see cref="ItemStatistic"/> table in one transaction. Discrimination is the point-biserial correlation between
/// answering the question right and the attempt's rest score (its score without this question, as a share of the rest of
/// the points), so a question is not correlated with itself. Flags need <c>Jobs:ItemStatistics:MinimumResponses</c> (20).
/// </summary>
public sealed class ItemStatistics(AppDbContext db, IConfiguration configuration, TimeProvider clock) : IJob
{
    public const decimal TooEasy = 0.95m;
    public const decimal TooHard = 0.20m;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var minimum = configuration.GetValue("Jobs:ItemStatistics:MinimumResponses", 20);
        var options = await db.Questions.AsNoTracking().Select(q => new { q.Id, q.Options, q.Correct }).ToDictionaryAsync(q => q.Id, ct);
        var totals = new Dictionary<int, Accumulator>();
        var rows = from r in db.Responses.AsNoTracking()
                   join aq in db.AttemptQuestions on new { r.AttemptId, r.Position } equals new { aq.AttemptId, aq.Position }
                   join a in db.Attempts on r.AttemptId equals a.Id
                   where a.Status != AttemptStatus.InProgress && r.Correct != null
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
            total.Add(row.Correct, rest, row.Selected);
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

    /// <summary>Running sums for one question: facility, point-biserial and option counts in one pass.</summary>
    private sealed class Accumulator(int optionCount)
    {
        private readonly int[] chosen = new int[optionCount];
        private int right;
        private int withRest;
        private int rightWithRest;
        private double sumRest;
        private double sumRestSquared;
        private double sumRestRight;

        public int N { get; private set; }

        public void Add(bool correct, double? rest, IReadOnlyList<int> selected)
        {
            N++;
            right += correct ? 1 : 0;
            foreach (var option in selected.Distinct().Where(o => o >= 0 && o < chosen.Length))
            {
                chosen[option]++;
            }

            if (rest is { } r)
            {
                withRest++;
                rightWithRest += correct ? 1 : 0;
                sumRest += r;
                sumRestSquared += r * r;
                sumRestRight += correct ? r : 0;
            }
        }

        public (decimal Facility, decimal? Discrimination, IReadOnlyList<decimal> Rates) Result()
        {
            var facility = N == 0 ? 0 : Math.Round((decimal)right / N, 4);
            decimal? discrimination = null;
            var wrongWithRest = withRest - rightWithRest;
            if (rightWithRest > 0 && wrongWithRest > 0)
            {
                var mean = sumRest / withRest;
                var sd = Math.Sqrt(Math.Max(0, (sumRestSquared / withRest) - (mean * mean)));
                if (sd > 1e-12)
                {
                    var meanRight = sumRestRight / rightWithRest;
                    var meanWrong = (sumRest - sumRestRight) / wrongWithRest;
                    var p = (double)rightWithRest / withRest;
                    discrimination = Math.Round((decimal)((meanRight - meanWrong) / sd * Math.Sqrt(p * (1 - p))), 4);
                }
            }

            return (facility, discrimination, [.. chosen.Select(c => N == 0 ? 0 : Math.Round((decimal)c / N, 4))]);
        }
    }
}
