using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

[Collection(SharedBrowser.Name)]
public sealed class SignInFlowTests(BrowserApp app)
{
    private const string Password = "Browser-Pass-2026";

    public static TheoryData<string, string[]> RoleMenus => new()
    {
        { Roles.Trainee, ["我的培训", "课程学习", "练习与错题本", "考试与练习", "保密承诺书", "规章制度"] },
        { Roles.HR, ["合规看板", "人员", "涉密岗位", "岗位任用", "证书", "规章制度"] },
        { Roles.SecrecyOffice, ["合规看板", "涉密岗位", "证书", "题库", "题目分析", "课程", "内容导入", "审计日志", "规章制度"] },
        { Roles.DeptHead, ["本处室", "合规看板", "规章制度"] },
        { Roles.Admin, ["用户管理", "规章制度"] },
    };

    [Theory, MemberData(nameof(RoleMenus))]
    public async Task EachRoleSignsInSeesItsNavigationAndSignsOut(string role, string[] menu)
    {
        var userName = "b-" + role.ToLowerInvariant();
        await app.CreateUserAsync(userName, "浏览器" + Roles.ChineseName(role), [role], Password);
        var page = await app.NewPageAsync();
        var problems = CollectProblems(page);

        var shell = await new LoginPage(page).SignInAsync(userName, Password);

        await Assertions.Expect(shell.CurrentUser).ToContainTextAsync(userName);
        Assert.Equal(menu, await shell.NavigationTextsAsync());
        await shell.NavigationLinks.First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var login = await shell.SignOutAsync();

        await Assertions.Expect(login.Heading).ToBeVisibleAsync();
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task WrongPasswordShowsAnErrorOnTheSignInPage()
    {
        await app.CreateUserAsync("b-wrong", "错误密码", [Roles.Trainee], Password);
        var page = await app.NewPageAsync();

        await new LoginPage(page).SignInAsync("b-wrong", "not-the-password");

        await Assertions.Expect(new LoginPage(page).Error).ToContainTextAsync("工号或密码不正确");
    }

    [Fact]
    public async Task LanguageSwitchShowsEnglishAndRemembersIt()
    {
        await app.CreateUserAsync("b-english", "英文用户", [Roles.HR], Password);
        var page = await app.NewPageAsync();
        var shell = await new LoginPage(page).SignInAsync("b-english", Password);

        await shell.SwitchToEnglishAsync();

        await Assertions.Expect(shell.NavigationLinks).ToHaveTextAsync(["Compliance", "Staff", "Classified posts", "Post assignments", "Certificates", "Regulations"]);
        await page.GotoAsync("/posts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Classified posts");
    }

    /// <summary>Console errors and failed requests: a blocked script or stylesheet (CSP) or anything sent off the machine shows up here.</summary>
    private static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.RequestFailed += (_, request) => problems.Add($"{request.Url}: {request.Failure}");
        return problems;
    }
}
