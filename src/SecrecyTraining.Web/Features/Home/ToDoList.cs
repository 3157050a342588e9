using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Home;

/// <summary>One line of a role's to-do list: what waits (zh-CN, the localization key, {0} the count), how many, where.</summary>
public sealed record ToDoItem(string Role, string Text, int Count, string Url);

/// <summary>
/// What each role has to do now, for the home page: HR's proposals, gates, overdue onboarding and endings; the 保密办's
/// reviews, approvals and item flags; the administrator's failed or late jobs; the auditor's week of audit entries. Each
/// count links to the filtered list.
/// </summary>
public sealed class ToDoList(
    AppDbContext db, Standing standing, Compliance.ComplianceService compliance, JobStorage jobs, TimeProvider clock, ILogger<ToDoList> logger)
{
    /// <summary>Within how many days an expiring certificate or an ending 脱密期 is listed.</summary>
    public const int SoonDays = 30;

    /// <summary>How long past its next run a recurring job may be before it counts as late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<ToDoItem>> ForAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken ct = default)
    {
        var items = new List<ToDoItem>();
        if (user.IsInRole(Roles.HR))
        {
            items.AddRange(await HrAsync(ct));
        }

        if (user.IsInRole(Roles.SecrecyOffice))
        {
            items.AddRange(await OfficeAsync(ct));
        }

        if (user.IsInRole(Roles.Admin))
        {
            items.AddRange(Admin());
        }

        if (user.IsInRole(Roles.Auditor))
        {
            items.Add(await AuditorAsync(ct));
        }

        return items;
    }

    /// <summary>Proposed or suspended assignments whose gate holds now: HR may activate them.</summary>
    public async Task<List<int>> ReadyToActivateAsync(CancellationToken ct = default)
    {
        var candidates = await db.PostAssignments.AsNoTracking()
            .Where(a => (a.State == PostAssignmentState.Proposed || a.State == PostAssignmentState.Suspended) && a.Vetting == VettingResult.Passed)
            .Select(a => new { a.Id, a.PersonId, a.Post!.Level, a.Vetting }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var ready = new List<int>();
        foreach (var a in candidates)
        {
            var facts = await standing.GateFactsAsync(a.PersonId, a.Level, a.Vetting, now, ct);
            if (Gate.Missing(facts).Count == 0)
            {
                ready.Add(a.Id);
            }
        }

        return ready;
    }

    /// <summary>The last day (China time) of the coming <see cref="SoonDays"/> days.</summary>
    public DateOnly SoonUntil => LocalTime.Date(clock.GetUtcNow()).AddDays(SoonDays);

    private async Task<IEnumerable<ToDoItem>> HrAsync(CancellationToken ct)
    {
        var today = LocalTime.Date(clock.GetUtcNow());
        var soon = SoonUntil;
        var vetting = await db.PostAssignments.CountAsync(a => a.State == PostAssignmentState.Proposed && a.Vetting == VettingResult.Pending, ct);
        var ready = (await ReadyToActivateAsync(ct)).Count;
        var ending = await db.PostAssignments.Where(a => a.State == PostAssignmentState.Ended && a.DecryptionEndsOn >= today && a.DecryptionEndsOn <= soon)
            .Select(a => a.PersonId).Distinct().CountAsync(ct);
        // Counted with the staff list's own filters, so each count is the number of rows its link shows.
        var standings = await compliance.StandingsAsync(null, ct: ct);
        var overdue = new Staff.StaffFilter { Overdue = true };
        var expiring = new Staff.StaffFilter { ExpiringBefore = soon.AddDays(1) };
        return
        [
            new(Roles.HR, Ui.Key("{0} 项提名等待上岗前保密审查"), vetting, "/posts/assignments?todo=vetting"),
            new(Roles.HR, Ui.Key("{0} 项任用已满足上岗条件，可以启用"), ready, "/posts/assignments?todo=ready"),
            new(Roles.HR, Ui.Key("{0} 人有逾期未完成的培训"), overdue.Apply(standings).Count(), "/staff?" + overdue.Query()),
            new(Roles.HR, Ui.Key("{0} 人的证书已过期或 30 天内到期"), expiring.Apply(standings).Count(), "/staff?" + expiring.Query()),
            new(Roles.HR, Ui.Key("{0} 人的脱密期 30 天内结束"), ending, "/posts/assignments?todo=decryption"),
        ];
    }

    private async Task<IEnumerable<ToDoItem>> OfficeAsync(CancellationToken ct)
    {
        var questions = await db.Questions.CountAsync(q => q.IsCurrent && q.NeedsReview, ct);
        var lessons = await db.Lessons.CountAsync(l => l.NeedsReview, ct);
        var approvals = await db.ContentImports.CountAsync(i => i.ChangedClauses != "" && i.RefresherApprovedAt == null, ct);
        var flagged = await db.ItemStatistics.CountAsync(s => s.Flags != "", ct);
        var ungraded = await db.Responses.CountAsync(r => r.Awarded == null && db.Attempts.Any(a => a.Id == r.AttemptId && a.AwaitingGrading), ct);
        return
        [
            new(Roles.SecrecyOffice, Ui.Key("{0} 道简答题待阅卷"), ungraded, "/grading"),
            new(Roles.SecrecyOffice, Ui.Key("{0} 道题目待复核"), questions, "/content/questions?needsReview=true"),
            new(Roles.SecrecyOffice, Ui.Key("{0} 个课时待复核"), lessons, "/content/courses"),
            new(Roles.SecrecyOffice, Ui.Key("{0} 次内容导入待批准针对性复训"), approvals, "/content/imports"),
            new(Roles.SecrecyOffice, Ui.Key("{0} 道题目在题目分析中被标记"), flagged, "/content/items"),
        ];
    }

    /// <summary>The auditor's week: the audit entries of the last 7 days, to read from the oldest.</summary>
    private async Task<ToDoItem> AuditorAsync(CancellationToken ct)
    {
        var from = LocalTime.Date(clock.GetUtcNow()).AddDays(-6);
        var since = LocalTime.StartOf(from);
        var count = await db.AuditEntries.CountAsync(e => e.At >= since, ct);
        return new(Roles.Auditor, Ui.Key("近 7 天 {0} 条审计记录待查阅"), count, "/audit?" + FilterQuery.Of(("from", from)));
    }

    private IEnumerable<ToDoItem> Admin()
    {
        int failed, late;
        try
        {
            failed = (int)jobs.GetMonitoringApi().FailedCount();
            using var connection = jobs.GetConnection();
            late = connection.GetRecurringJobs().Count(j => j.NextExecution is { } next && next < clock.GetUtcNow().UtcDateTime - LateAfter);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job storage is busy or away (SQLite's is locked while a job writes): the home page still opens and says so.
            logger.LogWarning(e, "The job storage could not be read for the administrator's to-do list");
            return [new(Roles.Admin, Ui.Key("任务状态暂时无法读取（{0}），请打开任务调度查看"), 0, "/admin/jobs")];
        }

        return
        [
            new(Roles.Admin, Ui.Key("{0} 个任务执行失败"), failed, "/admin/jobs/jobs/failed"),
            new(Roles.Admin, Ui.Key("{0} 个定时任务已延误"), late, "/admin/jobs/recurring"),
        ];
    }
}
