using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Audit;

/// <summary>Role and policy changes, exam results and exports each leave an entry saying who did what to what.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditedEventsTests(Databases databases)
{
    public static Task<List<AuditEntry>> EntriesAsync(AppFactory app, string action) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync());

    [Theory, ClassData(typeof(Providers))]
    public async Task AnAdministratorChangesRolesOnTheUsersPageTheChangeIsAuditedAndReachesTheHolderWithinAMinute(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        var hr = await app.SignInAsAsync(Roles.HR);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/staff")).StatusCode);

        var page = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-hr/roles", new() { ["roles"] = Roles.Trainee }));

        Assert.Contains("已更新 u-hr 的角色。", page);
        var change = Assert.Single(await EntriesAsync(app, "role.changed"));
        Assert.Equal(("u-admin", "u-hr", "HR → Trainee"), (change.Actor, change.Subject, change.Details));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/staff")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task NoAccountIsLeftWithoutRolesAndTheLastAdministratorKeepsTheAdminRole(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        await app.CreateUserAsync("u-hr", "人事", [Roles.HR]);

        var none = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-hr/roles", new() { ["roles"] = "" }));
        var (code, _, demoted) = await Verbs.RunAsync(app, "users", "roles", "u-admin", "--role", "Trainee"); // nobody changes their own roles on the page

        Assert.Contains("至少须保留一个角色。", none);
        Assert.Equal(1, code);
        Assert.Contains("u-admin 是唯一的系统管理员，不能取消其管理员角色。", demoted);
        Assert.Empty(await EntriesAsync(app, "role.changed"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheUsersVerbsAreAuditedUnderTheServerAccountThatRanThem(string provider)
    {
        var app = await databases.StartAsync(provider);

        var (added, _, _) = await Verbs.RunAsync(app, "users", "add", "500001", "--name", "王五", "--role", "Trainee");
        var (changed, output, _) = await Verbs.RunAsync(app, "users", "roles", "500001", "--role", "HR", "--role", "DeptHead");
        var (reset, _, _) = await Verbs.RunAsync(app, "users", "reset-password", "500001");

        Assert.Equal((0, 0, 0), (added, changed, reset));
        Assert.Contains("Roles of 500001: HR, DeptHead.", output);
        var actor = $"cli:{Environment.UserName}";
        Assert.Equal((actor, "500001", "roles: Trainee"), Only(await EntriesAsync(app, "account.created")));
        Assert.Equal((actor, "500001", "Trainee → DeptHead,HR"), Only(await EntriesAsync(app, "role.changed")));
        Assert.Equal((actor, "500001", ""), Only(await EntriesAsync(app, "password.reset")));

        static (string, string, string) Only(List<AuditEntry> entries)
        {
            var e = Assert.Single(entries);
            return (e.Actor, e.Subject, e.Details);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AChangedLevelPolicyIsAuditedWithItsOldAndNewValues(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var initial = await EntriesAsync(app, "policy.changed");

        var stricter = ContentFixtures.Valid().Select(f => f.Path == "policy.yaml"
            ? f with { Text = f.Text.Replace("passMark: 80\n    decryptionPeriodMonths: 36", "passMark: 90\n    decryptionPeriodMonths: 36", StringComparison.Ordinal) }
            : f).ToList();
        await app.ImportAsync(stricter);

        Assert.Equal(3, initial.Count); // the three levels, set by the first import
        var change = Assert.Single((await EntriesAsync(app, "policy.changed")).Skip(3));
        Assert.Equal(("tests", $"level:{PostLevel.Core}"), (change.Actor, change.Subject));
        Assert.Contains("pass mark 80%", change.Details.Split(" → ")[0]);
        Assert.Contains("pass mark 90%", change.Details.Split(" → ")[1]);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ExamResultsAreAuditedSubmittedByTheTraineeOrFinalizedByTheSystem(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var first = await AttemptPage.StartAsync(client);
        await first.SubmitAsync(client);
        var second = await AttemptPage.StartAsync(client);
        app.Clock.Advance(TimeSpan.FromMinutes(20)); // past its deadline
        await app.WithScopeAsync(s => s.GetRequiredService<Web.Features.Exams.ExamService>().FinalizeOverdueAsync());

        var submitted = Assert.Single(await EntriesAsync(app, "exam.submitted"));
        var finalized = Assert.Single(await EntriesAsync(app, "exam.finalized"));
        Assert.Equal(("u-trainee", $"attempt:{first.Id}"), (submitted.Actor, submitted.Subject));
        Assert.StartsWith("u-trainee demo-exam: 0/", submitted.Details);
        Assert.EndsWith(", failed", submitted.Details);
        Assert.Equal(("system", $"attempt:{second.Id}"), (finalized.Actor, finalized.Subject));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ReportAndQuestionBankExportsAreAudited(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var year = Web.Infrastructure.Web.LocalTime.Year(app.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/compliance/report/{year}.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/content/questions/export.gift")).StatusCode);

        var report = Assert.Single(await EntriesAsync(app, "export.annual-report"));
        var bank = Assert.Single(await EntriesAsync(app, "export.questions"));
        Assert.Equal(("u-secrecyoffice", $"{year}", "xlsx"), (report.Actor, report.Subject, report.Details));
        Assert.Equal(("u-secrecyoffice", "all banks"), (bank.Actor, bank.Subject));
        Assert.EndsWith("questions with their keys (GIFT)", bank.Details);
    }
}
