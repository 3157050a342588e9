using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

[Collection(SharedBrowser.Name)]
public sealed class SignInFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Browser-Pass-2026";

    public static TheoryData<string, string[]> RoleMenus => new()
    {
        { Roles.Trainee, ["我的培训", "课程学习", "练习与错题本", "考试与练习", "保密承诺书", "规章制度"] },
        { Roles.HR, ["合规看板", "人员", "涉密岗位", "岗位任用", "证书", "线下培训", "规章制度"] },
        { Roles.SecrecyOffice, ["合规看板", "涉密岗位", "证书", "题库", "课程", "岗位策略", "承诺书文本", "内容导入", "考试安排", "试卷策略", "阅卷", "题目分析", "线下培训", "审计日志", "规章制度"] },
        { Roles.DeptHead, ["本处室", "合规看板", "规章制度"] },
        { Roles.Admin, ["用户管理", "任务调度", "规章制度"] },
    };

    [Theory, MemberData(nameof(RoleMenus))]
    public async Task EachRoleSignsInSeesItsNavigationAndSignsOut(string role, string[] menu)
    {
        var userName = "b-" + role.ToLowerInvariant();
        await App.CreateUserAsync(userName, "浏览器" + Roles.ChineseName(role), [role], Password);
        var page = await NewPageAsync();

        var shell = await new LoginPage(page).SignInAsync(userName, Password);

        await Assertions.Expect(shell.CurrentUser).ToContainTextAsync(userName);
        Assert.Equal(menu, await shell.NavigationTextsAsync());
        Assert.Empty(await shell.NavigationOverflowAsync()); // a 1366 px laptop, in Chinese
        await shell.SwitchToEnglishAsync();
        Assert.Empty(await shell.NavigationOverflowAsync()); // and in English
        await shell.SwitchToChineseAsync();
        await shell.NavigationLinks.First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var login = await shell.SignOutAsync();

        await Assertions.Expect(login.Heading).ToBeVisibleAsync();
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);
    }

    [Fact]
    public async Task WrongPasswordShowsAnErrorOnTheSignInPage()
    {
        await App.CreateUserAsync("b-wrong", "错误密码", [Roles.Trainee], Password);
        var page = await NewPageAsync();

        await new LoginPage(page).SignInAsync("b-wrong", "not-the-password");

        await Assertions.Expect(new LoginPage(page).Error).ToContainTextAsync("工号或密码不正确");
    }

    [Fact]
    public async Task LanguageSwitchShowsEnglishAndRemembersIt()
    {
        await App.CreateUserAsync("b-english", "英文用户", [Roles.HR], Password);
        var page = await NewPageAsync();
        var shell = await new LoginPage(page).SignInAsync("b-english", Password);

        await shell.SwitchToEnglishAsync();

        await Assertions.Expect(shell.NavigationLinks).ToHaveTextAsync(["Compliance", "Staff", "Classified posts", "Post assignments", "Certificates", "Offline training", "Regulations"]);
        await page.GotoAsync("/posts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Classified posts");
    }
}
