using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// HR (赵敏) keeps the staff records through the year by clicking: moves a colleague to another department and gives his
/// e-mail, exempts him while he is seconded (he leaves the overdue list and shows 豁免), ends it, extends his overdue
/// training, and records a leaver the new roster leaves out (his proposal withdrawn, his account disabled).
/// </summary>
[Collection(StaffBrowser.Name)]
public sealed class StaffYearFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string HrPassword = "Zhao-Min-Renshi-2026";

    [Fact]
    public async Task HrMovesExemptsExtendsAndRecordsALeaverByClicking()
    {
        await App.CreateUserAsync("hr-zhao", "赵敏", [Roles.HR], HrPassword);
        await App.AddPersonAsync("400001", "陈晨", "档案处");
        await App.CreateUserAsync("400001", "陈晨", [Roles.Trainee], "Chen-Chen-2026!");
        await App.ProposeOnNewPostAsync("400001", PostLevel.General);
        var now = App.Clock.GetUtcNow();
        var training = await App.AssignTrainingAsync("400001", now.AddDays(-3));
        await App.AddPersonAsync("400002", "周舟", "档案处");
        await App.CreateUserAsync("400002", "周舟", [Roles.Trainee], "Zhou-Zhou-2026!");
        await App.ProposeOnNewPostAsync("400002", PostLevel.General);
        await App.AddPersonAsync("400003", "吴越", "综合处");
        var today = DateOnly.FromDateTime(now.AddHours(8).DateTime);

        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("hr-zhao", HrPassword);
        var hr = new HrPages(page);

        // A move to another department, with the e-mail the account's messages are also sent to.
        await hr.OpenPersonAsync("陈晨", "400001");
        await hr.EditPersonAsync("陈晨", "综合处", "chen.chen@intra.local");
        await Assertions.Expect(hr.Done).ToHaveTextAsync("人员信息已保存。");
        await Assertions.Expect(page.Locator("h1 + p")).ToContainTextAsync("综合处");
        await Assertions.Expect(page.GetByTestId("edit-person").GetByLabel("邮箱")).ToHaveValueAsync("chen.chen@intra.local");

        // Overdue, then exempt while seconded: off the overdue list, 豁免 on the list and the dashboard.
        await Assertions.Expect(await hr.OverdueRowsAsync()).ToContainTextAsync(["陈晨"]);
        await hr.OpenPersonAsync("陈晨", "400001");
        await hr.ExemptAsync("借调到上级机关", today.AddMonths(3));
        await Assertions.Expect(hr.Done).ToHaveTextAsync("已豁免。");
        await Assertions.Expect(page.GetByTestId("exemption-current")).ToContainTextAsync("借调到上级机关");
        await Assertions.Expect(page.GetByTestId("person-standing").Locator("[data-status]")).ToHaveTextAsync("豁免");
        await Assertions.Expect(await hr.OverdueRowsAsync()).ToHaveCountAsync(0);
        await page.GotoAsync("/compliance");
        await Assertions.Expect(page.GetByTestId("compliance-totals").Locator("[data-status=Exempt]")).ToHaveTextAsync("1");

        // Back early: the exemption ends and the overdue training counts again; HR extends it, a wrong date shown at its field.
        await hr.OpenPersonAsync("陈晨", "400001");
        await page.GetByTestId("exemption").GetByRole(AriaRole.Button, new() { Name = "结束豁免" }).ClickAsync();
        await Assertions.Expect(hr.Done).ToHaveTextAsync("豁免已结束。");
        await Assertions.Expect(await hr.OverdueRowsAsync()).ToContainTextAsync(["陈晨"]);
        await hr.OpenPersonAsync("陈晨", "400001");
        Watch(page).Expect(400);
        await hr.ExtendTrainingAsync(training, today.AddDays(-10), "借调期间未能参加");
        await Assertions.Expect(page.Locator($"#due-{training}-error")).ToContainTextAsync("晚于原截止日期");
        await hr.ExtendTrainingAsync(training, today.AddDays(14), "借调期间未能参加");
        await Assertions.Expect(hr.Done).ToHaveTextAsync("培训已延期。");
        await Assertions.Expect(page.Locator($"[data-training='{training}'] [data-testid=extended]")).ToContainTextAsync("借调期间未能参加");
        await Assertions.Expect(await hr.OverdueRowsAsync()).ToHaveCountAsync(0);

        // A roster that leaves out 周舟: HR ticks him as left; his proposal is withdrawn and his account disabled.
        await hr.PreviewRosterAsync("名单.xlsx", Roster.Xlsx(("400001", "陈晨", "综合处"), ("400003", "吴越", "综合处")));
        var missing = page.GetByTestId("roster-missing");
        await Assertions.Expect(missing.Locator("tr[data-missing='400002']")).ToContainTextAsync("周舟");
        await missing.GetByLabel("周舟 已离职").CheckAsync();
        await hr.CommitRosterAsync();
        await Assertions.Expect(page.Locator("[data-leaver='400002']")).ToContainTextAsync("账号已停用");
        await page.Locator("[data-leaver='400002']").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("left")).ToContainTextAsync("离职");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("撤销提名");

        // His own password no longer opens the application.
        var login = new LoginPage(await NewPageAsync());
        await login.SignInAsync("400002", "Zhou-Zhou-2026!");
        await Assertions.Expect(login.Error).ToContainTextAsync("工号或密码不正确。");
    }
}
