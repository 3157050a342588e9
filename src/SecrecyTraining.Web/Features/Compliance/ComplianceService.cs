using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>
/// Where a person of the classified staff stands, one status each, in this order of precedence: in 脱密期 (left, no open
/// post), exempt (豁免: HR took them out of the training obligations for a time), suspended, never trained (no certification of a required chain ever), expired, expiring within 30 days,
/// expiring within 60 days, certified.
/// </summary>
public enum ComplianceStatus
{
    Certified,
    Expiring30,
    Expiring60,
    Expired,
    NeverTrained,
    Suspended,
    Decryption,
    Exempt,
}

public static class ComplianceStatusNames
{
    /// <summary>The status as shown (also the localization key).</summary>
    public static string ChineseName(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Certified => "已取得有效证书",
        ComplianceStatus.Expiring30 => "30天内到期",
        ComplianceStatus.Expiring60 => "60天内到期",
        ComplianceStatus.Expired => "已过期",
        ComplianceStatus.NeverTrained => "从未培训",
        ComplianceStatus.Suspended => "岗位已暂停",
        ComplianceStatus.Decryption => "脱密期",
        ComplianceStatus.Exempt => "豁免",
        _ => status.ToString(),
    };
}

/// <summary>Counts by status for one group (a department or a post level), with the overdue trainings and the people short of the year's 学时.</summary>
public sealed record ComplianceRow(string Name, IReadOnlyDictionary<ComplianceStatus, int> Counts, int Overdue, int ShortOfHours)
{
    public int Total => Counts.Values.Sum();

    public int this[ComplianceStatus status] => Counts.GetValueOrDefault(status);
}

public sealed record MonthCount(string Month, int Count);

public sealed record ComplianceSnapshot(
    string? DepartmentName,
    IReadOnlyList<ComplianceRow> Departments,
    IReadOnlyList<ComplianceRow> Levels,
    ComplianceRow Total,
    IReadOnlyList<MonthCount> ExpiringByMonth,
    DateTimeOffset ComputedAt)
{
    /// <summary>Some post level requires a minimum of 学时 a year, so the people short of it are counted.</summary>
    public bool HoursRequired { get; init; }
}

/// <summary>One person of the staff as the compliance views see them; <see cref="Status"/> is null for staff on no post.</summary>
public sealed record PersonStanding(
    int PersonId,
    string EmployeeNumber,
    string Name,
    int DepartmentId,
    string Department,
    int DepartmentOrder,
    PostLevel? Level,
    ComplianceStatus? Status,
    DateTimeOffset? ValidUntil,
    int Overdue,
    IReadOnlyList<string> Posts)
{
    /// <summary>The last day of the exemption that applies today (null: none does); an exempt person has no overdue count.</summary>
    public DateOnly? ExemptUntil { get; init; }

    /// <summary>Expired, with the posts still held until the level's grace days run out then (null: no grace running).</summary>
    public DateTimeOffset? GraceUntil { get; init; }

    /// <summary>学时 this calendar year, online and offline (read only when some level requires a minimum).</summary>
    public decimal HoursThisYear { get; init; }

    /// <summary>The 学时 a year the person's level requires of them (0: none, or they are exempt, in 脱密期 or on no post).</summary>
    public int RequiredHours { get; init; }

    /// <summary>On a post whose level requires more 学时 this year than the person has so far (a compliance item, not a gate item).</summary>
    public bool ShortOfHours => RequiredHours > 0 && HoursThisYear < RequiredHours;
}

/// <summary>
/// Where every person stands (status, level, current certificate, overdue training), computed once from the staff, posts,
/// certifications and assignments; the dashboard, the staff list and its exports all read it.
/// </summary>
public sealed class ComplianceService(
    AppDbContext db, Standing standing, Training.TrainingHours trainingHours, TimeProvider clock, RefreshingCache cache, IConfiguration configuration)
{
    /// <summary><c>Compliance:CacheSeconds</c> (60): how old the standings read by the dashboard and staff list may be; 0 computes them per read.</summary>
    public static int CacheSeconds(IConfiguration configuration) => configuration.GetValue("Compliance:CacheSeconds", 60);

    /// <summary>
    /// Every person in scope with their standing. Pages that only read (the dashboard, the staff list) take the list kept
    /// in memory, recomputed in the background once it is older than <c>Compliance:CacheSeconds</c> (at 100,000 staff
    /// computing it takes over a second); exports and a person's page ask for a fresh one.
    /// </summary>
    /// <param name="departmentId">One department only (a department head), or every department.</param>
    /// <param name="fresh">Compute now rather than take the cached list.</param>
    /// <param name="ct">Cancels the queries.</param>
    public async Task<List<PersonStanding>> StandingsAsync(int? departmentId, bool fresh = false, CancellationToken ct = default)
    {
        var seconds = CacheSeconds(configuration);
        if (fresh || seconds <= 0)
        {
            return await ComputeAsync(departmentId, ct);
        }

        return await cache.GetAsync($"compliance:standings:{departmentId}", TimeSpan.FromSeconds(seconds),
            (services, token) => services.GetRequiredService<ComplianceService>().ComputeAsync(departmentId, token), ct);
    }

    private async Task<List<PersonStanding>> ComputeAsync(int? departmentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var people = await db.People.AsNoTracking()
            .Where(p => departmentId == null || p.DepartmentId == departmentId)
            .Select(p => new { p.Id, p.EmployeeNumber, p.Name, p.DepartmentId, Department = p.Department!.Name, p.Department.SortOrder })
            .ToListAsync(ct);
        var assignments = (await db.PostAssignments.AsNoTracking()
                .Where(a => departmentId == null || a.Person!.DepartmentId == departmentId)
                .Select(a => new { a.PersonId, a.State, a.Post!.Level, a.Post.Title, a.DecryptionEndsOn }).ToListAsync(ct))
            .ToLookup(a => a.PersonId);
        var required = await standing.RequiredChainsAsync(ct);
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Chain, ct);
        var certifications = (await (from c in db.Certifications.AsNoTracking()
                                     join p in db.People on c.PersonId equals p.Id
                                     where (departmentId == null || p.DepartmentId == departmentId) && c.State != CertificationState.Superseded
                                     select new { c.PersonId, c.CertificationTypeId, c.State, c.ValidUntil }).ToListAsync(ct))
            .ToLookup(c => c.PersonId);
        var overdue = (await db.TrainingAssignments.AsNoTracking().Where(t => t.CompletedAt == null && t.DueAt < now)
                .Select(t => t.PersonId).ToListAsync(ct))
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var policies = await db.PostLevelPolicies.AsNoTracking()
            .Select(p => new { p.Level, p.GraceDays, p.MinimumAnnualHours }).ToDictionaryAsync(p => p.Level, ct);
        // 学时 are read only when a level asks for them: the year's lessons and attendances of everyone.
        var hours = policies.Values.Any(p => p.MinimumAnnualHours > 0)
            ? await trainingHours.ByPersonAsync(today.Year, ct: ct)
            : [];
        var exempt = (await db.Exemptions.AsNoTracking().Where(Exemption.AppliesOnQuery(today)).Select(e => new { e.PersonId, e.EndsOn }).ToListAsync(ct))
            .GroupBy(e => e.PersonId).ToDictionary(g => g.Key, g => g.Max(e => e.EndsOn));

        var result = new List<PersonStanding>(people.Count);
        foreach (var person in people)
        {
            var posts = assignments[person.Id].ToList();
            var open = posts.Where(a => a.State != PostAssignmentState.Ended).ToList();
            var left = posts.Where(a => a.State == PostAssignmentState.Ended && a.DecryptionEndsOn >= today).ToList();
            var held = certifications[person.Id].ToList();
            DateOnly? exemptUntil = exempt.TryGetValue(person.Id, out var until) ? until : null;
            var overdueCount = exemptUntil is null ? overdue.GetValueOrDefault(person.Id) : 0;
            if (open.Count == 0 && left.Count == 0)
            {
                var anyValid = held.Where(c => c.State == CertificationState.Valid && c.ValidUntil > now).Select(c => (DateTimeOffset?)c.ValidUntil).Min();
                result.Add(new PersonStanding(person.Id, person.EmployeeNumber, person.Name, person.DepartmentId, person.Department, person.SortOrder,
                    null, null, anyValid, overdueCount, [])
                { ExemptUntil = exemptUntil, HoursThisYear = hours.GetValueOrDefault(person.Id)?.Total ?? 0 });
                continue;
            }

            var level = open.Count > 0 ? open.Min(a => a.Level) : left.Min(a => a.Level);
            var chains = required.GetValueOrDefault(level) ?? [];
            var relevant = held.Where(c => chains.Contains(types.GetValueOrDefault(c.CertificationTypeId, ""))).ToList();
            var validUntil = relevant.Where(c => c.State == CertificationState.Valid && c.ValidUntil > now).Select(c => (DateTimeOffset?)c.ValidUntil).Min();
            var status = open.Count == 0 ? ComplianceStatus.Decryption
                : exemptUntil is not null ? ComplianceStatus.Exempt
                : open.Any(a => a.State == PostAssignmentState.Suspended) ? ComplianceStatus.Suspended
                : relevant.Count == 0 ? ComplianceStatus.NeverTrained
                : validUntil is null ? ComplianceStatus.Expired
                : validUntil <= now.AddDays(30) ? ComplianceStatus.Expiring30
                : validUntil <= now.AddDays(60) ? ComplianceStatus.Expiring60
                : ComplianceStatus.Certified;
            var policy = policies.GetValueOrDefault(level);
            var graceUntil = status == ComplianceStatus.Expired && policy?.GraceDays is > 0 and var days
                ? relevant.Where(c => c.State == CertificationState.Valid).Select(c => (DateTimeOffset?)c.ValidUntil.AddDays(days)).Max()
                : null;
            result.Add(new PersonStanding(person.Id, person.EmployeeNumber, person.Name, person.DepartmentId, person.Department, person.SortOrder,
                level, status, validUntil, overdueCount, [.. open.Concat(left).Select(a => a.Title)])
            {
                ExemptUntil = exemptUntil,
                GraceUntil = graceUntil > now ? graceUntil : null,
                HoursThisYear = hours.GetValueOrDefault(person.Id)?.Total ?? 0,
                RequiredHours = open.Count > 0 && exemptUntil is null ? policy?.MinimumAnnualHours ?? 0 : 0,
            });
        }

        return result;
    }

    /// <summary>Counts by status per department, per level and in all, and valid certificates by month of expiry.</summary>
    /// <param name="departmentId">One department only (a department head), or every department.</param>
    /// <param name="ct">Cancels the queries.</param>
    public async Task<ComplianceSnapshot> SnapshotAsync(int? departmentId, CancellationToken ct = default)
    {
        var seconds = CacheSeconds(configuration);
        return seconds <= 0
            ? await ComputeSnapshotAsync(departmentId, ct)
            : await cache.GetAsync($"compliance:snapshot:{departmentId}", TimeSpan.FromSeconds(seconds),
                (services, token) => services.GetRequiredService<ComplianceService>().ComputeSnapshotAsync(departmentId, token), ct);
    }

    private async Task<ComplianceSnapshot> ComputeSnapshotAsync(int? departmentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var departments = await db.Departments.AsNoTracking().Where(d => departmentId == null || d.Id == departmentId)
            .OrderBy(d => d.SortOrder).ToListAsync(ct);
        var standings = await ComputeAsync(departmentId, ct); // fresh: the snapshot's time is the time of its figures
        var statuses = standings.Where(s => s.Status is not null).ToList();

        ComplianceRow Row(string name, IEnumerable<PersonStanding> rows)
        {
            var list = rows.ToList();
            return new ComplianceRow(name, list.GroupBy(r => r.Status!.Value).ToDictionary(g => g.Key, g => g.Count()), list.Sum(r => r.Overdue),
                list.Count(r => r.ShortOfHours));
        }

        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(i)).ToList();
        var expiring = await (from c in db.Certifications.AsNoTracking()
                              join p in db.People on c.PersonId equals p.Id
                              where (departmentId == null || p.DepartmentId == departmentId) && c.State == CertificationState.Valid && c.ValidUntil > now
                              select c.ValidUntil).ToListAsync(ct);
        var byMonth = expiring.Select(LocalTime.Date).Select(d => new DateOnly(d.Year, d.Month, 1)).GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        return new ComplianceSnapshot(
            departmentId is null ? null : departments.FirstOrDefault()?.Name,
            [.. departments.Select(d => Row(d.Name, statuses.Where(s => s.DepartmentId == d.Id)))],
            [.. Enum.GetValues<PostLevel>().Select(l => Row(l.ChineseName(), statuses.Where(s => s.Level == l)))],
            Row("合计", statuses),
            [.. months.Select(m => new MonthCount(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), byMonth.GetValueOrDefault(m)))],
            now)
        { HoursRequired = (await db.PostLevelPolicies.Where(p => p.MinimumAnnualHours > 0).Select(p => p.Level).ToListAsync(ct)).Count > 0 };
    }
}
