using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Notifications;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// The people responsible hear about their people once a day, in one message: every HR account a digest of the whole
/// organisation, every department head one of their own department — the overdue trainings, the certificates expiring
/// within <see cref="ExpiringDays"/> days and the expired ones (in their grace, or the post suspended) of people on a post.
/// People exempt today and leavers are left out. One digest per reader per day (key <c>digest:&lt;date&gt;:&lt;user&gt;</c>),
/// none when there is nothing to say; each section names at most <see cref="NamesPerSection"/> people and counts the rest.
/// </summary>
public sealed class ManagerDigest(AppDbContext db, Posts.Standing standing, Notifier notifier, Idempotent batches, TimeProvider clock) : IJob
{
    public const int ExpiringDays = 30;

    public const int NamesPerSection = 20;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var exempt = db.Exemptions.Where(Exemption.AppliesOnQuery(today)).Select(e => e.PersonId);
        var onPost = db.PostAssignments.Where(a => a.State != PostAssignmentState.Ended);
        var people = db.People.Where(p => p.LeftAt == null && !exempt.Contains(p.Id));

        var overdue = (await (from t in db.TrainingAssignments.AsNoTracking()
                              join e in db.ExamBlueprints on t.ExamId equals e.Id
                              join p in people on t.PersonId equals p.Id
                              where t.CompletedAt == null && t.DueAt < now && t.ExamSessionId == null // a session's window is its own
                              orderby t.DueAt, p.EmployeeNumber
                              select new { p.DepartmentId, p.Name, p.EmployeeNumber, e.Title, t.DueAt }).ToListAsync(ct))
            .Select(r => new Line(r.DepartmentId, $"{r.Name}（{r.EmployeeNumber}）《{r.Title}》应于 {LocalTime.FormatDate(r.DueAt)} 前完成")).ToList();

        var horizon = now.AddDays(ExpiringDays);
        var certificates = await (from c in db.Certifications.AsNoTracking()
                                  join p in people on c.PersonId equals p.Id
                                  where c.State == CertificationState.Valid && c.ValidUntil <= horizon && onPost.Any(a => a.PersonId == p.Id)
                                  orderby c.ValidUntil, p.EmployeeNumber
                                  select new
                                  {
                                      p.Id,
                                      p.DepartmentId,
                                      p.Name,
                                      p.EmployeeNumber,
                                      c.Number,
                                      c.ValidUntil,
                                      Suspended = onPost.Any(a => a.PersonId == p.Id && a.State == PostAssignmentState.Suspended),
                                  }).ToListAsync(ct);
        var expiring = certificates.Where(c => c.ValidUntil > now)
            .Select(c => new Line(c.DepartmentId, $"{c.Name}（{c.EmployeeNumber}）证书 {c.Number} 将于 {LocalTime.FormatDate(c.ValidUntil)} 到期")).ToList();
        var grace = await db.PostLevelPolicies.AsNoTracking().ToDictionaryAsync(p => p.Level, p => p.GraceDays, ct);
        var levels = await standing.LevelsByPersonAsync(ct: ct);
        string Consequence(int personId, DateTimeOffset validUntil, bool suspended) =>
            suspended ? "，岗位已暂停"
            : levels.TryGetValue(personId, out var level) && validUntil.AddDays(grace.GetValueOrDefault(level)) is var ends && ends > now
                ? $"，宽限期至 {LocalTime.FormatDate(ends)}"
                : "";
        var expired = certificates.Where(c => c.ValidUntil <= now)
            .Select(c => new Line(c.DepartmentId,
                $"{c.Name}（{c.EmployeeNumber}）证书 {c.Number} 已于 {LocalTime.FormatDate(c.ValidUntil)} 到期{Consequence(c.Id, c.ValidUntil, c.Suspended)}")).ToList();

        var readers = (await notifier.UsersInRoleAsync(Roles.HR, ct)).Select(u => (User: u, DepartmentId: (int?)null)).ToList();
        var heads = await notifier.UsersInRoleAsync(Roles.DeptHead, ct);
        readers.AddRange((await db.Users.AsNoTracking().Where(u => heads.Contains(u.Id) && u.PersonId != null)
                .Join(db.People, u => u.PersonId, p => p.Id, (u, p) => new { u.Id, p.DepartmentId }).ToListAsync(ct))
            .Where(h => readers.All(r => r.User != h.Id)) // an HR head reads the whole organisation's
            .Select(h => (h.Id, (int?)h.DepartmentId)));

        var drafts = new List<NotificationDraft>();
        foreach (var (user, departmentId) in readers)
        {
            List<Line> Mine(List<Line> lines) => [.. lines.Where(l => departmentId is null || l.DepartmentId == departmentId)];
            var (o, soon, gone) = (Mine(overdue), Mine(expiring), Mine(expired));
            if (o.Count + soon.Count + gone.Count == 0)
            {
                continue;
            }

            var body = string.Join(" ", new[] { Section("培训逾期", "项", o), Section($"{ExpiringDays} 天内到期的证书", "张", soon), Section("已过期的证书", "张", gone) }
                .Where(s => s.Length > 0));
            drafts.Add(new NotificationDraft(user, $"digest:{today:yyyy-MM-dd}:{user}",
                $"今日培训提醒：逾期 {o.Count} 项，即将到期 {soon.Count} 张，已过期 {gone.Count} 张",
                body, "/compliance"));
        }

        var sent = await batches.BatchesAsync(drafts, batch => notifier.AddAsync(batch, ct), ct);
        return $"{sent} digest(s) sent to {readers.Count} HR officer(s) and department head(s): "
               + $"{overdue.Count} overdue training(s), {expiring.Count} certificate(s) expiring, {expired.Count} expired.";
    }

    private static string Section(string heading, string unit, List<Line> lines) => lines.Count == 0
        ? ""
        : $"{heading} {lines.Count} {unit}：{string.Join("；", lines.Take(NamesPerSection).Select(l => l.Text))}"
          + (lines.Count > NamesPerSection ? $"；另有 {lines.Count - NamesPerSection} {unit}。" : "。");

    private sealed record Line(int DepartmentId, string Text);
}
