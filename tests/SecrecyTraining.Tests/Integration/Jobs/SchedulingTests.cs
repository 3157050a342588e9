using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.Tests.Integration.Jobs;

/// <summary>The recurring jobs over simulated time (a fake clock), interrupted, and run twice at once.</summary>
[Collection(SharedApp.Name)]
public sealed class SchedulingTests(Databases databases)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    [Theory, ClassData(typeof(Providers))]
    public async Task FourHundredDaysOfDailyJobsGiveOneRefresherPerCycleOneNoticePerThresholdAndSuspendTheDayAfterExpiry(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        SetLocal(app, new DateTime(2026, 1, 10, 10, 0, 0));
        var early = await ActiveTraineeAsync(app, "p-early", "早复训");   // re-certifies inside the window
        var late = await ActiveTraineeAsync(app, "p-late", "晚复训");     // lets it expire, re-certifies after
        var expiry = await ValidUntilAsync(app, "p-early");
        var lateExpiry = await ValidUntilAsync(app, "p-late");
        DateOnly? suspendedOn = null;
        DateOnly? reactivatedOn = null;

        for (var day = 1; day <= 400; day++)
        {
            // Each simulated day starts at 00:10 China time, when the first daily job is scheduled.
            var today = new DateOnly(2026, 1, 10).AddDays(day);
            SetLocal(app, today.ToDateTime(new TimeOnly(0, 10)));
            await RunDailyJobsAsync(app);
            if (today == new DateOnly(2026, 12, 1))
            {
                await PassAsync(app, "p-early", "demo-refresher-exam");
            }

            if (today == new DateOnly(2027, 1, 20))
            {
                await PassAsync(app, "p-late", "demo-refresher-exam");
            }

            var state = (await Organisation.AssignmentAsync(app, late)).State;
            if (state == PostAssignmentState.Suspended && suspendedOn is null)
            {
                suspendedOn = today;
            }

            if (suspendedOn is not null && state == PostAssignmentState.Active && reactivatedOn is null)
            {
                reactivatedOn = today;
            }
        }

        var (assignments, notices, certifications) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.TrainingAssignments.AsNoTracking().Where(t => t.Reason == TrainingReason.Refresher).ToListAsync(),
                await db.Notifications.AsNoTracking().Select(n => n.Key).ToListAsync(),
                await db.Certifications.AsNoTracking().OrderBy(c => c.Id).ToListAsync());
        });
        var earlyUser = await PersonIdAsync(app, "p-early");
        var lateUser = await PersonIdAsync(app, "p-late");

        // One refresher assignment per person in the cycle (the next window opens in November 2027, after the 400 days).
        Assert.Equal(1, assignments.Count(a => a.PersonId == earlyUser));
        Assert.Equal(1, assignments.Count(a => a.PersonId == lateUser));
        Assert.All(assignments, a => Assert.NotNull(a.CompletedAt));
        var lateAssignment = assignments.Single(a => a.PersonId == lateUser);
        Assert.Equal(lateExpiry, lateAssignment.DueAt);
        // The window opens 60 days before expiry (2026-11-11, 10:00); the 00:10 run of the next day assigns.
        Assert.Equal(new DateOnly(2026, 11, 12), DateOnly.FromDateTime((lateAssignment.AssignedAt + ChinaOffset).DateTime));

        // One reminder per threshold for the late one; none for the early one, who finished before the 30-day mark.
        Assert.Equal(["reminder:" + lateAssignment.Id + ":1", "reminder:" + lateAssignment.Id + ":30", "reminder:" + lateAssignment.Id + ":7", "reminder:" + lateAssignment.Id + ":overdue"],
            notices.Where(k => k.StartsWith($"reminder:{lateAssignment.Id}:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(notices, k => k.StartsWith($"reminder:{assignments.Single(a => a.PersonId == earlyUser).Id}:", StringComparison.Ordinal));
        Assert.Equal(notices.Count, notices.Distinct().Count());

        // Suspended the day after expiry; re-certification went through the gate and re-activated the post.
        Assert.Equal(DateOnly.FromDateTime((lateExpiry + ChinaOffset).DateTime).AddDays(1), suspendedOn);
        Assert.Equal(new DateOnly(2027, 1, 20), reactivatedOn);

        // Inside the window the new expiry is anchored on the old one; after expiry it counts from completion.
        var earlyNew = certifications.Single(c => c.PersonId == earlyUser && c.State == CertificationState.Valid);
        var lateNew = certifications.Single(c => c.PersonId == lateUser && c.State == CertificationState.Valid);
        Assert.Equal(expiry.AddMonths(12), earlyNew.ValidUntil);
        Assert.Equal(new DateOnly(2028, 1, 20), DateOnly.FromDateTime((lateNew.ValidUntil + ChinaOffset).DateTime));
        Assert.Contains($"expired:{certifications.First(c => c.PersonId == lateUser).Id}:{await UserIdAsync(app, "p-late")}", notices);
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
        Assert.Equal(8, keys.Count(k => k.StartsWith("expired:", StringComparison.Ordinal))); // each holder, and HR about each
        Assert.Equal(4, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().PostAssignments.CountAsync(a => a.State == PostAssignmentState.Suspended)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ExpiryNoticesReachTheHolderHrAndTheDepartmentHeadInTheirInboxes(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        await ActiveTraineeAsync(app, "p-1", "到期人");
        await app.CreateUserAsync("p-head", "处长", [Roles.DeptHead]);
        app.Clock.Advance(TimeSpan.FromDays(366));

        await RunAsync<ExpirySweep>(app, CancellationToken.None);
        var holder = app.Browser();
        await AppFactory.SignInAsync(holder, "p-1", AppFactory.Password);
        var head = app.Browser();
        await AppFactory.SignInAsync(head, "p-head", AppFactory.Password);
        var hr = await SignInAgainAsync(app, "u-hr");

        var holderInbox = await holder.GetStringAsync("/inbox");
        Assert.Contains("证书已过期", holderInbox);
        Assert.Contains("data-testid=\"unread-count\">1<", holderInbox);
        Assert.Contains("到期人（p-1）的证书", await hr.GetStringAsync("/inbox"));
        Assert.Contains("到期人（p-1）的证书", await head.GetStringAsync("/inbox"));

        var id = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Notifications.Where(n => n.Key.StartsWith("expired:") && n.Key.EndsWith(":" + n.UserId)).Select(n => n.Id).FirstAsync());
        var opened = await holder.PostFormAsync("/inbox", $"/inbox/{id}/open", []);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.DoesNotContain("data-testid=\"unread-count\"", await holder.GetStringAsync("/inbox"));
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

    private static Task<DateTimeOffset> ValidUntilAsync(AppFactory app, string userName) => app.WithScopeAsync(s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        return (from c in db.Certifications join p in db.People on c.PersonId equals p.Id where p.EmployeeNumber == userName select c.ValidUntil).SingleAsync();
    });

    private static Task<int> PersonIdAsync(AppFactory app, string employeeNumber) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.Where(p => p.EmployeeNumber == employeeNumber).Select(p => p.Id).SingleAsync());

    private static Task<string> UserIdAsync(AppFactory app, string userName) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}
