using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// 考试安排: the 保密办 (钱敏) arranges an exam for two people, they start it in the window with the room's code, the
/// monitor follows them by itself, one is given extra time mid-exam and sees it on the page, leaving the page is recorded,
/// and the one who did not sit it gets a make-up session.
/// </summary>
[Collection(SessionsBrowser.Name)]
public sealed class SessionFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string OfficePassword = "Qian-Min-Office-2026";
    private const string Password = "Exam-Day-2026-Desk";

    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private string Local(TimeSpan fromNow) =>
        TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow() + fromNow, China).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ASessionIsArrangedStartedWithTheCodeWatchedExtendedAndMadeUp()
    {
        await App.CreateUserAsync("office-qian", "钱敏", [Roles.SecrecyOffice], OfficePassword);
        foreach (var (number, name) in new[] { ("s-zhao", "赵磊"), ("s-wu", "吴芳"), ("s-qin", "秦月") })
        {
            await App.CreateUserAsync(number, name, [Roles.Trainee], Password);
            await App.CompleteCourseAsync(number, "basics");
        }

        // The 保密办 drafts the session: two named people, a start code, at most 3 times away from the page.
        var office = await NewPageAsync();
        await new LoginPage(office).SignInAsync("office-qian", OfficePassword);
        await office.GetByRole(AriaRole.Button, new() { Name = "考试", Exact = true }).ClickAsync();
        await office.GetByRole(AriaRole.Link, new() { Name = "考试安排" }).ClickAsync();
        await office.GetByTestId("new-session").ClickAsync();
        await office.GetByLabel("考试名称").FillAsync("2026年度保密知识考试");
        await office.GetByLabel("试卷策略").SelectOptionAsync("demo-exam");
        await office.GetByLabel("开考时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(30)));
        await office.GetByLabel("截止时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(150)));
        await office.GetByLabel("考试时长（分钟）").FillAsync("90");
        await office.GetByLabel("开考码（可选）").FillAsync("A7K2");
        await office.GetByLabel("切屏次数上限（可选）").FillAsync("3");
        await office.GetByRole(AriaRole.Radio, new() { Name = "指定人员" }).CheckAsync();
        Watch(office).Expect(422); // a bad value is shown beside its field and nothing is saved
        await office.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(office.Locator("#People-error")).ToHaveTextAsync("请填写参加考试的人员工号，每行一个。");
        await office.GetByLabel("工号（指定人员时，每行一个）").FillAsync("s-zhao\ns-wu\ns-qin");
        await office.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(office.GetByTestId("audience-count")).ToHaveTextAsync("参加人员（按今天的名单）：3 人");
        // The draft can still change: ninety minutes become sixty.
        await office.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true }).ClickAsync();
        await office.GetByLabel("考试时长（分钟）").FillAsync("60");
        await office.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(office.GetByTestId("session-settings")).ToContainTextAsync("60 分钟");
        await office.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("每位考生的试卷已抽定");
        await Assertions.Expect(office.GetByTestId("start-code")).ToContainTextAsync("A7K2");
        var sessionUrl = office.Url;
        var all = office.Locator("[data-testid=monitor-counts] tr[data-department=all]");
        await Assertions.Expect(all.Locator("[data-count=not-started]")).ToHaveTextAsync("3");

        // 赵磊 sees it assigned with its window. Half an hour before, the room is open: he signs in and waits on
        // 我的考试, the start form counting down to the opening, its button not yet pressable.
        var zhao = await NewPageAsync();
        await new LoginPage(zhao).SignInAsync("s-zhao", Password);
        await Assertions.Expect(zhao.GetByTestId("assignment-window")).ToContainTextAsync("考试时间");
        await zhao.Clock.InstallAsync();
        await zhao.GotoAsync("/exams");
        var card = zhao.Locator("[data-testid=exam-sessions] [data-session]");
        await Assertions.Expect(card.GetByTestId("session-state")).ToContainTextAsync(new Regex(@"开考，距开考 (29|30):\d\d。"));
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "开始考试" })).ToBeDisabledAsync();

        // The window opens while he waits (no reload): the countdown ends, the button can be pressed; a wrong code is
        // refused, the room's code starts the paper drawn for him.
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        await zhao.Clock.FastForwardAsync("31:00");
        await Assertions.Expect(card.GetByTestId("session-state")).ToHaveTextAsync("已开考，请输入开考码后开始。");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "开始考试" })).ToBeEnabledAsync();
        await card.GetByLabel("开考码").FillAsync("WRONG");
        await card.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await Assertions.Expect(zhao.GetByTestId("flash-error")).ToHaveTextAsync("开考码不正确，请核对考场公布的开考码。");
        await card.GetByLabel("开考码").FillAsync("a7k2");
        await card.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await zhao.WaitForURLAsync("**/attempts/*");
        var exam = new ExamPage(zhao);
        await Assertions.Expect(zhao.GetByTestId("focus-notice")).ToContainTextAsync("本场考试超过 3 次将按已保存的答案自动交卷");
        var keys = await App.ShownKeysAsync(exam.AttemptId);
        await exam.AnswerAsync(keys.Where(k => k.Key == 1).ToDictionary()); // the first question (of either type) answered right

        // The monitor, left open, moves by itself: one in progress, one question answered.
        var zhaoRow = office.Locator("tr[data-examinee=s-zhao]");
        await Assertions.Expect(all.Locator("[data-count=in-progress]")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(zhaoRow.GetByTestId("examinee-answered")).ToHaveTextAsync("1/3", new() { Timeout = 15_000 });

        // He switches to another window: the browser tells the page it lost focus; it is recorded and he is told.
        await zhao.EvaluateAsync("() => window.dispatchEvent(new Event('blur'))");
        await Assertions.Expect(zhao.GetByTestId("focus-warning")).ToHaveTextAsync("您已离开考试页面 1 次；超过 3 次将自动交卷。");
        await zhao.EvaluateAsync("() => window.dispatchEvent(new Event('focus'))");
        await Assertions.Expect(zhaoRow.GetByTestId("examinee-focus")).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        // Extra time mid-exam: the deadline on his page follows within seconds.
        var before = await zhao.GetByTestId("deadline").InnerTextAsync();
        await zhaoRow.Locator("summary").ClickAsync();
        await zhaoRow.GetByLabel("分钟").FillAsync("15");
        await zhaoRow.GetByLabel("原因").FillAsync("视力障碍，申请延时");
        await zhaoRow.GetByRole(AriaRole.Button, new() { Name = "延长时间" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("已延长 15 分钟。");
        await Assertions.Expect(zhaoRow.GetByTestId("examinee-extra")).ToContainTextAsync("已延长 15 分钟：视力障碍，申请延时");
        var after = DateTime.ParseExact(before, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture).AddMinutes(15).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        await Assertions.Expect(zhao.GetByTestId("deadline")).ToHaveTextAsync(after, new() { Timeout = 15_000 });

        // He answers the rest and submits: passed, certified; the monitor counts him submitted.
        await exam.AnswerAsync(keys.Where(k => k.Key != 1).ToDictionary());
        await exam.OpenSubmitConfirmationAsync();
        await exam.ConfirmSubmitAsync();
        await Assertions.Expect(zhao.GetByTestId("verdict")).ToHaveTextAsync("通过");
        await Assertions.Expect(zhao.GetByTestId("focus-losses")).ToContainTextAsync("离开考试页面 1 次");
        await Assertions.Expect(all.Locator("[data-count=submitted]")).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        // 秦月 starts and hands in without answering: she fails.
        var qin = await NewPageAsync();
        await new LoginPage(qin).SignInAsync("s-qin", Password);
        await qin.GotoAsync("/exams");
        var qinCard = qin.Locator("[data-testid=exam-sessions] [data-session]");
        await qinCard.GetByLabel("开考码").FillAsync("A7K2");
        await qinCard.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await qin.WaitForURLAsync("**/attempts/*");
        await new ExamPage(qin).OpenSubmitConfirmationAsync();
        await new ExamPage(qin).ConfirmSubmitAsync();
        await Assertions.Expect(qin.GetByTestId("verdict")).ToHaveTextAsync("未通过");
        await Assertions.Expect(all.Locator("[data-count=submitted]")).ToHaveTextAsync("2", new() { Timeout = 15_000 });

        // The window closes; 吴芳 never sat it and 秦月 failed. The make-up is for the two of them.
        App.Clock.Advance(TimeSpan.FromMinutes(130));
        await office.GotoAsync(sessionUrl);
        await Assertions.Expect(office.Locator("tr[data-examinee=s-wu]").GetByTestId("examinee-status")).ToHaveTextAsync("未开始");
        await office.GetByTestId("arrange-make-up").ClickAsync();
        await Assertions.Expect(office.GetByTestId("make-up-of")).ToContainTextAsync("2026年度保密知识考试");
        await Assertions.Expect(office.GetByLabel("考试名称")).ToHaveValueAsync("2026年度保密知识考试（补考）");
        await office.GetByLabel("开考时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(10)));
        await office.GetByLabel("截止时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(130)));
        await office.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(office.GetByTestId("audience-count")).ToHaveTextAsync("参加人员（按今天的名单）：2 人");
        await Assertions.Expect(office.GetByTestId("audience")).ToContainTextAsync("吴芳");
        await Assertions.Expect(office.GetByTestId("audience")).ToContainTextAsync("秦月");
        await Assertions.Expect(office.GetByTestId("audience")).Not.ToContainTextAsync("赵磊");
        await office.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("每位考生的试卷已抽定");

        var wu = await NewPageAsync();
        await new LoginPage(wu).SignInAsync("s-wu", Password);
        await wu.GotoAsync("/exams");
        var makeUp = wu.Locator("[data-testid=exam-sessions] [data-session]").Filter(new() { HasText = "（补考）" });
        await Assertions.Expect(makeUp.GetByTestId("session-state")).ToContainTextAsync("距开考");
        await Assertions.Expect(wu.Locator("[data-testid=exam-sessions] [data-session]").Filter(new() { HasNotText = "（补考）" }).GetByTestId("session-state"))
            .ToHaveTextAsync("已截止，未参加。");
        App.Clock.Advance(TimeSpan.FromMinutes(11));
        await wu.ReloadAsync();
        await makeUp.GetByLabel("开考码").FillAsync("A7K2");
        await makeUp.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await wu.WaitForURLAsync("**/attempts/*");
        await Assertions.Expect(wu.Locator(".exam-question")).ToHaveCountAsync(3);
        var wuExam = new ExamPage(wu);
        await wuExam.ChooseAsync(1, 0);
        await Assertions.Expect(wuExam.SaveState(1)).ToHaveTextAsync("已保存");

        // Her computer fails and the hour runs out: the server collects the paper. The 保密办 reopens it for 20 minutes.
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await office.GotoAsync("/sessions");
        await office.Locator("[data-testid=sessions] a").Filter(new() { HasText = "（补考）" }).ClickAsync();
        var wuRow = office.Locator("tr[data-examinee=s-wu]");
        await Assertions.Expect(wuRow.GetByTestId("examinee-status")).ToHaveTextAsync("已收卷");
        await wuRow.Locator("summary").ClickAsync();
        await wuRow.GetByLabel("分钟").FillAsync("20");
        await wuRow.GetByLabel("原因").FillAsync("考生电脑故障，更换电脑后继续");
        await wuRow.GetByRole(AriaRole.Button, new() { Name = "重新开放" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("答卷已重新开放 20 分钟。");
        await Assertions.Expect(wuRow.GetByTestId("examinee-status")).ToHaveTextAsync("作答中");

        // At another desk she continues where she was: her saved answer is there.
        await wu.GotoAsync("/exams");
        await makeUp.GetByRole(AriaRole.Button, new() { Name = "继续作答" }).ClickAsync();
        await wu.WaitForURLAsync("**/attempts/*");
        Assert.True(await wuExam.IsChosenAsync(1, 0));
    }

    [Fact]
    public async Task APaperAttemptIsPrintedKeyedInAndCertifiedAndItsArchiveIsTheOneTheAuditChainRecorded()
    {
        // 郑强 of 后勤处 has no computer and no account: he sits the exam on paper.
        await App.CreateUserAsync("office-li", "李娜", [Roles.SecrecyOffice], OfficePassword);
        await App.AddPersonAsync("p-zheng", "郑强", "后勤处");
        await App.AddPersonAsync("p-sun", "孙涛", "后勤处");
        var office = await NewPageAsync();
        await new LoginPage(office).SignInAsync("office-li", OfficePassword);
        await office.GotoAsync("/sessions/new");
        await office.GetByLabel("考试名称").FillAsync("后勤处纸质考试");
        await office.GetByLabel("试卷策略").SelectOptionAsync("demo-exam");
        await office.GetByLabel("开考时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(10)));
        await office.GetByLabel("截止时间（北京时间）").FillAsync(Local(TimeSpan.FromMinutes(100)));
        await office.GetByLabel("考试时长（分钟）").FillAsync("60");
        await office.GetByRole(AriaRole.Radio, new() { Name = "指定人员" }).CheckAsync();
        await office.GetByLabel("工号（指定人员时，每行一个）").FillAsync("p-zheng\np-sun");
        await office.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await office.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("每位考生的试卷已抽定");
        var sessionUrl = office.Url;

        // The papers: his name and number, the questions, the answer sheet, and a QR code that opens his key-in page.
        var papers = await HrPages.DownloadAsync(office, () => office.GetByTestId("session-papers").ClickAsync());
        await Pdf.AssertWellFormedAsync(papers);
        var text = await Pdf.TextAsync(papers);
        Assert.Contains("郑强", text);
        Assert.Contains("p-zheng", text);
        Assert.Contains("答题卡", text);
        Assert.Contains("孙涛", text);
        var keyIn = Assert.Single(await Pdf.QrCodesAsync(papers)); // the first paper, 孙涛's (papers go by 工号)
        Assert.Matches(@"/sessions/\d+/paper/\d+$", keyIn);

        // After the exam the 保密办 keys in 孙涛's answer sheet on the page his paper's QR code opens: graded as online.
        App.Clock.Advance(TimeSpan.FromMinutes(70));
        await office.GotoAsync(sessionUrl);
        var sun = office.Locator("tr[data-examinee=p-sun]");
        await sun.GetByTestId("key-in").ClickAsync();
        Assert.EndsWith(new Uri(keyIn).AbsolutePath, office.Url);
        await Assertions.Expect(office.GetByTestId("key-in-examinee")).ToContainTextAsync("孙涛（工号 p-sun）");
        var sunAttempt = int.Parse(office.Url.Split('/')[^1], CultureInfo.InvariantCulture);
        foreach (var (position, options) in await App.ShownKeysAsync(sunAttempt))
        {
            foreach (var option in options)
            {
                await office.Locator($"fieldset[data-position='{position}'] input").Nth(option).CheckAsync();
            }
        }

        await office.GetByRole(AriaRole.Button, new() { Name = "录入并评分" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync($"答卷 {sunAttempt} 已录入并评分。");
        await Assertions.Expect(sun.GetByTestId("examinee-status")).ToHaveTextAsync("已交卷");
        await Assertions.Expect(sun).ToContainTextAsync("100/100 合格");

        // 郑强's sheet goes in through the spreadsheet: the template lists him; a letter that is no option names its row and
        // writes nothing; the corrected sheet is keyed in and graded.
        var template = Roster.Read(await HrPages.DownloadAsync(office, () => office.GetByTestId("answer-sheet-template").ClickAsync()));
        var zheng = Assert.Single(template);
        Assert.Equal("p-zheng", zheng["工号"]?.ToString());
        var zhengAttempt = int.Parse(zheng["答卷编号"]!.ToString()!, CultureInfo.InvariantCulture);
        var keys = await App.ShownKeysAsync(zhengAttempt);
        byte[] Sheet(Func<int, string> answer)
        {
            var row = new Dictionary<string, object> { ["答卷编号"] = zhengAttempt, ["工号"] = "p-zheng", ["姓名"] = "郑强" };
            foreach (var position in keys.Keys.Order())
            {
                row[position.ToString(CultureInfo.InvariantCulture)] = answer(position);
            }

            using var stream = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(stream, new[] { row });
            return stream.ToArray();
        }

        string Letters(int position) => string.Concat(keys[position].Select(i => (char)('A' + i)));
        await office.GetByLabel("答卷表").SetInputFilesAsync(new FilePayload { Name = "答卷.xlsx", MimeType = "application/octet-stream", Buffer = Sheet(p => p == 1 ? "Z" : Letters(p)) });
        await office.GetByRole(AriaRole.Button, new() { Name = "导入并评分" }).ClickAsync();
        await Assertions.Expect(office.GetByTestId("flash-error")).ToContainTextAsync("第 2 行：第 1 题没有选项“Z”");
        var row = office.Locator("tr[data-examinee=p-zheng]");
        await Assertions.Expect(row.GetByTestId("examinee-status")).ToHaveTextAsync("未开始");
        await office.GetByLabel("答卷表").SetInputFilesAsync(new FilePayload { Name = "答卷.xlsx", MimeType = "application/octet-stream", Buffer = Sheet(Letters) });
        await office.GetByRole(AriaRole.Button, new() { Name = "导入并评分" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("已录入 1 份纸质答卷并评分。");
        await Assertions.Expect(row).ToContainTextAsync("100/100 合格");
        await office.GotoAsync("/certificates");
        await Assertions.Expect(office.Locator("body")).ToContainTextAsync("郑强");
        await Assertions.Expect(office.Locator("body")).ToContainTextAsync("孙涛");

        // The results: all sat, all passed; the spreadsheet says the same.
        await office.GotoAsync(sessionUrl);
        await office.GetByTestId("session-results").ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("后勤处纸质考试：考试结果");
        await Assertions.Expect(office.GetByTestId("results-summary")).ToHaveTextAsync("考生 2 人，参考 2 人（100.0%），合格 2 人，合格率 100.0%（按参考人数）。");
        await Assertions.Expect(office.Locator("[data-testid=score-histogram] g[data-band='90']")).ToHaveAttributeAsync("data-count", "2");
        var xlsx = await HrPages.DownloadAsync(office, () => office.GetByTestId("results-xlsx").ClickAsync());
        var results = Roster.Read(xlsx);
        Assert.Equal(["p-sun 合格", "p-zheng 合格"], results.Select(r => $"{r["工号"]} {r["结果"]}").Order(StringComparer.Ordinal));

        // The archive copy: the paper with his answers and the score, whose SHA-256 the audit chain recorded when the
        // minutely archiver stored it.
        await App.WithServicesAsync(s => s.GetRequiredService<AttemptArchiver>().RunAsync(CancellationToken.None));
        await office.GotoAsync(sessionUrl);
        var archive = await HrPages.DownloadAsync(office, () => row.GetByTestId("archive-pdf").ClickAsync());
        await Pdf.AssertWellFormedAsync(archive);
        var archived = await Pdf.TextAsync(archive);
        Assert.Contains("考试存档", archived);
        Assert.Contains("纸质作答，保密办录入", archived);
        Assert.Contains("成绩：100 / 100", archived);
        await office.GotoAsync("/audit?Event=attempt.archived");
        await Assertions.Expect(office.Locator("main")).ToContainTextAsync("sha256 " + Convert.ToHexStringLower(SHA256.HashData(archive)));
    }
}
