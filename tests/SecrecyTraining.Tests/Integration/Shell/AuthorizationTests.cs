using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Shell;

[Collection(SharedApp.Name)]
public sealed class AuthorizationTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task TraineeAskingForHrPageGets403WithAnExplanation(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.Trainee);

        var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("您的角色无权查看此页面", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string> ForbiddenPages => new()
    {
        { "Sqlite", Roles.Trainee, "/admin/users" },
        { "Sqlite", Roles.HR, "/admin/users" },
        { "Sqlite", Roles.SecrecyOffice, "/staff" },
        { "Sqlite", Roles.DeptHead, "/staff" },
        { "Sqlite", Roles.Admin, "/staff/my-department" },
        { "Postgres", Roles.Trainee, "/posts" },
        { "Postgres", Roles.DeptHead, "/posts" },
        { "Postgres", Roles.Admin, "/posts" },
    };

    [Theory, MemberData(nameof(ForbiddenPages))]
    public async Task RoleWithoutThePageGets403(string provider, string role, string page)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(role);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page)).StatusCode);
    }

    public static TheoryData<string, string[]> Menus => new()
    {
        { Roles.Trainee, ["我的培训", "课程学习", "练习与错题本", "考试与练习", "保密承诺书", "规章制度"] },
        { Roles.HR, ["合规看板", "人员", "涉密岗位", "岗位任用", "证书", "线下培训", "规章制度"] },
        { Roles.SecrecyOffice, ["合规看板", "涉密岗位", "证书", "题库", "课程", "岗位策略", "承诺书文本", "内容导入", "考试安排", "试卷策略", "阅卷", "题目分析", "线下培训", "审计日志", "规章制度"] },
        { Roles.DeptHead, ["本处室", "合规看板", "规章制度"] },
        { Roles.Admin, ["用户管理", "任务调度", "规章制度"] },
    };

    [Theory, MemberData(nameof(Menus))]
    public async Task EachRoleSeesItsOwnNavigationAndCanOpenIt(string role, string[] expected)
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(role);

        var links = NavLinks(await client.GetStringAsync("/"));

        Assert.Equal(expected, links.Select(l => l.Text));
        foreach (var (_, url) in links)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task UserWithTwoRolesSeesBothMenus()
    {
        var app = await databases.StartAsync("Postgres");
        var client = await app.SignInAsAsync(Roles.DeptHead, Roles.Trainee);

        var links = NavLinks(await client.GetStringAsync("/"));

        Assert.Equal(["我的培训", "课程学习", "练习与错题本", "考试与练习", "保密承诺书", "本处室", "合规看板", "规章制度"], links.Select(l => l.Text));
    }

    /// <summary>Every destination of the main navigation, those folded into a menu included.</summary>
    private static List<(string Text, string Url)> NavLinks(string html) =>
    [
        .. new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=main-nav] a")
            .Select(a => (a.TextContent.Trim(), a.GetAttribute("href")!)),
    ];
}
