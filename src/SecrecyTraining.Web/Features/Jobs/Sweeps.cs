using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Exams;
using SecrecyTraining.Web.Features.Notifications;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// Certifications entering their holder's recertification window get the refresher assignment (the refresher course and
/// exam of the same chain, due at expiry) and one notice — once per certification, i.e. once per person per cycle
/// (key <c>refresher:&lt;certification id&gt;</c>). Only holders on a post (an open post assignment) are assigned.
/// </summary>
public sealed class RecertificationSweep(AppDbContext db, Standing standing, Notifier notifier, TimeProvider clock) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var widest = await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync(ct) ?? 0;
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var refreshers = await db.ExamBlueprints.AsNoTracking()
            .Where(e => e.Kind == ExamKind.Refresher && !e.IsRetired && e.CertificationTypeId != null).ToListAsync(ct);
        var horizon = now.AddDays(widest);
        var candidates = await db.Certifications.AsNoTracking()
            .Where(c => c.State == CertificationState.Valid && c.ValidUntil > now && c.ValidUntil <= horizon)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.UserId, c.Number, c.CertificationTypeId, c.ValidUntil }).ToListAsync(ct);
        var keys = candidates.Select(c => Key(c.Id)).ToList();
        var assigned = (await db.TrainingAssignments.Where(t => keys.Contains(t.Key!)).Select(t => t.Key!).ToListAsync(ct)).ToHashSet();
        int created = 0, notYet = 0, noPost = 0, noExam = 0;
        foreach (var c in candidates.Where(c => !assigned.Contains(Key(c.Id))))
        {
            ct.ThrowIfCancellationRequested();
            var policy = await standing.PolicyForUserAsync(c.UserId, ct);
            if (policy is null)
            {
                noPost++;
                continue;
            }

            if (c.ValidUntil.AddDays(-policy.RecertificationWindowDays) > now)
            {
                notYet++;
                continue;
            }

            var chain = types[c.CertificationTypeId].Chain;
            var exam = refreshers.Where(e => types.TryGetValue(e.CertificationTypeId!, out var t) && t.Chain == chain).OrderBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault();
            if (exam is null)
            {
                noExam++;
                continue;
            }

            var done = await Idempotent.OnceAsync(db, async () =>
            {
                db.TrainingAssignments.Add(new TrainingAssignment
                {
                    UserId = c.UserId,
                    Key = Key(c.Id),
                    Reason = TrainingReason.Refresher,
                    CourseId = exam.CourseId,
                    ExamId = exam.Id,
                    AssignedAt = now,
                    DueAt = c.ValidUntil,
                });
                await notifier.AddAsync(c.UserId, $"refresher-assigned:{c.Id}", "年度保密复训已布置",
                    $"您的证书 {c.Number} 将于 {LocalTime.FormatDate(c.ValidUntil)} 到期。请在此之前完成《{exam.Title}》。", "/", ct);
                return true;
            }, ct);
            created += done ? 1 : 0;
        }

        return $"{created} refresher assignment(s) created; {assigned.Count} already assigned; {notYet} not yet in their holder's window; "
               + $"{noPost} holder(s) on no post; {noExam} without a refresher exam for their chain.";
    }

    public static string Key(int certificationId) => $"refresher:{certificationId}";
}

/// <summary>
/// Certifications past their expiry: marked processed once, the holder's active posts that needed them suspended, and the
/// holder, HR and the holder's department head notified (once each).
/// </summary>
public sealed class ExpirySweep(AppDbContext db, PostAssignmentService posts, Notifier notifier, TimeProvider clock) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Certifications.AsNoTracking()
            .Where(c => c.State == CertificationState.Valid && c.ValidUntil <= now && c.ExpiryProcessedAt == null)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.UserId, c.Number, c.ValidUntil }).ToListAsync(ct);
        var hr = await notifier.UsersInRoleAsync(Roles.HR, ct);
        int processed = 0, suspended = 0;
        foreach (var c in expired)
        {
            ct.ThrowIfCancellationRequested();
            var count = 0;
            var done = await Idempotent.OnceAsync(db, async () =>
            {
                // The conditional update is the claim: of two runs at once, one handles the certification.
                if (await db.Certifications.Where(x => x.Id == c.Id && x.ExpiryProcessedAt == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(x => x.ExpiryProcessedAt, now), ct) == 0)
                {
                    return false;
                }

                var reason = $"证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期";
                count = await posts.SuspendLapsedAsync(c.UserId, reason, "system", now, ct);
                var holder = await db.Users.Where(u => u.Id == c.UserId).Select(u => u.DisplayName + "（" + u.UserName + "）").SingleAsync(ct);
                await notifier.AddAsync(c.UserId, $"expired:{c.Id}:{c.UserId}", "证书已过期",
                    $"您的证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期{(count > 0 ? $"，{count} 个涉密岗位已暂停" : "")}。请尽快参加复训考试。", "/", ct);
                foreach (var recipient in hr.Concat(await notifier.DepartmentHeadsOfAsync(c.UserId, ct)).Distinct().Where(r => r != c.UserId))
                {
                    await notifier.AddAsync(recipient, $"expired:{c.Id}:{recipient}", "人员证书已过期",
                        $"{holder}的证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期{(count > 0 ? $"，已暂停 {count} 个涉密岗位" : "")}。", null, ct);
                }

                return true;
            }, ct);
            processed += done ? 1 : 0;
            suspended += done ? count : 0;
        }

        return $"{processed} expired certification(s) processed; {suspended} post assignment(s) suspended.";
    }
}

/// <summary>Open training assignments due within 30, 7 or 1 days, or overdue: one reminder per threshold (the nearest one reached).</summary>
public sealed class Reminders(AppDbContext db, Notifier notifier, TimeProvider clock) : IJob
{
    public static readonly int[] Thresholds = [30, 7, 1];

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(Thresholds.Max());
        var open = await (from t in db.TrainingAssignments.AsNoTracking()
                          join e in db.ExamBlueprints on t.ExamId equals e.Id
                          where t.CompletedAt == null && t.DueAt <= horizon
                          orderby t.Id
                          select new { t.Id, t.UserId, t.DueAt, e.Title }).ToListAsync(ct);
        var sent = 0;
        foreach (var a in open)
        {
            ct.ThrowIfCancellationRequested();
            var left = a.DueAt - now;
            var threshold = left <= TimeSpan.Zero ? "overdue" : Thresholds.Where(d => left <= TimeSpan.FromDays(d)).Min().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (title, body) = threshold == "overdue"
                ? ("培训已逾期", $"《{a.Title}》应于 {LocalTime.FormatDate(a.DueAt)} 前完成，已逾期。请尽快完成。")
                : ("培训即将到期", $"《{a.Title}》应于 {LocalTime.FormatDate(a.DueAt)} 前完成，还剩不到 {threshold} 天。");
            sent += await Idempotent.OnceAsync(db, () => notifier.AddAsync(a.UserId, $"reminder:{a.Id}:{threshold}", title, body, "/", ct), ct) ? 1 : 0;
        }

        return $"{sent} reminder(s) sent for {open.Count} open assignment(s) due within {Thresholds.Max()} days or overdue.";
    }
}

/// <summary>Submits exam attempts past their deadline with their saved answers.</summary>
public sealed class AttemptFinalizer(ExamService exams) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct) => $"{await exams.FinalizeOverdueAsync(ct)} overdue attempt(s) finalized.";
}

/// <summary>Scheduled here; the item analysis itself comes with the reporting issue (#8).</summary>
public sealed class ItemStatistics : IJob
{
    public Task<string> RunAsync(CancellationToken ct) => Task.FromResult("Nothing computed: item analysis is not built yet (reporting issue).");
}

/// <summary>Scheduled here; the audit chain comes with the security issue (#9).</summary>
public sealed class AuditCheckpoint : IJob
{
    public Task<string> RunAsync(CancellationToken ct) => Task.FromResult("Nothing recorded: the audit chain is not built yet (security issue).");
}
