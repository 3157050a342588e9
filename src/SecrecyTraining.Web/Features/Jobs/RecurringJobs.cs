using Hangfire;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>A scheduled job: its id (also for <c>jobs run</c>), the class that does the work, when it runs, and what it does.</summary>
public sealed record JobDefinition(string Id, Type JobType, string Cron, string Description);

/// <summary>
/// Every recurring job, in one place, with its schedule (cron in the organisation's time zone, <c>Jobs:TimeZone</c>,
/// China Standard Time by default). Each job is idempotent: run twice, or on two nodes at once, it does its work once.
/// </summary>
public static class RecurringJobs
{
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new("expiry-sweep", typeof(ExpirySweep), "10 0 * * *",
            "Certifications past their expiry: suspend the posts that needed them (at once, or when the level's grace days end); notify the holder."),
        new("recertification-sweep", typeof(RecertificationSweep), "0 1 * * *",
            "Certifications entering their recertification window: assign the refresher course and exam, due at expiry; notify."),
        new("reminders", typeof(Reminders), "0 8 * * *",
            "Open training assignments due in 30, 7 or 1 days, or overdue: one reminder per threshold."),
        new("manager-digest", typeof(ManagerDigest), "30 8 * * *",
            "One message a day to each HR officer and department head: their people's overdue trainings, expiring and expired certificates."),
        new("session-reminders", typeof(SessionReminders), "*/5 * * * *",
            "Exam sessions opening within a day: remind each examinee the day before and an hour before, once each."),
        new("attempt-finalizer", typeof(AttemptFinalizer), "* * * * *",
            "Exam attempts past their deadline: submit them with their saved answers."),
        new("attempt-archiver", typeof(AttemptArchiver), "* * * * *",
            "Concluded formal attempts: store each one's archive PDF and record its SHA-256 in the audit chain."),
        new("content-refresher", typeof(ContentRefresher), "*/5 * * * *",
            "Approved content changes: assign a targeted exam on the changed clauses to those certified on the old text."),
        new("mail-outbox", typeof(Notifications.MailOutbox), "* * * * *",
            "E-mail copies of new inbox messages through the intranet mail server, when Notifications:Smtp:Host is set."),
        new("item-statistics", typeof(ItemStatistics), "0 2 * * *",
            "Item analysis of the question bank: facility, discrimination, option choice rates and flags per question."),
        new("audit-checkpoint", typeof(AuditCheckpoint), "30 2 * * *",
            "Records the audit chain's head, so a later rewrite of the chain is caught by audit verify."),
    ];

    public static JobDefinition? Find(string id) => All.FirstOrDefault(j => j.Id == id);

    /// <summary>
    /// Registers (or updates) every job with Hangfire. <c>Jobs:Schedule:&lt;id&gt;</c> overrides a job's cron (an operator's
    /// choice, or <c>scripts/multi-node</c> running every job each minute).
    /// </summary>
    public static void Register(IRecurringJobManager manager, TimeZoneInfo zone, IConfiguration configuration)
    {
        foreach (var job in All)
        {
            var cron = configuration[$"Jobs:Schedule:{job.Id}"] is { Length: > 0 } configured ? configured : job.Cron;
            manager.AddOrUpdate<JobRunner>(job.Id, runner => runner.RunAsync(job.Id, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = zone });
        }
    }
}
