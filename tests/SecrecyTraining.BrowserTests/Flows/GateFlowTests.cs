using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// The heart of the product, clicked through as HR (王芳) and a new colleague (张伟) would on their first days: the roster,
/// a post, the proposal, a refused activation, vetting, the training and the 承诺书, activation, printing, the certificate
/// checked by its QR code, a revocation by the 保密办 (李娜) and the way back, and leaving.
/// </summary>
[Collection(GateBrowser.Name)]
public sealed class GateFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string HrPassword = "Wang-Fang-Renshi-2026";
    private const string TraineePassword = "Zhang-Wei-2026!";
    private const string OfficePassword = "Li-Na-Office-2026";

    [Fact]
    public async Task HrTakesANewColleagueThroughTheGateAndOffThePostAgainByClicking()
    {
        await App.CreateUserAsync("hr-wang", "王芳", [Roles.HR], HrPassword);
        var hrPage = await NewPageAsync();
        await new LoginPage(hrPage).SignInAsync("hr-wang", HrPassword);
        var hr = new HrPages(hrPage);
        await hr.AddDepartmentAsync("机要处");

        // A roster with a row problem is shown row by row and cannot be imported; the corrected file can.
        Watch(hrPage).Expect(422);
        await hr.PreviewRosterAsync("名单.xlsx", Roster.Xlsx(("300001", "张伟", "机要处"), ("300002", "", "机要处")));
        await Assertions.Expect(hr.RosterRow(3)).ToContainTextAsync("缺少姓名");
        await Assertions.Expect(hr.RosterCommit).ToHaveCountAsync(0);
        await hr.PreviewRosterAsync("名单.xlsx", Roster.Xlsx(("300001", "张伟", "机要处"), ("300002", "李强", "机要处")));
        var passwords = await hr.CommitRosterAsync();
        Assert.Equal(["300001", "300002"], passwords.Keys.Order(StringComparer.Ordinal));
        await hrPage.GotoAsync("/staff");
        await Assertions.Expect(hrPage.GetByTestId("staff-table")).ToContainTextAsync("张伟");
        await Assertions.Expect(hrPage.GetByText(passwords["300001"])).ToHaveCountAsync(0); // shown once, on the import's result only

        await hr.CreatePostAsync("机要处", "机要员", "重要");
        await hr.ProposeAsync("300001", "机要员");
        var assignment = hrPage.Url;

        await hr.ActivateAsync();
        await Assertions.Expect(hr.Problems).ToContainTextAsync("缺少有效的示例上岗证书证书");
        await Assertions.Expect(hr.Problems).ToContainTextAsync("未签署保密承诺书");
        await Assertions.Expect(hr.Problems).ToContainTextAsync("未完成上岗前保密审查");
        Assert.Equal(assignment, hrPage.Url); // redirected after the POST: a reload does not post again
        await hrPage.ReloadAsync();
        await Assertions.Expect(hr.Problems).ToHaveCountAsync(0);

        // HR's home is a to-do list: the proposal waits for vetting, and the count leads to it.
        await hrPage.GotoAsync("/");
        var shell = new ShellPage(hrPage);
        await Assertions.Expect(shell.ToDo(Roles.HR, "/posts/assignments?todo=vetting")).ToContainTextAsync("1 项提名等待上岗前保密审查");
        await shell.ToDo(Roles.HR, "/posts/assignments?todo=vetting").GetByRole(AriaRole.Link).ClickAsync();
        await hrPage.GetByTestId("assignments-table").GetByRole(AriaRole.Row, new() { Name = "张伟" }).GetByRole(AriaRole.Link, new() { Name = "详情" }).ClickAsync();
        Assert.Equal(assignment, hrPage.Url);

        await hr.RecordVettingAsync("政审合格");
        await Assertions.Expect(hr.Done).ToContainTextAsync("已记录上岗前保密审查结果");

        // 张伟 signs in with the printed password, reads the course, passes the exam and signs the 上岗 承诺书.
        var traineePage = await NewPageAsync();
        var trainee = new TraineePages(traineePage);
        await trainee.FirstSignInAsync("300001", passwords["300001"], TraineePassword);
        await Assertions.Expect(traineePage.GetByTestId("assigned-training")).ToContainTextAsync("示例上岗考试");
        await Assertions.Expect(traineePage.GetByTestId("assignment-status").First).ToHaveTextAsync("未开始");
        await Assertions.Expect(traineePage.GetByTestId("next-step").First).ToHaveTextAsync("开始学习");
        var learning = new LearningPages(traineePage);
        await learning.OpenFirstLessonAsync("保密基础");
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await learning.ConfirmReadAsync();
        await Assertions.Expect(learning.Lessons).ToContainTextAsync("已学完");
        var exam = new ExamPage(traineePage);
        await traineePage.GotoAsync("/exams");
        await Assertions.Expect(traineePage.GetByTestId("formal-exams").Locator("[data-exam=demo-exam]").GetByTestId("assigned")).ToContainTextAsync("截止");
        await exam.StartAsync("demo-exam");
        await exam.AnswerAsync(await App.ShownKeysAsync(exam.AttemptId));
        await exam.OpenSubmitConfirmationAsync();
        await exam.ConfirmSubmitAsync();
        await Assertions.Expect(traineePage.GetByTestId("score")).ToHaveTextAsync("100 / 100");
        await Assertions.Expect(traineePage.GetByTestId("chapters")).ToContainTextAsync("示例保密规定 · 一、秘密文件的保存"); // which regulation's chapter
        await traineePage.GotoAsync("/exams");
        await Assertions.Expect(traineePage.Locator("[data-exam=demo-exam]")).ToContainTextAsync("最好成绩：100 / 100");
        await trainee.SignFirstPendingCommitmentAsync(TraineePassword);

        await hrPage.GotoAsync("/");
        await Assertions.Expect(shell.ToDo(Roles.HR, "/posts/assignments?todo=vetting")).ToContainTextAsync("0 项");
        await shell.ToDo(Roles.HR, "/posts/assignments?todo=ready").GetByRole(AriaRole.Link, new() { Name = "1 项任用已满足上岗条件，可以启用" }).ClickAsync();
        await hrPage.GetByTestId("assignments-table").GetByRole(AriaRole.Row, new() { Name = "张伟" }).GetByRole(AriaRole.Link, new() { Name = "详情" }).ClickAsync();
        Assert.Equal(assignment, hrPage.Url);
        await Assertions.Expect(hrPage.GetByTestId("gate").Locator("li[data-holds=false]")).ToHaveCountAsync(0);
        await hr.ActivateAsync();
        await Assertions.Expect(hr.Done).ToContainTextAsync("岗位已启用");
        await Assertions.Expect(hr.State).ToContainTextAsync("在岗");

        var pdf = await hr.PrintDepartmentCertificatesAsync("机要处");
        await Pdf.AssertWellFormedAsync(pdf);
        Assert.Contains("张伟", await Pdf.TextAsync(pdf));

        // 张伟 downloads his certificate; its QR code, read from the PDF, opens /verify in a stranger's browser: 有效.
        await traineePage.GotoAsync("/");
        var certificate = await HrPages.DownloadAsync(traineePage, () => traineePage.GetByTestId("certificate-pdf").ClickAsync());
        await Pdf.AssertWellFormedAsync(certificate);
        Assert.Contains("张伟", await Pdf.TextAsync(certificate));
        var verification = Assert.Single(await Pdf.QrCodesAsync(certificate));
        Assert.StartsWith(App.BaseUrl.TrimEnd('/') + "/verify?c=", verification, StringComparison.Ordinal);
        var stranger = await NewPageAsync();
        await stranger.GotoAsync(verification);
        await Assertions.Expect(stranger.GetByTestId("verify-valid").Locator("[data-status]")).ToHaveTextAsync("有效");

        // The 保密办 revokes it: the post is suspended, /verify says 已撤销, and 张伟 is told what to do.
        await App.CreateUserAsync("office-li", "李娜", [Roles.SecrecyOffice], OfficePassword);
        var officePage = await NewPageAsync();
        await new LoginPage(officePage).SignInAsync("office-li", OfficePassword);
        var office = new OfficePages(officePage);
        await office.RevokeAsync("张伟", "考试违纪");
        await Assertions.Expect(office.Done).ToContainTextAsync("证书已撤销，1 个依赖该证书的岗位已暂停");
        await hrPage.GotoAsync(assignment);
        await Assertions.Expect(hr.State).ToContainTextAsync("暂停");
        await stranger.ReloadAsync();
        await Assertions.Expect(stranger.GetByTestId("verify-valid").Locator("[data-status]")).ToHaveTextAsync("已撤销");
        await traineePage.GotoAsync("/");
        await Assertions.Expect(traineePage.GetByTestId("revoked-next-step")).ToContainTextAsync("考试违纪");
        await Assertions.Expect(traineePage.GetByTestId("unread-count")).ToHaveTextAsync("1");
        await traineePage.GetByTestId("inbox-link").ClickAsync();
        await Assertions.Expect(traineePage.GetByTestId("inbox")).ToContainTextAsync("您的证书");
        await traineePage.GetByTestId("inbox").GetByRole(AriaRole.Button).First.ClickAsync(); // opens the message: its link, the exams
        await traineePage.WaitForURLAsync("**/exams");
        await Assertions.Expect(traineePage.GetByTestId("unread-count")).ToHaveCountAsync(0);

        // He passes the exam again; the new certificate sends the post through the gate again.
        await exam.StartAsync("demo-exam");
        await exam.AnswerAsync(await App.ShownKeysAsync(exam.AttemptId));
        await exam.OpenSubmitConfirmationAsync();
        await exam.ConfirmSubmitAsync();
        await traineePage.GotoAsync("/");
        await Assertions.Expect(traineePage.GetByTestId("revoked-next-step")).ToHaveCountAsync(0);
        await hrPage.ReloadAsync();
        await Assertions.Expect(hr.State).ToContainTextAsync("在岗");

        // Leaving: HR starts it, 张伟 signs the 离岗 承诺书, HR confirms; the 脱密期 runs and can be changed with a reason.
        await hrPage.GotoAsync(assignment);
        await hr.StartLeavingAsync();
        await Assertions.Expect(hr.Done).ToContainTextAsync("已发起离岗");
        await trainee.SignFirstPendingCommitmentAsync(TraineePassword);
        await hrPage.ReloadAsync();
        await Assertions.Expect(hrPage.GetByTestId("leaving")).ToContainTextAsync("本人已签署离岗保密承诺书");
        await hr.EndAsync();
        await Assertions.Expect(hr.Done).ToContainTextAsync("已离岗");
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        await Assertions.Expect(hr.DecryptionPeriod).ToContainTextAsync($"脱密期至 {today.AddMonths(24):yyyy-MM-dd}");
        await hr.ChangeDecryptionEndAsync(today.AddDays(20), "保密委员会批准缩短");
        await Assertions.Expect(hr.Done).ToContainTextAsync("脱密期已调整");
        await Assertions.Expect(hr.DecryptionPeriod).ToContainTextAsync($"脱密期至 {today.AddDays(20):yyyy-MM-dd}");
        await Assertions.Expect(hr.DecryptionPeriod).ToContainTextAsync("保密委员会批准缩短");

        // It was 张伟's last post: HR is offered to disable a leaver's account, and does.
        await hrPage.GetByTestId("disable-account").GetByRole(AriaRole.Button, new() { Name = "停用账号" }).ClickAsync();
        await Assertions.Expect(hr.Done).ToContainTextAsync("账号已停用");
        await Assertions.Expect(hrPage.GetByTestId("disable-account")).ToHaveCountAsync(0);
        await hrPage.GotoAsync("/");
        await Assertions.Expect(hrPage.GetByTestId("todo-HR")).ToContainTextAsync("1 人的脱密期 30 天内结束");
        await shell.ToDo(Roles.HR, "/posts/assignments?todo=decryption").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(hrPage.GetByTestId("assignments-table")).ToContainTextAsync("张伟");

        // The staff list filtered to one person, and exactly that row exported.
        await hrPage.GotoAsync("/staff");
        await hrPage.GetByLabel("姓名或工号").FillAsync("张伟");
        await hrPage.GetByTestId("staff-filters").GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(hrPage.GetByTestId("staff-table").Locator("tbody tr")).ToHaveCountAsync(1);
        var exported = Roster.Read(await HrPages.DownloadAsync(hrPage, () => hrPage.GetByTestId("export-xlsx").ClickAsync()));
        Assert.Equal("张伟", Assert.Single(exported)["姓名"]?.ToString());

        // In English, 张伟's history and the dashboard's levels read in English, with English punctuation.
        await shell.SwitchToEnglishAsync();
        await hrPage.GotoAsync("/staff/300001");
        var timeline = hrPage.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("[data-kind=考试]").First).ToContainTextAsync("示例上岗考试, attempt 2: 100/100 points, Passed");
        await Assertions.Expect(timeline.Locator("[data-kind=签署承诺书]").First).ToContainTextAsync("(version 1)");
        foreach (var kind in new[] { "考试", "布置培训", "取得证书", "签署承诺书" }) // what the records hold (a typed reason) stays as written
        {
            Assert.All(await timeline.Locator($"[data-kind={kind}]").AllInnerTextsAsync(), line => Assert.DoesNotContain("：", line));
        }
        await hrPage.GotoAsync("/compliance");
        Assert.Equal(["Core", "Important", "General"], await hrPage.GetByTestId("compliance-levels").Locator("tbody th[scope=row]").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.textContent.trim()).filter(t => t !== 'Total')"));
        await hrPage.GotoAsync("/");
        await Assertions.Expect(hrPage.Locator("main p.text-muted").First).ToContainTextAsync("Employee number: hr-wang");
    }
}
