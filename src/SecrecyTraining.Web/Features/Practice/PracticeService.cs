using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Practice;

public sealed record PracticeChapter(string Id, string Name, int Questions);

/// <summary>A practice answer's feedback; a 简答 answer is not scored (<see cref="Correct"/> null): it is shown beside the reference answer.</summary>
public sealed record PracticeFeedback(Question Question, IReadOnlyList<int> Selected, bool? Correct, WrongAnswer? WrongBookEntry, IReadOnlyList<string>? Texts = null);

/// <summary>Practice by chapter or clause with instant feedback, and the 错题本 that practice and exams fill.</summary>
public sealed class PracticeService(AppDbContext db, TimeProvider clock)
{
    /// <summary>The word used as the scope of practice from the wrong-answer book instead of a chapter.</summary>
    public const string WrongBook = "wrong";

    public async Task<IReadOnlyList<PracticeChapter>> ChaptersAsync(CancellationToken ct = default)
    {
        var tree = await ClauseTree.LoadAsync(db, ct);
        var clauses = await db.Clauses.AsNoTracking().Where(c => !c.IsRetired).Select(c => new { c.Id, c.Heading, c.ParentId, c.RegulationId }).ToListAsync(ct);
        var regulations = await db.Regulations.AsNoTracking().Where(r => !r.IsRetired).OrderBy(r => r.SortOrder).ToListAsync(ct);
        var cited = await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Select(q => new { q.Id, Clause = q.Clauses.Select(c => c.ClauseId).Min() }).ToListAsync(ct);
        var counts = cited.Where(q => q.Clause is not null).GroupBy(q => tree.Chapter(q.Clause!)).ToDictionary(g => g.Key, g => g.Count());
        var chapters = new List<PracticeChapter>();
        foreach (var regulation in regulations)
        {
            var heads = clauses.Where(c => c.RegulationId == regulation.Id && c.ParentId is null && clauses.Any(x => x.ParentId == c.Id)).ToList();
            chapters.AddRange(heads.Count > 0
                ? heads.Select(h => new PracticeChapter(h.Id, $"{regulation.Title} · {h.Heading}", counts.GetValueOrDefault(h.Id)))
                : [new PracticeChapter(regulation.Id, regulation.Title, counts.GetValueOrDefault(regulation.Id))]);
        }

        return [.. chapters.Where(c => c.Questions > 0)];
    }

    /// <summary>A random current question of the scope (a clause or chapter, or the open entries of the wrong-answer book), or null if none.</summary>
    public async Task<Question?> NextAsync(int personId, string scope, CancellationToken ct = default)
    {
        List<Question> pool;
        if (scope == WrongBook)
        {
            var keys = await db.WrongAnswers.Where(w => w.PersonId == personId && w.ClearedAt == null).Select(w => w.QuestionKey).ToListAsync(ct);
            pool = await db.Questions.AsNoTracking().Include(q => q.Clauses).Where(q => q.IsCurrent && keys.Contains(q.Key)).ToListAsync(ct);
        }
        else
        {
            var tree = await ClauseTree.LoadAsync(db, ct);
            pool = [.. (await db.Questions.AsNoTracking().Include(q => q.Clauses).Where(q => q.IsCurrent).ToListAsync(ct))
                .Where(q => q.Clauses.Any(c => tree.IsWithin(c.ClauseId, scope) || (tree.Contains(c.ClauseId) && tree.Chapter(c.ClauseId) == scope)))];
        }

        return pool.Count == 0 ? null : pool[Random.Shared.Next(pool.Count)];
    }

    public async Task<PracticeFeedback?> AnswerAsync(int personId, int questionId, IReadOnlyList<int> selected, IReadOnlyList<string>? texts = null, CancellationToken ct = default)
    {
        var question = await db.Questions.AsNoTracking().Include(q => q.Clauses).SingleOrDefaultAsync(q => q.Id == questionId && q.IsCurrent, ct);
        if (question is null)
        {
            return null;
        }

        var written = (texts ?? []).Select(t => t.Trim()).ToList();
        if (question.Type == QuestionType.ShortAnswer)
        {
            return new PracticeFeedback(question, [], null, null, written); // compared with the reference answer by the trainee
        }

        var correct = question.Type == QuestionType.FillBlank
            ? ExamScoring.GradeBlanks(question.Blanks, written, question.NormalizeAnswers, 1).Correct
            : selected.Distinct().Order().SequenceEqual(question.Correct.Order());
        var entry = await RecordAsync(personId, question.Key, correct, ct);
        await db.SaveChangesAsync(ct);
        return new PracticeFeedback(question, selected, correct, entry, written);
    }


    public Task<int> OpenWrongAnswersAsync(int personId, CancellationToken ct = default) =>
        db.WrongAnswers.CountAsync(w => w.PersonId == personId && w.ClearedAt == null, ct);

    /// <summary>Puts the questions missed in a graded exam into the book (or back into it), with one read. The caller saves.</summary>
    public async Task RecordWrongAsync(int personId, IReadOnlyCollection<string> questionKeys, CancellationToken ct = default)
    {
        if (questionKeys.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var keys = questionKeys.Distinct().ToList();
        var entries = await db.WrongAnswers.Where(w => w.PersonId == personId && keys.Contains(w.QuestionKey)).ToDictionaryAsync(w => w.QuestionKey, ct);
        foreach (var key in keys)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new WrongAnswer { PersonId = personId, QuestionKey = key };
                db.WrongAnswers.Add(entry);
            }

            entry.AnsweredWrong(now);
        }
    }

    /// <summary>Puts a wrong answer in the book (or back into it); a right answer counts towards leaving it. The caller saves.</summary>
    public async Task<WrongAnswer?> RecordAsync(int personId, string questionKey, bool correct, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var entry = await db.WrongAnswers.SingleOrDefaultAsync(w => w.PersonId == personId && w.QuestionKey == questionKey, ct)
                    ?? db.WrongAnswers.Local.SingleOrDefault(w => w.PersonId == personId && w.QuestionKey == questionKey);
        if (correct)
        {
            entry?.AnsweredRight(now);
            return entry;
        }

        if (entry is null)
        {
            entry = new WrongAnswer { PersonId = personId, QuestionKey = questionKey };
            db.WrongAnswers.Add(entry);
        }

        entry.AnsweredWrong(now);
        return entry;
    }
}
