using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>The 保密办 (孙丽) keeps exams, policy and commitment texts in the page: 试卷策略, 岗位策略, 承诺书文本.</summary>
[Collection(AuthoringBrowser.Name)]
public sealed class AuthoringFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Sun-Li-Office-2026";
    private const string TraineePassword = "Zhou-Xin-2026-Duty";

    [Fact]
    public async Task TheSecrecyOfficeDrawsUpAPracticeExamSeesWhatTheBankCannotFillDrawsASamplePaperAndTheTraineeSeesIt()
    {
        await App.CreateUserAsync("office-sun", "孙丽", [Roles.SecrecyOffice], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-sun", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "考试", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "试卷策略" }).ClickAsync();
        await page.GetByTestId("new-blueprint").ClickAsync();

        // Five 单选 from 第一章, which has two: the rule says so as it is typed, before anything is saved.
        await page.GetByLabel("试卷编号").FillAsync("chapter-one-practice");
        await page.GetByLabel("试卷名称").FillAsync("第一章练习");
        await page.GetByLabel("类型").SelectOptionAsync("Practice");
        await page.GetByLabel("时长（分钟）").FillAsync("15");
        await page.GetByLabel("第 1 条规则的章节或条款").FillAsync("DEMO.1");
        await page.GetByLabel("第 1 条规则的题型").SelectOptionAsync("Single");
        await page.GetByLabel("第 1 条规则的题数").FillAsync("5");
        await page.GetByLabel("第 1 条规则的每题分值").FillAsync("10");
        var first = page.Locator("[data-testid=rule-row][data-row='0']");
        await Assertions.Expect(first.GetByTestId("rule-shortfall")).ToHaveTextAsync("DEMO.1 一、秘密文件的保存单选题只有 2 题，规则要 5 题");
        await Assertions.Expect(page.GetByTestId("rule-error")).ToContainTextAsync("抽题规则需要 5 道题，符合条件的题目只有 2 道。");

        // Two 单选 and a 判断 from anywhere: a sample paper of three, then saved as version 1.
        await page.GetByLabel("第 1 条规则的题数").FillAsync("2");
        await page.GetByLabel("第 2 条规则的题型").SelectOptionAsync("TrueFalse");
        await page.GetByLabel("第 2 条规则的题数").FillAsync("1");
        await page.GetByLabel("第 2 条规则的每题分值").FillAsync("5");
        await page.GetByTestId("draw-sample").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sample-question")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("sample-paper")).ToContainTextAsync("样卷：3 题，共 25 分");
        await Assertions.Expect(page.GetByTestId("rules-total")).ToContainTextAsync("25 分");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("试卷 chapter-one-practice 已保存（第 1 版）");

        // An edit is version 2.
        await page.GetByLabel("时长（分钟）").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("（第 2 版）");
        await Assertions.Expect(page.GetByTestId("blueprint-state")).ToContainTextAsync("由 office-sun 在页面上修改");

        // The live content downloads in the content/ formats, the new exam with it.
        await page.GotoAsync("/content/imports");
        var zip = await HrPages.DownloadAsync(page, () => page.GetByTestId("content-export").ClickAsync());
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            var exam = archive.GetEntry("content/exams/chapter-one-practice.yaml");
            Assert.NotNull(exam);
            var text = new StreamReader(exam.Open(), Encoding.UTF8).ReadToEnd();
            Assert.Contains("title: \"第一章练习\"", text);
            Assert.Contains("timeLimitMinutes: 20", text);
            Assert.NotNull(archive.GetEntry("content/policy.yaml"));
        }

        // Uploaded again, the export changes nothing: the preview says so before anything is written.
        await page.GotoAsync("/content/upload");
        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "content-export.zip", MimeType = "application/zip", Buffer = zip });
        await page.GetByRole(AriaRole.Button, new() { Name = "校验并预览" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview-report")).ToContainTextAsync("道（新增 0，新版本 0，停用 0）");
        await Assertions.Expect(page.GetByTestId("preview-report")).ToContainTextAsync("条（新增 0，修改 0，停用 0）");
        await Assertions.Expect(page.GetByTestId("preview-report")).ToContainTextAsync("套（新增 0，修改 0，停用 0）");
        await page.GetByRole(AriaRole.Button, new() { Name = "批准并导入" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-report")).ToContainTextAsync("upload:content-export.zip");

        // A trainee finds it among the practice exams.
        await App.CreateUserAsync("trainee-wu", "吴新", [Roles.Trainee], TraineePassword);
        var trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("trainee-wu", TraineePassword);
        await trainee.GotoAsync("/exams");
        await Assertions.Expect(trainee.GetByText("第一章练习").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheSecrecyOfficeRaisesAPassMarkAndIssuesANewCommitmentThatThePersonOnAPostThenSigns()
    {
        await App.CreateUserAsync("office-qin", "秦岚", [Roles.SecrecyOffice], Password);
        await App.CreateUserAsync("duty-zhou", "周新", [Roles.Trainee], TraineePassword);
        await App.ProposeOnNewPostAsync("duty-zhou", PostLevel.Core);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-qin", Password);

        // 岗位策略: a pass mark of 0 is refused beside its field; 90 is saved.
        await page.GotoAsync("/content/policy");
        var core = page.GetByTestId("level-Core");
        await core.GetByLabel("合格线（%）").FillAsync("0");
        Watch(page).Expect(422);
        await core.GetByRole(AriaRole.Button, new() { Name = "保存核心岗位的策略" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Core-PassMarkPercent-error")).ToHaveTextAsync("字段 'passMark' 应为 1 到 100 之间的整数，实际为 '0'。");
        await page.GetByTestId("level-Core").GetByLabel("合格线（%）").FillAsync("90");
        await page.GetByTestId("level-Core").GetByRole(AriaRole.Button, new() { Name = "保存核心岗位的策略" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("核心岗位的策略已保存");
        await Assertions.Expect(page.GetByTestId("level-Core").GetByLabel("合格线（%）")).ToHaveValueAsync("90");

        // 承诺书文本: a new 上岗 version, refused while it keeps the old version number, then saved and made current.
        await page.GotoAsync("/content/commitments");
        var oldVersion = await page.Locator("[data-testid=commitment-version][data-kind=OnDuty]").First.GetAttributeAsync("data-version");
        await page.GetByRole(AriaRole.Link, new() { Name = "新版本：上岗承诺书" }).ClickAsync();
        await page.GetByLabel("版本号").FillAsync(oldVersion!);
        await page.GetByLabel("正文（Markdown）").FillAsync("本人承诺：严格遵守保密法律法规和本单位保密制度，不泄露所知悉的国家秘密和工作秘密（2027 年版）。");
        Watch(page).Expect(422);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存为新版本" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Version-error")).ToContainTextAsync($"已有第 {oldVersion} 版");
        await page.GetByLabel("版本号").FillAsync("2027-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存为新版本" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存上岗承诺书第 2027-1 版");
        var version = page.Locator("[data-testid=commitment-version][data-version='2027-1']");
        await version.GetByRole(AriaRole.Button, new() { Name = "自今日起启用此版本" }).ClickAsync();
        await Assertions.Expect(version.GetByTestId("current-badge")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("unsigned-current")).ToContainTextAsync("周新（duty-zhou）");

        // The person on the post is asked to sign the new text, and does.
        var trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("duty-zhou", TraineePassword);
        await trainee.GotoAsync("/commitments");
        await Assertions.Expect(trainee.GetByTestId("pending-commitment")).ToContainTextAsync("版本 2027-1");
        await new TraineePages(trainee).SignFirstPendingCommitmentAsync(TraineePassword);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=commitment-version][data-version='2027-1']").GetByTestId("signers")).ToContainTextAsync("已签署 1 人：周新（duty-zhou，");
        await Assertions.Expect(page.GetByTestId("unsigned-current")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task FillInAndShortAnswerQuestionsComeFromExcelAShortAnswerIsGradedInTheQueueAndOnlyThenIsTheCertificateIssued()
    {
        await App.CreateUserAsync("office-he", "何静", [Roles.SecrecyOffice], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-he", Password);

        // A 填空 and a 简答 from Excel, in the layout Chinese exam systems use.
        await page.GotoAsync("/content/questions");
        await page.GetByTestId("import-sheet").ClickAsync();
        await page.GetByLabel("放入题库（文件中没有“题库”列时）").FillAsync("demo");
        using (var buffer = new MemoryStream())
        {
            MiniExcelLibs.MiniExcel.SaveAs(buffer, new[]
            {
                new Dictionary<string, object> { ["题型"] = "填空题", ["题干"] = "下班离开办公室时，秘密文件应当锁进____。", ["答案"] = "保密柜;保密柜内", ["解析"] = "依据《示例保密规定》一（一）。", ["评分要点"] = "" },
                new Dictionary<string, object> { ["题型"] = "简答题", ["题干"] = "简述涉密计算机不得连接互联网的理由。", ["答案"] = "连接互联网会使涉密信息面临被窃取的风险，规定要求涉密计算机不得连接互联网。", ["解析"] = "依据《示例保密规定》二（一）。", ["评分要点"] = "指出窃密风险 10 分；指出规定 10 分。" },
            });
            await page.GetByLabel("Excel 或 CSV 文件").SetInputFilesAsync(new FilePayload { Name = "题库.xlsx", MimeType = "application/octet-stream", Buffer = buffer.ToArray() });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "导入这 2 道题" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sheet-imported")).ToContainTextAsync("已导入 2 道题");
        await page.GotoAsync("/content/questions?type=FillBlank");
        await Assertions.Expect(page.GetByTestId("blank-answers")).ToHaveTextAsync("保密柜 / 保密柜内");
        await page.GetByTestId("edit-question").ClickAsync();
        await Assertions.Expect(page.GetByLabel("填空题的答案（每个空 ____ 一行；同一空的几种答案用 ; 分隔）")).ToHaveValueAsync("保密柜; 保密柜内");

        // The pre-duty exam draws one of each from now on.
        await page.GotoAsync("/content/exams/demo-exam/edit");
        await page.GetByLabel("第 3 条规则的题型").SelectOptionAsync("FillBlank");
        await page.GetByLabel("第 3 条规则的题数").FillAsync("1");
        await page.GetByLabel("第 3 条规则的每题分值").FillAsync("10");
        await page.GetByLabel("第 4 条规则的题型").SelectOptionAsync("ShortAnswer");
        await page.GetByLabel("第 4 条规则的题数").FillAsync("1");
        await page.GetByLabel("第 4 条规则的每题分值").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("试卷 demo-exam 已保存");

        // The trainee answers every question, writes in the blank and the text area, and submits: 待阅卷, no certificate yet.
        await App.CreateUserAsync("trainee-liu", "刘新", [Roles.Trainee], TraineePassword);
        await App.CompleteCourseAsync("trainee-liu", "basics");
        var trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("trainee-liu", TraineePassword);
        var exam = new ExamPage(trainee);
        await exam.StartAsync("demo-exam");
        var attemptId = exam.AttemptId;
        var keys = await App.ShownKeysAsync(attemptId);
        await exam.AnswerAsync(keys.Where(k => k.Value.Length > 0).ToDictionary(k => k.Key, k => k.Value));
        var blank = trainee.Locator(".exam-question", new() { Has = trainee.Locator("input.blank-input") });
        await blank.Locator("input.blank-input").FillAsync("保密柜");
        await blank.Locator("input.blank-input").PressAsync("Tab");
        await Assertions.Expect(blank.Locator(".save-state")).ToHaveTextAsync("已保存");
        var essay = trainee.Locator(".exam-question", new() { Has = trainee.Locator("textarea.answer-text") });
        await essay.Locator("textarea").FillAsync("涉密信息会被窃取；规定不允许连接互联网。");
        await Assertions.Expect(essay.Locator(".save-state")).ToHaveTextAsync("已保存"); // saved when the writer pauses
        Assert.Equal("全部题目已作答。", await exam.OpenSubmitConfirmationAsync());
        await exam.ConfirmSubmitAsync();
        await Assertions.Expect(trainee.GetByTestId("verdict")).ToHaveTextAsync("待阅卷");
        await trainee.GotoAsync("/");
        await Assertions.Expect(trainee.GetByTestId("certificate-pdf")).ToHaveCountAsync(0);

        // The 保密办 grades it in 阅卷 beside the reference answer and the rubric: the result is published, the certificate issued.
        await page.GotoAsync("/");
        var toDo = new ShellPage(page).ToDo(Roles.SecrecyOffice, "/grading");
        await Assertions.Expect(toDo).ToContainTextAsync("1 道简答题待阅卷");
        await toDo.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/grading");
        var pending = page.Locator($"[data-testid=pending-answer][data-attempt='{attemptId}']");
        await Assertions.Expect(pending.GetByTestId("answer")).ToHaveTextAsync("涉密信息会被窃取；规定不允许连接互联网。");
        await Assertions.Expect(pending.GetByTestId("rubric")).ToContainTextAsync("指出窃密风险 10 分");
        await pending.GetByLabel("得分（0–20）").FillAsync("16");
        await pending.GetByLabel("阅卷意见（考生可见，可不填）").FillAsync("理由完整，规定未写出处。");
        await pending.GetByRole(AriaRole.Button, new() { Name = "评分" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"答卷 {attemptId} 已全部评完，成绩已公布。");

        await trainee.GotoAsync($"/attempts/{attemptId}/result");
        await Assertions.Expect(trainee.GetByTestId("verdict")).ToHaveTextAsync("通过");
        await Assertions.Expect(trainee.GetByTestId("score")).ToContainTextAsync("126 / 130");
        await Assertions.Expect(trainee.GetByTestId("grader-comment")).ToContainTextAsync("理由完整，规定未写出处。");
        await trainee.GotoAsync("/");
        await Assertions.Expect(trainee.GetByTestId("certificate-pdf")).ToHaveCountAsync(1);
    }
}
