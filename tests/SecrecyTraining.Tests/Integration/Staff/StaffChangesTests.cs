using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Integration.Posts;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.Tests.Integration.Staff;

/// <summary>
/// HR keeps a person's record through the year: corrects the name, moves the department, sets the e-mail; exempts them
/// (豁免) for long leave; extends a training's due date; records a leaver found by a roster import.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class StaffChangesTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task HrEditsNameDepartmentAndEmailAuditedAndTheDepartmentHeadsViewFollows(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("t-zhang", "张伟", [Roles.Trainee]);
        await app.CreateUserAsync("h-fin", "孙处长", [Roles.DeptHead]);
        await Organisation.PersonAsync(app, "h-fin", "孙处长", "财务处");
        var head = app.Browser();
        await AppFactory.SignInAsync(head, "h-fin", AppFactory.Password);
        var hr = await app.SignInAsAsync(Roles.HR);
        Assert.DoesNotContain("张伟", await head.GetStringAsync("/staff/my-department"));
        var finance = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Departments.Where(d => d.Name == "财务处").Select(d => d.Id).SingleAsync());

        var before = await DatabaseSnapshot.TakeAsync(app);
        var badEmail = await hr.PostFormAsync("/staff/t-zhang", "/staff/t-zhang/edit",
            new() { ["name"] = "张维", ["departmentId"] = finance.ToString(System.Globalization.CultureInfo.InvariantCulture), ["email"] = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Matches("id=\"email-error\">邮箱格式不正确。<", await badEmail.Content.ReadAsStringAsync());
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));

        var saved = await hr.PostFormAsync("/staff/t-zhang", "/staff/t-zhang/edit",
            new() { ["name"] = "张维", ["departmentId"] = finance.ToString(System.Globalization.CultureInfo.InvariantCulture), ["email"] = "zhang.wei@intra.local" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("人员信息已保存。", await hr.FollowAsync(saved));
        Assert.Contains("张维", await head.GetStringAsync("/staff/my-department"));
        var entry = await app.LastAuditAsync("person.updated");
        Assert.Equal(("t-zhang", "name 张伟 → 张维; department 业务处 → 财务处; e-mail (none) → zhang.wei@intra.local"), (entry.Subject, entry.Details));
        var account = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == "t-zhang"));
        Assert.Equal(("zhang.wei@intra.local", "张维"), (account.Email, account.DisplayName));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnExemptionTakesThePersonOutOfTheOverdueCountAndTheReminders(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await app.CreateUserAsync("t-leave", "病假人", [Roles.Trainee]);
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "t-leave", "病假人");
        var hr = await app.SignInAsAsync(Roles.HR);
        await Organisation.ProposeAsync(hr, "t-leave", postId); // onboarding due in 30 days
        app.Clock.Advance(TimeSpan.FromDays(25));
        hr = await HrAgainAsync(app); // the session lasts hours, not weeks

        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).DateTime);
        var pastDay = await hr.PostFormAsync("/staff/t-leave", "/staff/t-leave/exemption",
            new() { ["exemptReason"] = "长期病假", ["exemptUntil"] = Day(today.AddDays(-1)) });
        Assert.Equal(HttpStatusCode.BadRequest, pastDay.StatusCode);
        Assert.Matches("id=\"exemptUntil-error\">请按 yyyy-MM-dd 填写豁免截止日期，不早于今天。<", await pastDay.Content.ReadAsStringAsync());

        var exempted = await hr.PostFormAsync("/staff/t-leave", "/staff/t-leave/exemption",
            new() { ["exemptReason"] = "长期病假", ["exemptUntil"] = Day(today.AddDays(60)) });
        Assert.Equal(HttpStatusCode.Redirect, exempted.StatusCode);
        Assert.Contains($"not exempt → exempt {Day(today)} to {Day(today.AddDays(60))}: 长期病假", (await app.LastAuditAsync("person.exempted")).Details);

        Assert.Contains("0 reminder(s) sent", await RunAsync<Reminders>(app));
        app.Clock.Advance(TimeSpan.FromDays(10)); // the onboarding is now overdue
        hr = await HrAgainAsync(app);
        Assert.Contains("0 reminder(s) sent", await RunAsync<Reminders>(app));
        var list = await hr.GetStringAsync("/staff?overdue=true");
        Assert.DoesNotContain("data-person=\"t-leave\"", list);
        Assert.Contains("data-status=\"Exempt\"", await hr.GetStringAsync("/staff?search=t-leave"));
        Assert.Matches("data-status=\"Exempt\">1<", await hr.GetStringAsync("/compliance"));

        var ended = await hr.PostFormAsync("/staff/t-leave", "/staff/t-leave/exemption/end", []);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("data-person=\"t-leave\"", await hr.GetStringAsync("/staff?overdue=true"));
        Assert.Contains("1 reminder(s) sent", await RunAsync<Reminders>(app));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnExtensionMovesOneTrainingsDueDateWithItsReason(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await app.CreateUserAsync("t-late", "延期人", [Roles.Trainee]);
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "t-late", "延期人");
        var hr = await app.SignInAsAsync(Roles.HR);
        await Organisation.ProposeAsync(hr, "t-late", postId);
        var training = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().TrainingAssignments.AsNoTracking().SingleAsync());
        var firstDue = DateOnly.FromDateTime(training.DueAt.AddHours(8).DateTime);
        app.Clock.Advance(TimeSpan.FromDays(31));
        hr = await HrAgainAsync(app);
        Assert.Contains("data-person=\"t-late\"", await hr.GetStringAsync("/staff?overdue=true"));
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).DateTime);
        var form = $"[data-training='{training.Id}'] form";

        var earlier = await hr.PostFormAsync("/staff/t-late", form, new() { ["dueOn"] = Day(firstDue.AddDays(-1)), ["reason"] = "出差" });
        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        Assert.Matches($"id=\"due-{training.Id}-error\">请按 yyyy-MM-dd 填写新的截止日期", await earlier.Content.ReadAsStringAsync());

        var extended = await hr.PostFormAsync("/staff/t-late", form, new() { ["dueOn"] = Day(today.AddDays(14)), ["reason"] = "出差两周" });

        Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
        var page = await hr.FollowAsync(extended);
        Assert.Contains($"已延期，原截止 {Day(firstDue)}：出差两周", page);
        Assert.DoesNotContain("data-person=\"t-late\"", await hr.GetStringAsync("/staff?overdue=true"));
        Assert.Equal($"due {Day(firstDue)} → {Day(today.AddDays(14))}: 出差两周", (await app.LastAuditAsync("training.extended")).Details);
        app.Clock.Advance(TimeSpan.FromDays(14)); // the last day of the extension still counts
        hr = await HrAgainAsync(app);
        Assert.DoesNotContain("data-person=\"t-late\"", await hr.GetStringAsync("/staff?overdue=true"));
        app.Clock.Advance(TimeSpan.FromDays(1));
        hr = await HrAgainAsync(app);
        Assert.Contains("data-person=\"t-late\"", await hr.GetStringAsync("/staff?overdue=true"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ARosterListsWhoItLeavesOutAndHrRecordsTheLeavers(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, hr, activeId) = await GateTests.ActiveOnPostAsync(app); // u-trainee, active on a 重要 post
        await app.CreateUserAsync("t-new", "拟任人", [Roles.Trainee]);
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "t-new", "拟任人", PostLevel.General);
        var proposedId = await Organisation.ProposeAsync(hr, "t-new", postId);
        await app.CreateUserAsync("t-stay", "留任人", [Roles.Trainee]);
        await app.CreateUserAsync("t-mail", "邮箱人", [Roles.Trainee]);
        var csv = "工号,姓名,部门,邮箱\r\nt-mail,邮箱人,业务处,mail@intra.local\r\n";

        var preview = await (await hr.PostFormAsync("/staff/import", "/staff/import", [], new FormFile("file", "名单.csv", Encoding.UTF8.GetBytes(csv))))
            .Content.ReadAsStringAsync();

        foreach (var number in new[] { "u-trainee", "t-new", "t-stay" })
        {
            Assert.Contains($"data-missing=\"{number}\"", preview);
        }

        var committed = await hr.SubmitFormValuesAsync(preview, "/staff/import", "/staff/import/commit",
            [new("leavers", "u-trainee"), new("leavers", "t-new")]);
        var result = await committed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Matches("data-leaver=\"t-new\">(?:(?!</li>).)*账号已停用", result.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Matches("data-leaver=\"u-trainee\">(?:(?!</li>).)*1 个岗位待本人签署离岗保密承诺书", result.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Equal(PostAssignmentState.Ended, (await Organisation.AssignmentAsync(app, proposedId)).State);
        var active = await Organisation.AssignmentAsync(app, activeId);
        Assert.Equal((PostAssignmentState.Active, true), (active.State, active.LeavingRequestedAt is not null));
        Assert.Equal("on staff → left (名单.csv)", (await app.LastAuditAsync("person.left")).Details);
        Assert.Equal(("t-mail", "e-mail (none) → mail@intra.local (名单.csv)"), ((await app.LastAuditAsync("person.updated")).Subject, (await app.LastAuditAsync("person.updated")).Details));
        Assert.Equal((false, true, false), await DisabledAsync(app));

        // The leaver signs the 离岗 commitment with the account still open; ending the post disables it.
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.HrAsync(hr, activeId, "end")).StatusCode);
        Assert.Equal((true, true, false), await DisabledAsync(app));
        Assert.Equal("left the organisation", (await app.LastAuditAsync("account.disabled")).Details);

        // The next import no longer lists the leavers, only the one HR kept.
        var next = await (await hr.PostFormAsync("/staff/import", "/staff/import", [], new FormFile("file", "名单.csv", Encoding.UTF8.GetBytes(csv))))
            .Content.ReadAsStringAsync();
        Assert.Contains("data-missing=\"t-stay\"", next);
        Assert.DoesNotContain("data-missing=\"u-trainee\"", next);
        Assert.DoesNotContain("data-missing=\"t-new\"", next);
    }

    private static Task<(bool Trainee, bool New, bool Stay)> DisabledAsync(AppFactory app) => app.WithScopeAsync(async s =>
    {
        var disabled = await s.GetRequiredService<AppDbContext>().Users.AsNoTracking().Where(u => u.DisabledAt != null).Select(u => u.UserName).ToListAsync();
        return (disabled.Contains("u-trainee"), disabled.Contains("t-new"), disabled.Contains("t-stay"));
    });

    /// <summary>HR signs in again after the clock moved past the session's lifetime.</summary>
    private static async Task<HttpClient> HrAgainAsync(AppFactory app)
    {
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(client, "u-hr", AppFactory.Password)).StatusCode);
        return client;
    }

    private static Task<string> RunAsync<T>(AppFactory app)
        where T : IJob => app.WithScopeAsync(s => s.GetRequiredService<T>().RunAsync(CancellationToken.None));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
