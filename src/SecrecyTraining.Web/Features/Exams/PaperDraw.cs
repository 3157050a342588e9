using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Exams;

/// <summary>Draws a paper from a blueprint over the current questions: the start of an attempt, and the blueprint editor's sample paper.</summary>
public sealed class PaperDraw(AppDbContext db)
{
    /// <summary>The paper of one attempt: each rule's questions drawn at random (no question twice), ordered and with option orders; null when a rule cannot be filled.</summary>
    public async Task<List<AttemptQuestion>?> DrawAsync(ExamBlueprint exam, CancellationToken ct) =>
        (await DrawManyAsync(exam, 1, ct))?[0];

    /// <summary>
    /// <paramref name="count"/> papers drawn independently from one read of the bank: the papers of an exam session's
    /// examinees, drawn when it is published. Null when a rule cannot be filled.
    /// </summary>
    public async Task<List<List<AttemptQuestion>>?> DrawManyAsync(ExamBlueprint exam, int count, CancellationToken ct)
    {
        var tree = await ClauseTree.LoadAsync(db, ct);
        var pool = await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Include(q => q.Clauses).ToListAsync(ct);
        var candidatesByRule = exam.Rules
            .Select(rule => (rule, pool.Where(q => DrawRules.Matches(rule.Bank, rule.Type, rule.Clauses, q.Bank, q.Type, q.Clauses.Select(c => c.ClauseId), tree)).ToArray()))
            .ToList();
        var chapters = pool.ToDictionary(q => q.Id, q => tree.Chapter(q.Clauses.Select(c => c.ClauseId).Order(StringComparer.Ordinal).First()));
        var papers = new List<List<AttemptQuestion>>(count);
        for (var i = 0; i < count; i++)
        {
            var drawn = new List<(Question Question, decimal Points)>();
            foreach (var (rule, matching) in candidatesByRule)
            {
                var candidates = matching.Where(q => drawn.All(d => d.Question.Id != q.Id)).ToArray();
                if (candidates.Length < rule.Count)
                {
                    return null;
                }

                Random.Shared.Shuffle(candidates);
                drawn.AddRange(candidates.Take(rule.Count).Select(q => (q, rule.Points)));
            }

            var order = drawn.ToArray();
            if (exam.ShuffleQuestions)
            {
                Random.Shared.Shuffle(order);
            }

            papers.Add([.. order.Select((d, position) => new AttemptQuestion
            {
                Position = position + 1,
                QuestionId = d.Question.Id,
                Points = d.Points,
                OptionOrder = OptionOrder(d.Question, exam.ShuffleOptions),
                Chapter = chapters[d.Question.Id],
            })]);
        }

        return papers;
    }

    private static int[] OptionOrder(Question question, bool shuffle)
    {
        var order = Enumerable.Range(0, question.Options.Count).ToArray();
        if (shuffle && question.Type != QuestionType.TrueFalse)
        {
            Random.Shared.Shuffle(order);
        }

        return order;
    }
}
