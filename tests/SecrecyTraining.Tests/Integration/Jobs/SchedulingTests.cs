using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Tests.Integration.Jobs;

/// <summary>The recurring jobs over simulated time (a fake clock), interrupted, and run twice at once.</summary>
[Collection(JobsApp.Name)]
public sealed class SchedulingTests(JobDatabases databases)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static TheoryData<string, CertificationCycle> ProvidersAndCycles => new()
    {
        { "Sqlite", CertificationCycle.Rolling },
        { "Sqlite", CertificationCycle.Calendar },
        { "Postgres", CertificationCycle.Rolling },
        { "Postgres", CertificationCycle.Calendar },
    };

    /// <summary>
    /// Two years of daily jobs over three people on 重要 posts (12 months or the calendar year to 12-31, a 60-day window, 14
    /// grace days): 早 and 新 (who joins on 1 September) pass each refresher three days after it is assigned; 晚 lets the first
    /// certificate lapse, keeps the post through the grace days, is suspended when they end, passes on 1 February and is re-activated.
    /// </summary>
    [Theory, MemberData(nameof(ProvidersAndCycles))]
    public async Task TwoYearsOfDailyJobsGiveOneRefresherPerCycleOneNoticePerThresholdAndSuspendWhenTheGraceEnds(string provider, CertificationCycle cycle)
    {
        var app = await databases.StartAsync(provider);
        var terms = cycle == CertificationCycle.Calendar ? "    cycle: calendar\n    dueMonthDay: 12-31\n" : "    refresherMonths: 12\n";
        await app.ImportAsync([.. ContentFixtures.WithRefresher().Select(f => f.Path == "policy.yaml"
            ? f with { Text = f.Text.Replace("    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 80\n    decryptionPeriodMonths: 24",
                terms + "    recertificationWindowDays: 60\n    graceDays: 14\n    passMark: 80\n    decryptionPeriodMonths: 24", StringComparison.Ordinal) }
            : f)]);
        var start = new DateOnly(2026, 1, 10);
        SetLocal(app, start.ToDateTime(new TimeOnly(10, 0)));
        await ActiveTraineeAsync(app, "p-early", "早复训");
        var late = await ActiveTraineeAsync(app, "p-late", "晚复训");
        var people = new List<string> { "p-early" };
        var states = new Dictionary<DateOnly, PostAssignmentState>();

        for (var day = 1; day <= 730; day++)
        {
            // Each simulated day starts at 00:10 China time, when the first daily job is scheduled.
            var today = start.AddDays(day);
            SetLocal(app, today.ToDateTime(new TimeOnly(0, 10)));
            await RunDailyJobsAsync(app);
            if (today == new DateOnly(2026, 9, 1))
            {
                await ActiveTraineeAsync(app, "p-new", "新入职");
                people.Add("p-new");
            }

            foreach (var person in people)
            {
                if (await RefresherAssignedOnAsync(app, person, today.AddDays(-3)))
                {
                    await PassAsync(app, person, "demo-refresher-exam");
                }
            }

            if (today == new DateOnly(2027, 2, 1))
            {
                await PassAsync(app, "p-late", "demo-refresher-exam");
                people.Add("p-late"); // from now on as punctual as the others
            }

            states[today] = (await Organisation.AssignmentAsync(app, late)).State;
        }

        var (assignments, notices, certifications) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await (from t in db.TrainingAssignments.AsNoTracking()
                           join p in db.People on t.PersonId equals p.Id
                           where t.Reason == TrainingReason.Refresher
                           orderby t.Id
                           select new { p.EmployeeNumber, t.Id, t.AssignedAt, t.DueAt, t.CompletedAt }).ToListAsync(),
                await db.Notifications.AsNoTracking().Select(n => n.Key).ToListAsync(),
                await (from c in db.Certifications.AsNoTracking()
                       join p in db.People on c.PersonId equals p.Id
                       orderby c.Id
                       select new { p.EmployeeNumber, c.Id, c.ValidUntil }).ToListAsync());
        });
        string Day(DateTimeOffset at) => LocalTime.FormatDate(at);
        List<string> ValidThrough(string person) => [.. certifications.Where(c => c.EmployeeNumber == person).Select(c => Day(c.ValidUntil))];
        List<string> AssignedOn(string person) => [.. assignments.Where(a => a.EmployeeNumber == person).Select(a => Day(a.AssignedAt))];

        if (cycle == CertificationCycle.Calendar)
        {
            // Everyone's certificate runs to 12-31; a pass in the window (from 2 November) renews to the next 12-31; the
            // newcomer of September (less than half the year left) is valid to the end of next year and skips the first refresher.
            Assert.Equal(["2026-12-31", "2027-12-31", "2028-12-31"], ValidThrough("p-early"));
            Assert.Equal(["2027-12-31", "2028-12-31"], ValidThrough("p-new"));
            Assert.Equal(["2026-12-31", "2027-12-31", "2028-12-31"], ValidThrough("p-late")); // the February pass counts for 2027
            Assert.Equal(["2026-11-02", "2027-11-02"], AssignedOn("p-early")); // the whole level on one day
            Assert.Equal(["2026-11-02", "2027-11-02"], AssignedOn("p-late"));
            Assert.Equal(["2027-11-02"], AssignedOn("p-new"));
        }
        else
        {
            // Twelve months from each pass; inside the window anchored on the old expiry, after it from the pass.
            Assert.Equal(["2027-01-10", "2028-01-10", "2029-01-10"], ValidThrough("p-early"));
            Assert.Equal(["2027-09-01", "2028-09-01"], ValidThrough("p-new"));
            Assert.Equal(["2027-01-10", "2028-02-01", "2029-02-01"], ValidThrough("p-late"));
            Assert.Equal(["2026-11-12", "2027-11-12"], AssignedOn("p-early")); // 60 days before expiry (10:00), the next 00:10 run
            Assert.Equal(["2027-07-04"], AssignedOn("p-new")); // passed a few seconds after 00:10: the window opens just after that day's run
            Assert.Equal("2026-11-12", AssignedOn("p-late")[0]);
            Assert.Equal(2, AssignedOn("p-late").Count);
        }

        // One refresher per person per cycle, each due at the expiry it renews and done; none left open.
        Assert.All(assignments, a => Assert.NotNull(a.CompletedAt));
        Assert.All(assignments, a => Assert.Contains(certifications, c => c.ValidUntil == a.DueAt));

        // One reminder per threshold for the late one's first refresher, overdue included; no notice twice.
        var lapsed = assignments.First(a => a.EmployeeNumber == "p-late").Id;
        Assert.Equal([$"reminder:{lapsed}:1", $"reminder:{lapsed}:30", $"reminder:{lapsed}:7", $"reminder:{lapsed}:overdue"],
            notices.Where(k => k.StartsWith($"reminder:{lapsed}:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(notices.Count, notices.Distinct().Count());

        // The post stays active through the 14 grace days after expiry, is suspended the day after they end (with a notice
        // to the holder), and the February pass re-activates it through the gate.
        var expired = DateOnly.Parse(ValidThrough("p-late")[0], System.Globalization.CultureInfo.InvariantCulture);
        var firstExpiry = certifications.First(c => c.EmployeeNumber == "p-late");
        var graceEnds = expired.AddDays(15); // the first run after the 14 days have passed
        Assert.Equal(PostAssignmentState.Active, states[expired.AddDays(1)]);
        Assert.Equal(PostAssignmentState.Active, states[graceEnds.AddDays(-1)]);
        Assert.Equal(graceEnds, states.Where(s => s.Value == PostAssignmentState.Suspended).Min(s => s.Key));
        Assert.Equal(new DateOnly(2027, 2, 1), states.Where(s => s.Key > graceEnds && s.Value == PostAssignmentState.Active).Min(s => s.Key));
        Assert.Equal(PostAssignmentState.Active, states[start.AddDays(730)]);
        Assert.Contains($"expired:{firstExpiry.Id}:{await UserIdAsync(app, "p-late")}", notices);
        Assert.Contains($"grace-ended:{firstExpiry.Id}:{await UserIdAsync(app, "p-late")}", notices);
        var lateUser = await UserIdAsync(app, "p-late");
        Assert.Single(notices, k => k.StartsWith("grace-ended:", StringComparison.Ordinal) && k.EndsWith(":" + lateUser, StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ASweepInterruptedHalfWayAndRunAgainCreatesNoDuplicates(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        SetLocal(app, new DateTime(2026, 1, 10, 10, 0, 0));
        foreach (var i in Enumerable.Range(1, 5))
        {
            await ActiveTraineeAsync(app, $"p-{i}", "复训" + i);
        }

        app.Clock.Advance(TimeSpan.FromDays(340)); // every certification is inside its 60-day window

        using var interrupt = new CancellationTokenSource();
        var reads = 0;
        app.Clock.OnRead = () =>
        {
            if (++reads == 3)
            {
                interrupt.Cancel(); // while the second person's notice is being written
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync<RecertificationSweep>(app, interrupt.Token));
        app.Clock.OnRead = null;
        var afterInterruption = await CountAsync(app);
        var summary = await RunAsync<RecertificationSweep>(app, CancellationToken.None);
        var again = await RunAsync<RecertificationSweep>(app, CancellationToken.None);

        Assert.InRange(afterInterruption.Assignments, 1, 4);
        Assert.Equal(afterInterruption.Assignments, afterInterruption.Notices);
        Assert.Equal((5, 5), await CountAsync(app));
        Assert.StartsWith($"{5 - afterInterruption.Assignments} refresher assignment(s) created", summary);
        Assert.StartsWith("0 refresher assignment(s) created; 0 not yet", again);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TwoSweepsAtOnceAssignAndNotifyOnce(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        SetLocal(app, new DateTime(2026, 1, 10, 10, 0, 0));
        foreach (var i in Enumerable.Range(1, 4))
        {
            await ActiveTraineeAsync(app, $"p-{i}", "复训" + i);
        }

        app.Clock.Advance(TimeSpan.FromDays(366)); // past expiry: both sweeps have work
        await Task.WhenAll(
            RunAsync<RecertificationSweep>(app, CancellationToken.None), RunAsync<RecertificationSweep>(app, CancellationToken.None),
            RunAsync<ExpirySweep>(app, CancellationToken.None), RunAsync<ExpirySweep>(app, CancellationToken.None));

        var keys = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Notifications.Select(n => n.Key).ToListAsync());
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(4, keys.Count(k => k.StartsWith("expired:", StringComparison.Ordinal))); // each holder once (HR reads the digest)
        Assert.Equal(4, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().PostAssignments.CountAsync(a => a.State == PostAssignmentState.Suspended)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ExpiryReachesTheHolderAndOneDailyDigestOfThemAllReachesHrAndTheirDepartmentHead(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        await ActiveTraineeAsync(app, "p-1", "到期人");
        await ActiveTraineeAsync(app, "p-2", "到期人二");
        await app.CreateUserAsync("p-head", "处长", [Roles.DeptHead]);
        await Organisation.PersonAsync(app, "p-other-head", "他处处长", "办公室");
        await app.CreateUserAsync("p-other-head", "他处处长", [Roles.DeptHead]);
        app.Clock.Advance(TimeSpan.FromDays(366));

        await RunAsync<ExpirySweep>(app, CancellationToken.None);
        var digest = await RunAsync<ManagerDigest>(app, CancellationToken.None);
        var again = await RunAsync<ManagerDigest>(app, CancellationToken.None);
        var holder = app.Browser();
        await AppFactory.SignInAsync(holder, "p-1", AppFactory.Password);
        var head = app.Browser();
        await AppFactory.SignInAsync(head, "p-head", AppFactory.Password);
        var otherHead = app.Browser();
        await AppFactory.SignInAsync(otherHead, "p-other-head", AppFactory.Password);
        var hr = await SignInAgainAsync(app, "u-hr");

        var holderInbox = await holder.GetStringAsync("/inbox");
        Assert.Contains("证书已过期", holderInbox);
        Assert.Contains("data-testid=\"unread-count\">1<", holderInbox);
        foreach (var manager in new[] { hr, head })
        {
            // One message naming both, not one per person.
            var inbox = await manager.GetStringAsync("/inbox");
            Assert.Contains("data-testid=\"unread-count\">1<", inbox);
            Assert.Contains("今日培训提醒：逾期 0 项，即将到期 0 张，已过期 2 张", inbox);
            Assert.Contains("到期人（p-1）证书", inbox);
            Assert.Contains("到期人二（p-2）证书", inbox);
            Assert.Contains("岗位已暂停", inbox);
        }

        Assert.DoesNotContain("今日培训提醒", await otherHead.GetStringAsync("/inbox")); // nobody of theirs is concerned
        Assert.StartsWith("2 digest(s) sent", digest);
        Assert.StartsWith("0 digest(s) sent", again); // once per reader per day

        var id = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Notifications.Where(n => n.Key.StartsWith("expired:") && n.Key.EndsWith(":" + n.UserId)).Select(n => n.Id).FirstAsync());
        var opened = await holder.PostFormAsync("/inbox", $"/inbox/{id}/open", []);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.DoesNotContain("data-testid=\"unread-count\"", await holder.GetStringAsync("/inbox"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheDigestCountsOverdueTrainingAndExpiringCertificatesAndLeavesOutTheExempt(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        await ActiveTraineeAsync(app, "p-1", "快到期");
        await ActiveTraineeAsync(app, "p-2", "已豁免");
        app.Clock.Advance(TimeSpan.FromDays(350)); // both certificates expire within 30 days; the refresher is assigned
        await RunAsync<RecertificationSweep>(app, CancellationToken.None);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var exempt = await db.People.SingleAsync(p => p.EmployeeNumber == "p-2");
            var today = LocalTime.Date(app.Clock.GetUtcNow());
            db.Exemptions.Add(new Exemption(exempt.Id, "借调", today, today.AddMonths(2), "test-setup", app.Clock.GetUtcNow()));
            var training = await db.TrainingAssignments.FirstAsync(t => t.PersonId != exempt.Id && t.Reason == TrainingReason.Refresher);
            training.DueAt = app.Clock.GetUtcNow().AddDays(-1); // as if it had been due yesterday
            return await db.SaveChangesAsync();
        });

        await RunAsync<ManagerDigest>(app, CancellationToken.None);
        var inbox = await (await SignInAgainAsync(app, "u-hr")).GetStringAsync("/inbox");

        Assert.Contains("今日培训提醒：逾期 1 项，即将到期 1 张，已过期 0 张", inbox);
        Assert.Contains("快到期（p-1）《", inbox);
        Assert.DoesNotContain("已豁免（p-2）", inbox);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnApprovedClauseChangeAssignsATargetedExamOnceToThoseCertifiedOnTheOldText(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        await app.CreateUserAsync("p-other", "未持证", [Roles.Trainee]);
        static IReadOnlyList<Web.Features.Content.ContentFile> Changed(string text) => [.. ContentFixtures.Valid().Select(f => f.Path == "regulations/demo.md"
            ? f with { Text = f.Text.Replace("秘密文件必须放在保密柜内。", text, StringComparison.Ordinal) } : f)];
        var import = await app.ImportAsync(Changed("秘密文件必须放在经批准的保密柜内。"));
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);

        var notApproved = await RunAsync<ContentRefresher>(app, CancellationToken.None);
        var page = await office.GetStringAsync($"/content/imports/{import.ImportId}");
        await office.PostFormAsync($"/content/imports/{import.ImportId}", $"/content/imports/{import.ImportId}/approve-refresher", []);
        var first = await RunAsync<ContentRefresher>(app, CancellationToken.None);
        var second = await RunAsync<ContentRefresher>(app, CancellationToken.None);

        Assert.Contains("批准并布置针对性复训", page);
        Assert.StartsWith("0 targeted refresher assignment(s) created for 0 approved import(s)", notApproved);
        Assert.StartsWith("1 targeted refresher assignment(s) created for 1 approved import(s)", first);
        Assert.StartsWith("0 targeted refresher assignment(s) created for 0 approved import(s)", second);
        var assignment = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().TrainingAssignments.AsNoTracking().SingleAsync(t => t.Reason == TrainingReason.ContentChange));
        Assert.Equal(await PersonIdAsync(app, "u-trainee"), assignment.PersonId);
        Assert.Contains("已于", await office.GetStringAsync($"/content/imports/{import.ImportId}"));
        var home = await trainee.GetStringAsync("/");
        Assert.Contains("制度修订培训", home);

        // The targeted exam draws only on the changed clause, survives later imports, and passing it completes the assignment.
        await app.ImportAsync(Changed("秘密文件必须放在经批准的保密柜内，并登记。"));
        var exam = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == assignment.ExamId));
        Assert.False(exam.IsRetired);

        // Only those it was assigned to see it or may start it.
        var other = app.Browser();
        await AppFactory.SignInAsync(other, "p-other", AppFactory.Password);
        Assert.Contains($"/exams/{exam.Id}/start", await trainee.GetStringAsync("/exams"));
        Assert.DoesNotContain(exam.Id, await other.GetStringAsync("/exams"));
        Assert.Contains("试卷不存在。", await other.FollowAsync(await other.CraftedPostAsync("/exams", "/account/logout", $"/exams/{exam.Id}/start", [])));
        await (await AttemptPage.StartAsync(trainee, exam.Id)).PassAsync(app, trainee);
        Assert.NotNull((await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().TrainingAssignments.AsNoTracking().SingleAsync(t => t.Id == assignment.Id))).CompletedAt);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task InboxMessagesAreMailedOnceThroughTheConfiguredIntranetServerOnly(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("p-mail", "有邮箱", [Roles.Trainee]);
        await app.CreateUserAsync("p-nomail", "无邮箱", [Roles.Trainee]);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.Users.Where(u => u.UserName == "p-mail").ExecuteUpdateAsync(set => set.SetProperty(u => u.Email, "p-mail@intranet.local"));
            var notifier = s.GetRequiredService<Web.Features.Notifications.Notifier>();
            foreach (var user in await db.Users.Where(u => u.UserName!.StartsWith("p-")).ToListAsync())
            {
                await notifier.AddAsync(user.Id, "test:" + user.UserName, "培训即将到期", "请完成复训。", "/");
            }

            return await db.SaveChangesAsync();
        });
        await using var smtp = new FakeSmtpServer();
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:From"] = "baomiban@intranet.local",
        }).Build();
        Task<string> RunOutboxAsync(Microsoft.Extensions.Configuration.IConfiguration configuration) => app.WithScopeAsync(s => new Web.Features.Notifications.MailOutbox(
            s.GetRequiredService<AppDbContext>(), configuration, app.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Features.Notifications.MailOutbox>.Instance)
            .RunAsync(CancellationToken.None));

        var off = await RunAsync<Web.Features.Notifications.MailOutbox>(app, CancellationToken.None); // the app's own settings: no host
        var first = await RunOutboxAsync(settings);
        var second = await RunOutboxAsync(settings);

        Assert.StartsWith("E-mail is off", off);
        Assert.StartsWith("1 e-mail(s) sent through 127.0.0.1", first);
        Assert.StartsWith("0 e-mail(s) sent", second);
        var (to, data) = Assert.Single(smtp.Messages);
        Assert.Equal("p-mail@intranet.local", to);
        var subject = System.Text.RegularExpressions.Regex.Match(data, @"Subject: =\?utf-8\?B\?([^?]+)\?=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.Equal("培训即将到期", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(subject.Groups[1].Value)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task JobsAreListedAndRunByHandAsOfADate(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        SetLocal(app, new DateTime(2026, 1, 10, 10, 0, 0));
        await ActiveTraineeAsync(app, "p-1", "手动");

        var (listed, list, _) = await Verbs.RunAsync(app, "jobs", "list");
        var (early, before, _) = await Verbs.RunAsync(app, "jobs", "run", "recertification-sweep", "--as-of", "2026-10-01");
        var (inWindow, run, _) = await Verbs.RunAsync(app, "jobs", "run", "recertification-sweep", "--as-of", "2026-12-01");
        var (unknown, _, unknownError) = await Verbs.RunAsync(app, "jobs", "run", "no-such-job");
        var (badDate, _, _) = await Verbs.RunAsync(app, "jobs", "run", "reminders", "--as-of", "12/01/2026");

        Assert.Equal(0, listed);
        Assert.All(RecurringJobs.All, job => Assert.Contains(job.Id, list));
        Assert.Contains("0 8 * * *", list);
        Assert.Equal(0, early);
        Assert.Contains("recertification-sweep: 0 refresher assignment(s) created", before);
        Assert.Equal(0, inWindow);
        Assert.Contains("recertification-sweep: 1 refresher assignment(s) created", run);
        Assert.Equal(2, unknown);
        Assert.Contains("Unknown job 'no-such-job'", unknownError);
        Assert.Equal(2, badDate);
        var runs = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == "job.run").OrderBy(e => e.Sequence).Select(e => e.Subject + ": " + e.Details).ToListAsync());
        Assert.Equal(2, runs.Count); // a job run by hand is audited; refused invocations are not runs
        Assert.StartsWith("recertification-sweep: 1 refresher assignment(s) created", runs[1], StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheDashboardIsForAdministratorsOnly(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        var hr = await app.SignInAsAsync(Roles.HR);

        var dashboard = await admin.GetAsync("/admin/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var page = await dashboard.Content.ReadAsStringAsync();
        foreach (var job in RecurringJobs.All)
        {
            Assert.Contains(job.Id, page);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/admin/jobs/recurring")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await app.Browser().GetAsync("/admin/jobs/recurring")).StatusCode);
    }

    private static void SetLocal(AppFactory app, DateTime chinaTime) =>
        app.Clock.Advance(new DateTimeOffset(chinaTime, ChinaOffset) - app.Clock.GetUtcNow());

    private static async Task RunDailyJobsAsync(AppFactory app)
    {
        foreach (var job in new[] { typeof(ExpirySweep), typeof(RecertificationSweep), typeof(Reminders), typeof(AttemptFinalizer) })
        {
            await app.WithScopeAsync(s => ((IJob)s.GetRequiredService(job)).RunAsync(CancellationToken.None));
        }
    }

    private static Task<string> RunAsync<T>(AppFactory app, CancellationToken ct)
        where T : IJob => app.WithScopeAsync(s => s.GetRequiredService<T>().RunAsync(ct));

    private static Task<(int Assignments, int Notices)> CountAsync(AppFactory app) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        return (await db.TrainingAssignments.CountAsync(t => t.Reason == TrainingReason.Refresher),
            await db.Notifications.CountAsync(n => n.Key.StartsWith("refresher-assigned:")));
    });

    /// <summary>A trainee with an account, a staff record on a 重要 post of 业务处, certified now, signed, vetted and active.</summary>
    private static async Task<int> ActiveTraineeAsync(AppFactory app, string userName, string name)
    {
        await app.CreateUserAsync(userName, name, [Roles.Trainee]);
        await app.CompleteCourseAsync(userName, "basics");
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, userName, name);
        var hr = await SignInAgainAsync(app, "u-hr", [Roles.HR]);
        var id = await Organisation.ProposeAsync(hr, userName, postId);
        await PassAsync(app, userName, "demo-exam");
        var trainee = app.Browser();
        await AppFactory.SignInAsync(trainee, userName, AppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        await Organisation.HrAsync(hr, id, "vetting", new() { ["passed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.HrAsync(hr, id, "activate")).StatusCode);
        return id;
    }

    /// <summary>Signs the account in with a fresh client (the fake clock moves past cookie lifetimes); creates it when asked to.</summary>
    private static async Task<HttpClient> SignInAgainAsync(AppFactory app, string userName, string[]? createWithRoles = null)
    {
        if (createWithRoles is not null && !await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.UserName == userName)))
        {
            await app.CreateUserAsync(userName, "人事", createWithRoles);
        }

        var client = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(client, userName, AppFactory.Password)).StatusCode);
        return client;
    }

    private static async Task PassAsync(AppFactory app, string userName, string examId)
    {
        var client = app.Browser();
        await AppFactory.SignInAsync(client, userName, AppFactory.Password);
        await (await AttemptPage.StartAsync(client, examId)).PassAsync(app, client);
    }

    private static Task<int> PersonIdAsync(AppFactory app, string employeeNumber) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.Where(p => p.EmployeeNumber == employeeNumber).Select(p => p.Id).SingleAsync());

    /// <summary>Whether the person has an open refresher assigned on <paramref name="day"/> (China time).</summary>
    private static Task<bool> RefresherAssignedOnAsync(AppFactory app, string employeeNumber, DateOnly day) => app.WithScopeAsync(s =>
    {
        var (begins, ends) = (LocalTime.StartOf(day), LocalTime.StartOf(day.AddDays(1)));
        var db = s.GetRequiredService<AppDbContext>();
        return (from t in db.TrainingAssignments
                join p in db.People on t.PersonId equals p.Id
                where p.EmployeeNumber == employeeNumber && t.Reason == TrainingReason.Refresher && t.CompletedAt == null && t.AssignedAt >= begins && t.AssignedAt < ends
                select t.Id).AnyAsync();
    });

    private static Task<string> UserIdAsync(AppFactory app, string userName) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}
