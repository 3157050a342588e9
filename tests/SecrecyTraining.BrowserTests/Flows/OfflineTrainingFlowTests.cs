using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// HR (刘洋) records a 警示教育 session (a bad 学时 shown at its field), ticks a colleague without an account, imports a
/// sign-in sheet (its unknown 工号 named by row, nothing recorded until the sheet is right), takes one attendance back, and
/// shows the check-in code in the room; 陈三 scans it with a phone-sized browser and checks in once; a code four minutes
/// old is refused.
/// </summary>
[Collection(StaffBrowser.Name)]
public sealed class OfflineTrainingFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string HrPassword = "Liu-Yang-Renshi-2026";
    private const string PhonePassword = "Chen-San-Shouji-2026";
    private const string OfficePassword = "Zhou-Min-Baomi-2026!";

    [Fact]
    public async Task HrRecordsASessionByTickingASheetAndTheRoomsCodeScannedFromAPhone()
    {
        await App.CreateUserAsync("hr-liu", "刘洋", [Roles.HR], HrPassword);
        await App.AddPersonAsync("600001", "郑一", "办公室"); // no account: attends all the same
        await App.AddPersonAsync("600002", "冯二", "办公室");
        await App.AddPersonAsync("600003", "陈三", "办公室");
        await App.CreateUserAsync("600003", "陈三", [Roles.Trainee], PhonePassword);
        await App.ProposeOnNewPostAsync("600001", PostLevel.General); // classified staff: counted in the annual report
        await App.ProposeOnNewPostAsync("600003", PostLevel.General);
        await App.CompleteCourseAsync("600003", "basics"); // 学时 online too

        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("hr-liu", HrPassword);
        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "线下培训" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建线下培训" }).ClickAsync();
        await page.GetByLabel("培训名称").FillAsync("年度保密警示教育");
        await page.GetByLabel("类型").SelectOptionAsync(new SelectOptionValue { Label = "警示教育" });
        await page.GetByLabel("学时").FillAsync("两小时");
        await page.GetByLabel("主讲人").FillAsync("王主任");
        await page.GetByLabel("地点").FillAsync("三楼会议室");
        await page.GetByLabel("涉及的条款（编号，用逗号分隔，可不填）").FillAsync("DEMO.2.1");
        Watch(page).Expect(422);
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Hours-error")).ToHaveTextAsync("学时应为 0.5 到 24 之间、以 0.5 为单位的数。");
        await page.GetByLabel("学时").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("线下培训已创建。");
        await Assertions.Expect(page.GetByTestId("offline-summary")).ToContainTextAsync("警示教育");
        await Assertions.Expect(page.GetByTestId("offline-summary")).ToContainTextAsync("2 学时");
        var session = page.Url;

        // Ticked: 郑一, who has no account.
        await page.GetByLabel("姓名或工号").FillAsync("郑一");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.GetByLabel("郑一（600001，办公室）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "记录所选人员出席" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已记录 1 人出席。");
        await Assertions.Expect(page.Locator("[data-attendee='600001'] [data-testid=method]")).ToHaveTextAsync("勾选");

        // A sign-in sheet with a 工号 nobody has: named by its row, nothing recorded; the corrected sheet is.
        await page.GotoAsync(session);
        Watch(page).Expect(422);
        await page.GetByLabel("签到表文件").SetInputFilesAsync(new FilePayload
        {
            Name = "签到表.xlsx",
            MimeType = "application/octet-stream",
            Buffer = Roster.Xlsx(("600002", "冯二", "办公室"), ("699999", "无名", "办公室")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入签到表" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sheet-problem")).ToHaveTextAsync("签到表.xlsx：第 3 行：工号 699999 不在人员名单中");
        await Assertions.Expect(page.Locator("[data-attendee='600002']")).ToHaveCountAsync(0);
        await page.GetByLabel("签到表文件").SetInputFilesAsync(new FilePayload
        {
            Name = "签到表.xlsx",
            MimeType = "application/octet-stream",
            Buffer = Roster.Xlsx(("600002", "冯二", "办公室"), ("600001", "郑一", "办公室")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入签到表" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("签到表 签到表.xlsx：2 行，新记录 1 人出席。");
        await Assertions.Expect(page.Locator("[data-attendee='600002'] [data-testid=method]")).ToHaveTextAsync("签到表");

        // Recorded by mistake: taken back.
        await page.GetByRole(AriaRole.Button, new() { Name = "取消冯二的出席" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已取消出席记录。");
        await Assertions.Expect(page.Locator("[data-attendee='600002']")).ToHaveCountAsync(0);

        // The code shown in the room, read off the screen as a phone camera would.
        await page.GetByTestId("check-in-code-link").ClickAsync();
        var qr = page.GetByTestId("check-in-qr");
        var codes = await Pdf.QrCodesInPngAsync(await qr.ScreenshotAsync());
        Assert.Equal([(await qr.GetAttributeAsync("data-url"))!], codes);
        var url = new Uri(codes[0]);
        Assert.StartsWith(App.BaseUrl, url.AbsoluteUri, StringComparison.Ordinal);

        // 陈三 on a phone: signs in, checks in once; a second press changes nothing.
        var phone = await NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await new LoginPage(phone).SignInAsync("600003", PhonePassword);
        await phone.GotoAsync(url.PathAndQuery);
        await phone.GetByRole(AriaRole.Button, new() { Name = "签到" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("check-in-result")).ToHaveTextAsync("签到成功。");
        await phone.GotoAsync(url.PathAndQuery);
        await phone.GetByRole(AriaRole.Button, new() { Name = "签到" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("check-in-result")).ToHaveTextAsync("您已签到，无需重复签到。");

        // A photo of the code passed round after the session: four minutes later it no longer works.
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        await phone.GotoAsync(url.PathAndQuery);
        Watch(phone).Expect(422);
        await phone.GetByRole(AriaRole.Button, new() { Name = "签到" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("check-in-result")).ToHaveTextAsync("签到码已过期，请重新扫描会场的签到码。");

        await page.GotoAsync(session);
        await Assertions.Expect(page.Locator("[data-attendee='600003'] [data-testid=method]")).ToHaveTextAsync("扫码签到");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "出席人员（2 人）" })).ToBeVisibleAsync();
        await page.GotoAsync("/training/offline");
        await Assertions.Expect(page.GetByTestId("offline-sessions").Locator("tr", new() { HasText = "年度保密警示教育" })).ToContainTextAsync("2");

        // 学时: 陈三's page and his own 我的培训 add the lessons he read and the session he attended; the annual report
        // adds both for 办公室 (郑一's 2 offline, 陈三's online and 2 offline) and lists the session.
        await new HrPages(page).OpenPersonAsync("陈三", "600003");
        var summary = page.GetByTestId("training-hours").GetByTestId("hours-summary");
        await Assertions.Expect(summary).ToContainTextAsync("线下培训 2）");
        var online = decimal.Parse(System.Text.RegularExpressions.Regex.Match(await summary.InnerTextAsync(), "在线学习 ([0-9.]+)").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(online > 0, "the lessons he completed count online");
        await Assertions.Expect(summary).ToContainTextAsync($"合计 {(online + 2).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} 学时");
        await Assertions.Expect(page.GetByTestId("attended-sessions")).ToContainTextAsync("年度保密警示教育（警示教育，2 学时）");
        await phone.GotoAsync("/");
        await Assertions.Expect(phone.GetByTestId("hours-summary")).ToHaveTextAsync(await summary.InnerTextAsync());

        await page.GotoAsync("/compliance/report");
        var office = page.GetByTestId("report-table").First.Locator("tr[data-row='办公室'] td");
        await Assertions.Expect(office.Nth(6)).ToHaveTextAsync((online + 4).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(office.Nth(7)).ToHaveTextAsync("4.0");
        await Assertions.Expect(page.GetByTestId("report-offline")).ToContainTextAsync("年度保密警示教育");
    }

    /// <summary>
    /// The 保密办 (周敏) asks 一般 posts for 2 学时 a year: the dashboard counts 吴四, on a 一般 post with none, as short and HR (王芳)
    /// finds him from it; she ticks him into a 2-学时 lecture, the count drops by one and his page says the minimum is reached.
    /// </summary>
    [Fact]
    public async Task AYearlyHoursMinimumIsCountedOnTheDashboardUntilAttendanceReachesIt()
    {
        await App.CreateUserAsync("office-zhou", "周敏", [Roles.SecrecyOffice], OfficePassword);
        await App.CreateUserAsync("hr-wang", "王芳", [Roles.HR], HrPassword);
        await App.AddPersonAsync("600004", "吴四", "档案室");
        await App.ProposeOnNewPostAsync("600004", PostLevel.General);

        var office = await NewPageAsync();
        await new LoginPage(office).SignInAsync("office-zhou", OfficePassword);
        await office.GotoAsync("/content/policy");
        await office.GetByTestId("level-General").GetByLabel("每年最低学时（0 为不要求）").FillAsync("2");
        await office.GetByTestId("level-General").GetByRole(AriaRole.Button, new() { Name = "保存一般岗位的策略" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("一般岗位的策略已保存");
        await office.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "合规看板" }).ClickAsync();
        // Others of the collection's organisation on 一般 posts count as well: the figures are read, then watched for his.
        var shortOfHours = office.GetByTestId("compliance-levels").Locator("tr[data-row='一般'] [data-status=ShortOfHours]");
        await Assertions.Expect(shortOfHours).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        var before = int.Parse(await shortOfHours.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(office.GetByTestId("short-of-hours")).ToContainTextAsync($"本年学时未达标：{before} 人");

        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("hr-wang", HrPassword);
        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "合规看板" }).ClickAsync();
        await page.GetByTestId("short-of-hours").GetByRole(AriaRole.Link, new() { Name = "查看名单" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("只看本年学时未达标的人员")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-person='600004']")).ToContainTextAsync("本年学时 0，未达到要求的 2");

        await page.GetByTestId("main-nav").GetByRole(AriaRole.Link, new() { Name = "线下培训" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建线下培训" }).ClickAsync();
        await page.GetByLabel("培训名称").FillAsync("保密法专题讲座");
        await page.GetByLabel("类型").SelectOptionAsync(new SelectOptionValue { Label = "专题讲座" });
        await page.GetByLabel("学时").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("线下培训已创建。");
        await page.GetByLabel("姓名或工号").FillAsync("吴四");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.GetByLabel("吴四（600004，档案室）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "记录所选人员出席" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已记录 1 人出席。");

        await office.ReloadAsync();
        await Assertions.Expect(shortOfHours).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(office.GetByTestId("short-of-hours")).ToContainTextAsync($"本年学时未达标：{before - 1} 人");
        await page.GotoAsync("/staff?shortOfHours=true");
        await Assertions.Expect(page.Locator("[data-person='600004']")).ToHaveCountAsync(0);
        await new HrPages(page).OpenPersonAsync("吴四", "600004");
        await Assertions.Expect(page.GetByTestId("hours-required")).ToHaveTextAsync("所在岗位每年至少 2 学时，已达到");
    }
}
