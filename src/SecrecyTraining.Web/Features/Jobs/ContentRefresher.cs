using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Notifications;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// After an import that changed clauses, and once the 保密办 approved it on the import report: a short targeted exam on the
/// changed clauses (generated blueprint <c>content-change-&lt;import&gt;</c>, up to 3 current questions per clause) is
/// assigned, due in 30 days, to everyone holding a valid certification of an affected type issued before the import — once
/// per person (key <c>content-change:&lt;import&gt;:&lt;user&gt;</c>).
/// </summary>
public sealed class ContentRefresher(AppDbContext db, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public const string ExamPrefix = "content-change-";
    public const int QuestionsPerClause = 3;
    public const int DueDays = 30;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var pending = await db.ContentImports.AsNoTracking()
            .Where(i => i.RefresherApprovedAt != null && i.RefresherAssignedAt == null).OrderBy(i => i.Id).ToListAsync(ct);
        var assigned = 0;
        foreach (var import in pending)
        {
            ct.ThrowIfCancellationRequested();
            var exam = await ExamAsync(import, ct);
            if (exam is not null)
            {
                assigned += await AssignAsync(import, exam, ct);
            }

            var now = clock.GetUtcNow();
            await db.ContentImports.Where(i => i.Id == import.Id && i.RefresherAssignedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RefresherAssignedAt, now), ct);
        }

        return $"{assigned} targeted refresher assignment(s) created for {pending.Count} approved import(s).";
    }

    /// <summary>The targeted exam of the import (created on the first run); null when no current question cites a changed clause.</summary>
    private async Task<ExamBlueprint?> ExamAsync(ContentImport import, CancellationToken ct)
    {
        var id = ExamPrefix + import.Id;
        if (await db.ExamBlueprints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is { } existing)
        {
            return existing;
        }

        var tree = await ClauseTree.LoadAsync(db, ct);
        var pool = await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Include(q => q.Clauses).ToListAsync(ct);
        var rules = new List<DrawRule>();
        var used = new HashSet<int>();
        foreach (var clause in import.ChangedClauseIds)
        {
            var matching = pool.Where(q => !used.Contains(q.Id) && DrawRules.Matches(null, null, [clause], q.Bank, q.Type, q.Clauses.Select(c => c.ClauseId), tree))
                .Take(QuestionsPerClause).ToList();
            if (matching.Count > 0)
            {
                used.UnionWith(matching.Select(q => q.Id));
                rules.Add(new DrawRule(null, [clause], null, matching.Count, 10));
            }
        }

        if (rules.Count == 0)
        {
            return null;
        }

        var exam = new ExamBlueprint
        {
            Id = id,
            Kind = ExamKind.Practice,
            Title = $"制度修订培训：{string.Join("、", import.ChangedClauseIds)}",
            TimeLimitMinutes = 20,
            MaxAttempts = 0,
            ShuffleQuestions = true,
            ShuffleOptions = true,
            Review = ReviewPolicy.Full,
            Rules = rules,
        };
        try
        {
            db.ExamBlueprints.Add(exam);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear(); // another node created it
        }

        return exam;
    }

    private async Task<int> AssignAsync(ContentImport import, ExamBlueprint exam, CancellationToken ct)
    {
        var types = import.AffectedCertificationTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var now = clock.GetUtcNow();
        var holders = await db.Certifications.AsNoTracking()
            .Where(c => c.State == CertificationState.Valid && c.ValidUntil > now && c.IssuedAt < import.ImportedAt && types.Contains(c.CertificationTypeId))
            .Select(c => c.PersonId).Distinct().OrderBy(p => p).ToListAsync(ct);
        return await batches.BatchesAsync(holders, async batch =>
        {
            var keys = batch.Select(p => $"content-change:{import.Id}:{p}").ToList();
            var taken = (await db.TrainingAssignments.Where(t => keys.Contains(t.Key!)).Select(t => t.Key!).ToListAsync(ct)).ToHashSet();
            var fresh = batch.Where(p => !taken.Contains($"content-change:{import.Id}:{p}")).ToList();
            foreach (var personId in fresh)
            {
                db.TrainingAssignments.Add(new TrainingAssignment
                {
                    PersonId = personId,
                    Key = $"content-change:{import.Id}:{personId}",
                    Reason = TrainingReason.ContentChange,
                    ExamId = exam.Id,
                    AssignedAt = now,
                    DueAt = now.AddDays(DueDays),
                });
            }

            var accounts = await notifier.AccountsOfAsync(fresh, ct);
            await notifier.AddAsync([.. fresh.Where(accounts.ContainsKey).Select(p => accounts[p]).Select(u => new NotificationDraft(u, $"content-change:{import.Id}:{u}", "制度已修订，请完成针对性复训",
                $"条款 {string.Join("、", import.ChangedClauseIds)} 已修订。请在 {DueDays} 天内完成《{exam.Title}》。", "/exams"))], ct);
            return fresh.Count;
        }, ct);
    }
}
