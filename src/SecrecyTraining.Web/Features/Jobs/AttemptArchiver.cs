using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// The archive copy of every concluded formal attempt (<see cref="Sessions.AttemptDocuments.ArchiveAsync"/>: the PDF
/// stored, its SHA-256 in the audit chain), made here rather than in the submit: drawing a fifty-question Chinese PDF
/// takes a core for a good part of a second, and at the end of an exam session everyone submits within minutes. One
/// attempt per transaction, oldest first, at most <c>Jobs:ArchiveBatch</c> (200) a run; an attempt concluded again after
/// a reopening gets a new copy. Run twice, it archives each conclusion once.
/// </summary>
public sealed class AttemptArchiver(AppDbContext db, Sessions.AttemptDocuments documents, IConfiguration configuration) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var batch = Math.Max(1, configuration.GetValue("Jobs:ArchiveBatch", 200));
        var due = await Due(db).OrderBy(a => a.Id).Select(a => a.Id).Take(batch).ToListAsync(ct);
        var archived = 0;
        foreach (var id in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await Due(db).AnyAsync(a => a.Id == id, ct)) // another node may have been first
            {
                await documents.ArchiveAsync(id, "system", ct);
                archived++;
            }

            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return $"{archived} attempt(s) archived.";
    }

    /// <summary>Concluded formal attempts (scored, not awaiting grading) with no archive copy made since they were submitted.</summary>
    public static IQueryable<Attempt> Due(AppDbContext db) =>
        db.Attempts.AsNoTracking().Where(a => (a.Status == AttemptStatus.Submitted || a.Status == AttemptStatus.Finalized) && !a.AwaitingGrading
            && a.Score != null && a.SubmittedAt != null
            && db.ExamBlueprints.Any(e => e.Id == a.ExamId && e.Kind != ExamKind.Practice)
            && !db.AttemptArchives.Any(r => r.AttemptId == a.Id && r.CreatedAt >= a.SubmittedAt));
}
