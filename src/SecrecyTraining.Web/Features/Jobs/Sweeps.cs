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
public sealed class RecertificationSweep(AppDbContext db, Standing standing, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var policies = await db.PostLevelPolicies.AsNoTracking().ToDictionaryAsync(p => p.Level, ct);
        var widest = policies.Values.Select(p => p.RecertificationWindowDays).DefaultIfEmpty(0).Max();
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var refreshers = (await db.ExamBlueprints.AsNoTracking()
                .Where(e => e.Kind == ExamKind.Refresher && !e.IsRetired && e.CertificationTypeId != null).ToListAsync(ct))
            .Where(e => types.ContainsKey(e.CertificationTypeId!))
            .GroupBy(e => types[e.CertificationTypeId!].Chain)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Id, StringComparer.Ordinal).First());
        var levels = await standing.LevelsByPersonAsync(ct: ct);
        var horizon = now.AddDays(widest);
        var candidates = await db.Certifications.AsNoTracking()
            .Where(c => c.State == CertificationState.Valid && c.ValidUntil > now && c.ValidUntil <= horizon
                        && !db.TrainingAssignments.Any(t => t.Key == "refresher:" + c.Id.ToString()))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.PersonId, c.Number, c.CertificationTypeId, c.ValidUntil }).ToListAsync(ct);
        int notYet = 0, noPost = 0, noExam = 0;
        var due = new List<(int Id, int PersonId, string Number, DateTimeOffset ValidUntil, ExamBlueprint Exam)>();
        foreach (var c in candidates)
        {
            if (!levels.TryGetValue(c.PersonId, out var level) || !policies.TryGetValue(level, out var policy))
            {
                noPost++;
            }
            else if (c.ValidUntil.AddDays(-policy.RecertificationWindowDays) > now)
            {
                notYet++;
            }
            else if (!refreshers.TryGetValue(types[c.CertificationTypeId].Chain, out var exam))
            {
                noExam++;
            }
            else
            {
                due.Add((c.Id, c.PersonId, c.Number, c.ValidUntil, exam));
            }
        }

        var created = await batches.BatchesAsync(due, async batch =>
        {
            foreach (var c in batch)
            {
                db.TrainingAssignments.Add(new TrainingAssignment
                {
                    PersonId = c.PersonId,
                    Key = Key(c.Id),
                    Reason = TrainingReason.Refresher,
                    CourseId = c.Exam.CourseId,
                    ExamId = c.Exam.Id,
                    AssignedAt = now,
                    DueAt = c.ValidUntil,
                });
            }

            var accounts = await notifier.AccountsOfAsync([.. batch.Select(c => c.PersonId)], ct);
            await notifier.AddAsync([.. batch.Where(c => accounts.ContainsKey(c.PersonId)).Select(c => new NotificationDraft(accounts[c.PersonId],
                $"refresher-assigned:{c.Id}", "年度保密复训已布置",
                $"您的证书 {c.Number} 将于 {LocalTime.FormatDate(c.ValidUntil)} 到期。请在此之前完成《{c.Exam.Title}》。", "/"))], ct);
            return batch.Count;
        }, ct);

        return $"{created} refresher assignment(s) created; {notYet} not yet in their holder's window; "
               + $"{noPost} holder(s) on no post; {noExam} without a refresher exam for their chain.";
    }

    public static string Key(int certificationId) => $"refresher:{certificationId}";
}

/// <summary>
/// Certifications past their expiry: marked processed once, the holder's active posts that needed them suspended (at once,
/// or when the level's grace days have run out), and the holder notified — at expiry, and again when a grace period ends in
/// a suspension (once each). HR and the department head read it in their daily digest (<see cref="ManagerDigest"/>).
/// </summary>
public sealed class ExpirySweep(AppDbContext db, PostAssignmentService posts, Standing standing, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Certifications.AsNoTracking()
            .Where(Certification.DueForExpiry(now))
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var grace = await db.PostLevelPolicies.AsNoTracking().ToDictionaryAsync(p => p.Level, p => p.GraceDays, ct);
        var levels = await standing.LevelsByPersonAsync(ct: ct);
        var suspended = 0;
        var processed = await batches.BatchesAsync(expired, async batch =>
        {
            // The claim: this run's own stamp on the certifications nobody processed yet; the ones carrying it are ours.
            var stamp = now.AddTicks(Random.Shared.Next(1, 10_000));
            var ids = batch.ToList();
            // The set-based form of Certification.Expire, so two nodes never both handle one certificate.
            await db.Certifications.Where(c => ids.Contains(c.Id)).Where(Certification.DueForExpiry(now))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ExpiryProcessedAt, stamp), ct);
            var mine = await Holders(db.Certifications.Where(c => ids.Contains(c.Id) && c.ExpiryProcessedAt == stamp)).ToListAsync(ct);
            if (mine.Count == 0)
            {
                return 0;
            }

            var reasons = mine.GroupBy(c => c.PersonId).ToDictionary(g => g.Key,
                g => string.Join("；", g.Select(c => $"证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期")));
            var counts = await posts.SuspendLapsedAsync(reasons.Keys, personId => reasons[personId], "system", now, ct);
            await notifier.AddAsync(await NoticesAsync(mine, "expired", c =>
            {
                var count = counts.GetValueOrDefault(c.PersonId);
                var days = levels.TryGetValue(c.PersonId, out var level) ? grace.GetValueOrDefault(level) : 0;
                var date = LocalTime.FormatDate(c.ValidUntil);
                var graceEnds = LocalTime.FormatDate(c.ValidUntil.AddDays(days));
                return ("证书已过期", count > 0
                    ? $"您的证书 {c.Number} 已于 {date} 到期，{count} 个涉密岗位已暂停。请尽快参加复训考试。"
                    : days > 0 && levels.ContainsKey(c.PersonId)
                        ? $"您的证书 {c.Number} 已于 {date} 到期。宽限期至 {graceEnds}，届时仍未复训的，涉密岗位将暂停。请尽快参加复训考试。"
                        : $"您的证书 {c.Number} 已于 {date} 到期。请尽快参加复训考试。");
            }, ct), ct);
            suspended += counts.Values.Sum();
            return mine.Count;
        }, ct);

        // Grace periods that ran out: the holders still on an active post with an expired (processed, not renewed) certificate.
        var lapsed = await Holders(db.Certifications.Where(c => c.State == CertificationState.Valid && c.ExpiryProcessedAt != null && c.ValidUntil <= now
                && db.PostAssignments.Any(a => a.PersonId == c.PersonId && a.State == PostAssignmentState.Active)))
            .ToListAsync(ct);
        var afterGrace = await batches.BatchesAsync([.. lapsed.GroupBy(c => c.PersonId).Select(g => g.MaxBy(c => c.ValidUntil)!)], async batch =>
        {
            var byPerson = batch.ToDictionary(c => c.PersonId);
            var counts = await posts.SuspendLapsedAsync(byPerson.Keys,
                personId => $"证书 {byPerson[personId].Number} 已于 {LocalTime.FormatDate(byPerson[personId].ValidUntil)} 到期，宽限期已满", "system", now, ct);
            var ended = batch.Where(c => counts.ContainsKey(c.PersonId)).ToList();
            await notifier.AddAsync(await NoticesAsync(ended, "grace-ended", c => GraceEnded(c, counts[c.PersonId]), ct), ct);
            return counts.Values.Sum();
        }, ct);

        return $"{processed} expired certification(s) processed; {suspended + afterGrace} post assignment(s) suspended"
               + $" ({afterGrace} at the end of a grace period).";
    }

    private static (string, string) GraceEnded(ExpiredHolder c, int count) => (
        "宽限期已满，涉密岗位已暂停",
        $"您的证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期，宽限期已满，{count} 个涉密岗位已暂停。复训合格后自动恢复。");

    private static IQueryable<ExpiredHolder> Holders(IQueryable<Certification> certifications) =>
        certifications.OrderBy(c => c.Id).Select(c => new ExpiredHolder(c.Id, c.PersonId, c.Number, c.ValidUntil));

    /// <summary>One notice to each holder with an account, keyed per certificate and holder.</summary>
    private async Task<List<NotificationDraft>> NoticesAsync(
        IReadOnlyCollection<ExpiredHolder> holders, string key, Func<ExpiredHolder, (string Title, string Body)> text, CancellationToken ct)
    {
        var accounts = await notifier.AccountsOfAsync([.. holders.Select(c => c.PersonId).Distinct()], ct);
        return [.. holders.Where(c => accounts.ContainsKey(c.PersonId)).Select(c =>
        {
            var (title, body) = text(c);
            return new NotificationDraft(accounts[c.PersonId], $"{key}:{c.Id}:{accounts[c.PersonId]}", title, body, "/");
        })];
    }

    private sealed record ExpiredHolder(int Id, int PersonId, string Number, DateTimeOffset ValidUntil);
}

/// <summary>
/// Open training assignments due within 30, 7 or 1 days, or overdue: one reminder per threshold (the nearest one reached).
/// People exempt today (豁免) are not reminded.
/// </summary>
public sealed class Reminders(AppDbContext db, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public static readonly int[] Thresholds = [30, 7, 1];

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var horizon = now.AddDays(Thresholds.Max());
        var exempt = db.Exemptions.Where(Exemption.AppliesOnQuery(today)).Select(x => x.PersonId);
        var open = await (from t in db.TrainingAssignments.AsNoTracking()
                          join e in db.ExamBlueprints on t.ExamId equals e.Id
                          join u in db.Users on (int?)t.PersonId equals u.PersonId
                          where t.CompletedAt == null && t.DueAt <= horizon && t.ExamSessionId == null // sessions remind by their window
                                && !exempt.Contains(t.PersonId)
                          orderby t.Id
                          select new { t.Id, UserId = u.Id, t.DueAt, e.Title }).ToListAsync(ct);
        var drafts = open.Select(a =>
        {
            var left = a.DueAt - now;
            var threshold = left <= TimeSpan.Zero
                ? "overdue"
                : Thresholds.Where(d => left <= TimeSpan.FromDays(d)).Min().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (title, body) = threshold == "overdue"
                ? ("培训已逾期", $"《{a.Title}》应于 {LocalTime.FormatDate(a.DueAt)} 前完成，已逾期。请尽快完成。")
                : ("培训即将到期", $"《{a.Title}》应于 {LocalTime.FormatDate(a.DueAt)} 前完成，还剩不到 {threshold} 天。");
            return new NotificationDraft(a.UserId, $"reminder:{a.Id}:{threshold}", title, body, "/");
        }).ToList();
        var sent = await batches.BatchesAsync(drafts, batch => notifier.AddAsync(batch, ct), ct);
        return $"{sent} reminder(s) sent for {open.Count} open assignment(s) due within {Thresholds.Max()} days or overdue.";
    }
}

/// <summary>
/// Exam sessions (考试安排) about to open: each examinee who has not started is reminded the day before and an hour before,
/// once per threshold (the notice's key), however often the job runs.
/// </summary>
public sealed class SessionReminders(AppDbContext db, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(1);
        var due = await (from e in db.SessionExaminees.AsNoTracking()
                         join s in db.ExamSessions on e.SessionId equals s.Id
                         join a in db.Attempts on e.AttemptId equals a.Id
                         join u in db.Users on (int?)e.PersonId equals u.PersonId
                         where s.Status == ExamSessionStatus.Published && s.OpensAt > now && s.OpensAt <= horizon && a.Status == AttemptStatus.NotStarted
                         orderby s.Id, e.PersonId
                         select new { Session = s, e.PersonId, UserId = u.Id }).ToListAsync(ct);
        var drafts = due.Select(d =>
        {
            var hour = d.Session.OpensAt - now <= TimeSpan.FromHours(1);
            var window = Sessions.SessionService.Window(d.Session);
            return new NotificationDraft(d.UserId, $"session:{d.Session.Id}:{(hour ? "hour" : "day")}:{d.PersonId}",
                hour ? $"一小时内开考：{d.Session.Title}"
                    : LocalTime.Date(d.Session.OpensAt) == LocalTime.Date(now) ? $"今天开考：{d.Session.Title}" : $"明天开考：{d.Session.Title}",
                $"考试时间 {window}，考试时长 {d.Session.DurationMinutes} 分钟。请按时到场。", "/exams");
        }).ToList();
        var sent = await batches.BatchesAsync(drafts, batch => notifier.AddAsync(batch, ct), ct);
        return $"{sent} exam session reminder(s) sent for {due.Count} examinee(s) of sessions opening within a day.";
    }
}

/// <summary>Submits exam attempts past their deadline with their saved answers.</summary>
public sealed class AttemptFinalizer(ExamService exams) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct) => $"{await exams.FinalizeOverdueAsync(ct)} overdue attempt(s) finalized.";
}

/// <summary>Records the audit chain's head, so a later rewrite of the whole chain is caught by <c>audit verify</c>.</summary>
public sealed class AuditCheckpoint(Audit.AuditLog audit) : IJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var checkpoint = await audit.CheckpointAsync(ct);
        return $"Audit chain head recorded: entry {checkpoint.Sequence}, hash {checkpoint.Hash[..12]}.";
    }
}
