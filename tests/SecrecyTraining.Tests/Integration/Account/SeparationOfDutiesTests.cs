using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Account;

/// <summary>三员分立: the administrator, the security staff and the auditor are different people, and nobody grants themselves anything.</summary>
[Collection(SharedApp.Name)]
public sealed class SeparationOfDutiesTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task TheAdministratorCannotJoinSeparatedRolesNorChangeTheirOwnRolesOrPassword(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        await app.CreateUserAsync("u-clerk", "文书", [Roles.Trainee]);

        foreach (var (roles, message) in new[]
                 {
                     ($"{Roles.Admin},{Roles.HR}", "系统管理员与人事不能由同一人担任（三员分立）。"),
                     ($"{Roles.Admin},{Roles.Auditor}", "系统管理员与安全审计员不能由同一人担任（三员分立）。"),
                     ($"{Roles.SecrecyOffice},{Roles.Auditor}", "安全审计员与保密办不能由同一人担任（三员分立）。"),
                 })
        {
            var refused = await admin.FollowAsync(await admin.SubmitFormValuesAsync(
                await admin.GetStringAsync("/admin/users"), "/admin/users", "/admin/users/u-clerk/roles",
                roles.Split(',').Select(r => new KeyValuePair<string, string>("roles", r))));
            Assert.Contains(message, refused);
        }

        var own = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-admin/roles", new() { ["roles"] = $"{Roles.Admin}" }));
        var ownPassword = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-admin/reset-password", []));
        var (code, _, error) = await Verbs.RunAsync(app, "users", "add", "600001", "--name", "双重", "--role", "Admin", "--role", "SecrecyOffice");

        Assert.Contains("不能修改本人的角色。", own);
        Assert.Contains("不能在这里重置本人的密码；请用“修改密码”。", ownPassword);
        Assert.Equal(1, code);
        Assert.Contains("系统管理员与保密办不能由同一人担任（三员分立）。", error);
        Assert.Equal([Roles.Trainee], await app.WithScopeAsync(s => RolesOfAsync(s, "u-clerk")));
        Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.UserName == "600001")));
        Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries
            .AnyAsync(e => e.Action == "role.changed" || e.Action == "password.reset" || e.Action == "account.created" && e.Subject == "600001")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnHrOfficerOnAPostCannotVetOrActivateTheirOwnAssignmentButAColleagueCan(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await app.CreateUserAsync("hr-self", "人事甲", [Roles.HR, Roles.Trainee]);
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "hr-self", "人事甲");
        var self = app.Browser();
        await AppFactory.SignInAsync(self, "hr-self", AppFactory.Password);
        var colleague = await app.SignInAsAsync(Roles.HR);
        var id = await Organisation.ProposeAsync(colleague, "hr-self", postId);

        var vetOwn = await Organisation.HrPageAsync(self, id, "vetting", new() { ["passed"] = "true" });
        var activateOwn = await Organisation.HrPageAsync(self, id, "activate");

        Assert.Contains("不能为本人的岗位任用记录审查结果或启用岗位。", Organisation.Problems(vetOwn));
        Assert.Contains("不能为本人的岗位任用记录审查结果或启用岗位。", Organisation.Problems(activateOwn));
        var untouched = await Organisation.AssignmentAsync(app, id);
        Assert.Equal((VettingResult.Pending, PostAssignmentState.Proposed), (untouched.Vetting, untouched.State));
        await Organisation.HrPageAsync(colleague, id, "vetting", new() { ["passed"] = "true" });
        Assert.Equal(VettingResult.Passed, (await Organisation.AssignmentAsync(app, id)).Vetting);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheAuditorReadsAndExportsEveryAdministratorsActionAndChangesNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        await app.CreateUserAsync("u-clerk", "文书", [Roles.Trainee]);
        await admin.PostFormAsync("/admin/users", "/admin/users/u-clerk/reset-password", []);
        var auditor = await app.SignInAsAsync(Roles.Auditor);

        var home = await auditor.GetStringAsync("/");
        var log = await auditor.GetStringAsync("/audit?actor=u-admin");
        var csv = await auditor.GetAsync("/audit/export.csv?actor=u-admin");

        Assert.Contains("条审计记录待查阅", home);
        Assert.Contains("password.reset", log);
        Assert.Contains("u-clerk", log);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("password.reset", await csv.Content.ReadAsStringAsync());
        foreach (var url in new[] { "/admin/users", "/admin/jobs", "/staff", "/posts/assignments", "/content/questions", "/certificates" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync(url)).StatusCode);
        }
    }

    private static async Task<List<string>> RolesOfAsync(IServiceProvider services, string userName)
    {
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Features.Account.AppUser>>();
        return [.. await users.GetRolesAsync((await users.FindByNameAsync(userName))!)];
    }
}
