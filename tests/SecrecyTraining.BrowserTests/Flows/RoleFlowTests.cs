using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>The administrator's, the department head's and a trainee's everyday jobs, clicked through.</summary>
[Collection(SharedBrowser.Name)]
public sealed class RoleFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Role-Flows-2026";

    [Fact]
    public async Task TheAdministratorFindsAnAccountChangesItsRolesResetsItsPasswordAndOpensTheJobs()
    {
        await App.CreateUserAsync("r-admin", "管理员", [Roles.Admin], Password);
        await App.CreateUserAsync("r-clerk", "赵六", [Roles.Trainee], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("r-admin", Password);

        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "用户管理" }).ClickAsync();
        await page.GetByPlaceholder("工号或姓名").FillAsync("赵六");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        var rows = page.GetByTestId("users-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var clerk = page.Locator("tr[data-user=r-clerk]");
        await Assertions.Expect(clerk.GetByTestId("account-status")).ToHaveTextAsync("正常");

        await clerk.GetByLabel("人事").CheckAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "保存角色" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已更新 r-clerk 的角色");
        await Assertions.Expect(page.Locator("tr[data-user=r-clerk]").GetByLabel("人事")).ToBeCheckedAsync();

        await page.Locator("tr[data-user=r-clerk]").GetByRole(AriaRole.Button, new() { Name = "重置密码" }).ClickAsync();
        var message = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var oneTime = message[(message.IndexOf("一次性密码：", StringComparison.Ordinal) + 6)..].Split('（')[0].Trim();
        await Assertions.Expect(page.Locator("tr[data-user=r-clerk]").GetByTestId("account-status")).ToHaveTextAsync("待修改密码");

        // The holder signs in with it and must choose a new password; the new role shows in the menu.
        var clerkPage = await NewPageAsync();
        await new TraineePages(clerkPage).FirstSignInAsync("r-clerk", oneTime, "Zhao-Liu-New-2026");
        Assert.Contains("人员", await new ShellPage(clerkPage).NavigationTextsAsync());

        // The administrator disables the account: its open session ends within a minute; then enables it again.
        await page.Locator("tr[data-user=r-clerk]").GetByRole(AriaRole.Button, new() { Name = "停用账号" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已停用 r-clerk 的账号");
        await Assertions.Expect(page.Locator("tr[data-user=r-clerk]").GetByTestId("account-status")).ToHaveTextAsync("已停用");
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        await clerkPage.ReloadAsync();
        await Assertions.Expect(new LoginPage(clerkPage).Heading).ToBeVisibleAsync();
        await page.Locator("tr[data-user=r-clerk]").GetByRole(AriaRole.Button, new() { Name = "启用账号" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-user=r-clerk]").GetByTestId("account-status")).ToHaveTextAsync("正常");

        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "任务调度" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/jobs**");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Recurring");

        // A job that failed is on the administrator's home, and the count leads to it.
        await App.FailJobAsync("测试：邮件服务器不可达");
        await page.GotoAsync("/");
        var shell = new ShellPage(page);
        await Assertions.Expect(page.GetByTestId("todo-Admin")).ToContainTextAsync("1 个任务执行失败");
        await shell.ToDo(Roles.Admin, "/admin/jobs/jobs/failed").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("测试：邮件服务器不可达");
    }

    [Fact]
    public async Task ADepartmentHeadSeesOnlyTheOwnDepartmentAndOpensEachPerson()
    {
        await App.AddPersonAsync("r-head", "孙丽", "办公室");
        await App.AddPersonAsync("r-office-1", "周一", "办公室");
        await App.AddPersonAsync("r-finance-1", "吴二", "财务处");
        await App.CreateUserAsync("r-head", "孙丽", [Roles.DeptHead, Roles.Trainee], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("r-head", Password);

        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "本处室" }).ClickAsync();
        var people = page.GetByTestId("department-people");
        await Assertions.Expect(people).ToContainTextAsync("周一");
        await Assertions.Expect(people).Not.ToContainTextAsync("吴二");
        await people.GetByRole(AriaRole.Link, new() { Name = "r-office-1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("周一");

        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "合规看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("办公室");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("财务处");

        Watch(page).Expect(404);
        var other = await page.GotoAsync("/staff/r-finance-1");
        Assert.Equal(404, other!.Status); // another department's person does not exist for a department head
    }

    [Fact]
    public async Task TheAuditorReadsTheAdministratorsActionsFromTheHomePageAndExportsThem()
    {
        await App.CreateUserAsync("r-root", "管理员乙", [Roles.Admin], Password);
        await App.CreateUserAsync("r-audited", "被重置者", [Roles.Trainee], Password);
        await App.CreateUserAsync("r-auditor", "审计员", [Roles.Auditor], Password);
        var admin = await NewPageAsync();
        await new LoginPage(admin).SignInAsync("r-root", Password);
        await admin.GotoAsync("/admin/users");
        await admin.Locator("tr[data-user=r-audited]").GetByRole(AriaRole.Button, new() { Name = "重置密码" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("一次性密码");

        var page = await NewPageAsync();
        var shell = await new LoginPage(page).SignInAsync("r-auditor", Password);
        Assert.Equal(["审计日志", "规章制度"], await shell.NavigationTextsAsync());
        await page.GetByTestId("todo-" + Roles.Auditor).GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("操作人").FillAsync("r-root");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var rows = page.GetByTestId("audit-table").Locator("tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "password.reset" })).ToHaveCountAsync(1);
        Assert.All(await rows.Locator("td:nth-child(3)").AllInnerTextsAsync(), actor => Assert.Equal("r-root", actor));
        var csv = System.Text.Encoding.UTF8.GetString(await HrPages.DownloadAsync(page, () => page.GetByTestId("audit-export").ClickAsync()));
        Assert.Contains("password.reset", csv, StringComparison.Ordinal);
        Assert.Contains("r-audited", csv, StringComparison.Ordinal);

        // The night's checkpoint: the auditor downloads the checkpoints to keep off the server, and later checks the kept file.
        await App.WithServicesAsync(s => s.GetRequiredService<SecrecyTraining.Web.Features.Audit.AuditLog>().CheckpointAsync());
        await page.GetByTestId("audit-checkpoints").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("审计检查点");
        await Assertions.Expect(page.GetByTestId("checkpoints-table").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        var kept = await HrPages.DownloadAsync(page, () => page.GetByTestId("checkpoints-export").ClickAsync());
        await page.GetByLabel("核对保存在外的检查点文件").SetInputFilesAsync(new FilePayload { Name = "checkpoints.csv", MimeType = "text/csv", Buffer = kept });
        await page.GetByRole(AriaRole.Button, new() { Name = "核对", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("checkpoints-match")).ToContainTextAsync("全部与日志一致");
    }

    [Fact]
    public async Task HrCorrectsAMistypedEmployeeNumberAndThePersonSignsInWithTheNewOne()
    {
        await App.CreateUserAsync("r-hr", "王芳", [Roles.HR], Password);
        await App.CreateUserAsync("r-typo", "冯八", [Roles.Trainee], Password);
        await App.AddPersonAsync("r-taken", "陈九", "办公室");
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("r-hr", Password);
        var hr = new HrPages(page);

        await hr.OpenPersonAsync("冯八", "r-typo");
        Watch(page).Expect(400);
        await hr.CorrectEmployeeNumberAsync("r-taken", "入职时录错");
        await Assertions.Expect(page.Locator("#newNumber-error")).ToHaveTextAsync("该工号已被他人使用。");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("r-typo");

        await hr.CorrectEmployeeNumberAsync("r-fixed", "入职时录错");
        await Assertions.Expect(page.GetByTestId("done")).ToContainTextAsync("工号已更正");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("r-fixed");
        Assert.EndsWith("/staff/r-fixed", page.Url, StringComparison.Ordinal);

        var person = await NewPageAsync();
        var login = new LoginPage(person);
        await login.GotoAsync();
        await login.SetUserNameAsync("r-typo");
        await login.SetPasswordAsync(Password);
        await login.SubmitAsync();
        await Assertions.Expect(login.Error).ToBeVisibleAsync();
        await login.SignInAsync("r-fixed", Password);
        await Assertions.Expect(person.GetByTestId("current-user")).ToContainTextAsync("冯八 (r-fixed)");
    }

    [Fact]
    public async Task ATraineeReadsAMessageAndMarksTheRestRead()
    {
        await App.CreateUserAsync("r-reader", "钱七", [Roles.Trainee], Password);
        await App.NotifyAsync("r-reader", "r-1", "年度保密复训已布置", "请在 12 月 31 日前完成。");
        await App.NotifyAsync("r-reader", "r-2", "证书即将到期", "您的证书将于 30 天后到期。");
        await App.NotifyAsync("r-reader", "r-3", "制度已修订", "请完成针对性复训。");
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("r-reader", Password);
        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("3");

        await page.GetByTestId("inbox-link").ClickAsync();
        await page.GetByTestId("inbox").GetByRole(AriaRole.Button, new() { Name = "证书即将到期" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("2");
        await page.GetByTestId("inbox-link").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("inbox").Locator("[data-unread=true]")).ToHaveCountAsync(0);
    }
}
