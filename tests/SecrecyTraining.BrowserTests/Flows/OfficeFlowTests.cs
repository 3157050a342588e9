using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>The 保密办 (李娜) keeps the content and watches the log: uploads, reviews, a targeted refresher, the audit log.</summary>
[Collection(OfficeBrowser.Name)]
public sealed class OfficeFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Li-Na-Office-2026";

    [Fact]
    public async Task TheSecrecyOfficeUploadsContentReviewsWhatAClauseChangeFlaggedAndExportsTheAuditLog()
    {
        await App.CreateUserAsync("office-li", "李娜", [Roles.SecrecyOffice], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-li", Password);
        var office = new OfficePages(page);
        await page.GotoAsync("/content/imports");
        var importsBefore = await page.Locator("table tbody tr").CountAsync();

        // A zip with a broken question: every problem named by file and line, nothing imported.
        Watch(page).Expect(422);
        await office.UploadContentAsync("content.zip", ContentZip(("questions/demo.yaml", "answer: B", "answer: Z")));
        await Assertions.Expect(office.UploadProblems).ToContainTextAsync("questions/demo.yaml:");
        await Assertions.Expect(office.UploadProblems).ToContainTextAsync("未导入");
        await page.GotoAsync("/content/imports");
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(importsBefore);

        // The regulation's DEMO.1.1 is reworded: the question and the lesson citing it are flagged, a refresher can be approved.
        await office.UploadContentAsync("content.zip", ContentZip(("regulations/demo.md", "秘密文件必须放在保密柜内。", "秘密文件必须放在保密柜内并上锁。")));
        await Assertions.Expect(page.GetByTestId("import-report")).ToContainTextAsync("DEMO.1.1");
        await page.GetByTestId("targeted-refresher").GetByRole(AriaRole.Button, new() { Name = "批准并布置针对性复训" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("targeted-refresher")).ToContainTextAsync("批准");

        // The home's to-do list counts what the change left to do.
        await page.GotoAsync("/");
        var shell = new ShellPage(page);
        await Assertions.Expect(shell.ToDo(Roles.SecrecyOffice, "/content/imports")).ToContainTextAsync("0 次内容导入待批准"); // approved above
        await Assertions.Expect(shell.ToDo(Roles.SecrecyOffice, "/content/courses")).ToContainTextAsync("1 个课时待复核");
        await shell.ToDo(Roles.SecrecyOffice, "/content/questions?needsReview=true").GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/content/questions?needsReview=true");
        var flagged = page.Locator("article", new() { HasText = "秘密文件应当存放在哪里" });
        await flagged.GetByRole(AriaRole.Button, new() { Name = "标记为已复核" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已标记为已复核");
        await Assertions.Expect(page.Locator("article", new() { HasText = "秘密文件应当存放在哪里" })).ToHaveCountAsync(0);

        await page.GotoAsync("/content/courses");
        await page.GetByRole(AriaRole.Link, new() { Name = "保存与隔离" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "标记为已复核" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已标记为已复核");
        await page.GotoAsync("/content/courses");
        await Assertions.Expect(page.GetByText("待复核")).ToHaveCountAsync(0);

        // A GIFT bank joins the content.
        await office.UploadContentAsync("new-bank.gift", Encoding.UTF8.GetBytes("// clauses: DEMO.2.2\n::g-media-1::存储介质应当标明什么？{=密级 ~颜色}\n"));
        await Assertions.Expect(page.GetByTestId("import-report")).ToBeVisibleAsync();
        await page.GotoAsync("/content/questions?q=存储介质应当标明");
        await Assertions.Expect(page.Locator("article")).ToHaveCountAsync(1);

        // The audit log, filtered to content imports, and exported as it is filtered.
        await page.GotoAsync("/audit");
        await page.GetByLabel("事件").SelectOptionAsync("content.imported");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var rows = page.GetByTestId("audit-table").Locator("tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.All(await rows.Locator("td:nth-child(4)").AllInnerTextsAsync(), e => Assert.Equal("content.imported", e));
        var csv = Encoding.UTF8.GetString(await HrPages.DownloadAsync(page, () => page.GetByTestId("audit-export").ClickAsync())).TrimStart('\uFEFF');
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(await rows.CountAsync() + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("content.imported", l));
    }

    [Fact]
    public async Task TheSecrecyOfficeWritesAQuestionInThePageFixesItsMistakesPreviewsEditsAndRetiresIt()
    {
        await App.CreateUserAsync("office-zhao", "赵敏", [Roles.SecrecyOffice], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-zhao", Password);
        await page.GotoAsync("/content/questions");
        await page.GetByTestId("new-question").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("新建题目");

        // Two answers ticked for a 单选 and a clause that does not exist: each mistake beside its field, nothing saved.
        await page.GetByLabel("题库").FillAsync("demo");
        await page.GetByLabel("题干").FillAsync("外出携带涉密载体时应当：");
        await page.Locator("#Options-0").FillAsync("专人携带、保持在身边");
        await page.Locator("#Options-1").FillAsync("放在车内");
        await page.GetByLabel("选项 A 正确").CheckAsync();
        await page.GetByLabel("选项 B 正确").CheckAsync();
        await page.GetByLabel("解析").FillAsync("DEMO.1.1：涉密载体须有专人管理。");
        await page.GetByLabel("条款（考的是哪一条；多个用逗号分隔）").FillAsync("DEMO.9");
        Watch(page).Expect(422);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Correct-error")).ToHaveTextAsync("单选题必须恰好有一个正确答案，实际有 2 个。");
        await Assertions.Expect(page.Locator("#Clauses-error")).ToHaveTextAsync("引用的条款 DEMO.9 不存在。");

        // Fixed (the clause found by a word of its text), previewed as a trainee sees it, then saved.
        await page.GetByLabel("选项 B 正确").UncheckAsync();
        await page.GetByLabel("条款（考的是哪一条；多个用逗号分隔）").FillAsync("");
        await page.GetByLabel("查找条款（编号、标题或正文中的词）").FillAsync("保密柜内");
        await page.GetByTestId("clause-results").GetByRole(AriaRole.Button, new() { Name = "加入 DEMO.1.1" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("条款（考的是哪一条；多个用逗号分隔）")).ToHaveValueAsync("DEMO.1.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("question-preview")).ToContainTextAsync("A. 专人携带、保持在身边");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存（第 1 版）");
        var key = await page.GetByLabel("题目编号").InputValueAsync();

        // An edit is version 2; retiring takes it out of the bank, restoring brings it back.
        await page.GetByLabel("题干").FillAsync("外出携带涉密载体时，应当：");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存（第 2 版）");
        await page.GetByRole(AriaRole.Button, new() { Name = "停用此题" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("question-state")).ToContainTextAsync("已停用");
        await page.GotoAsync("/content/questions?q=外出携带涉密载体");
        await Assertions.Expect(page.Locator("article")).ToHaveCountAsync(0);
        await page.GotoAsync($"/content/questions/{key}/edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复此题" }).ClickAsync();
        await page.GotoAsync("/content/questions?q=外出携带涉密载体");
        await Assertions.Expect(page.Locator($"article[data-key='{key}']")).ToContainTextAsync("v2");

        // Content uploaded later keeps the question written in the page and says so; approved over it, the files win.
        var office = new OfficePages(page);
        var upload = ContentZip(("questions/demo.yaml", "tags: [保存]", "tags: [保存, 保密柜]"));
        await office.UploadContentAsync("content.zip", upload);
        await Assertions.Expect(page.GetByTestId("import-report")).ToContainTextAsync($"题目 {key}（office-zhao 在页面上新建或修改，文件中没有）");
        await office.UploadContentAsync("content.zip", upload, overAppEdits: true);
        await Assertions.Expect(page.GetByTestId("import-report")).Not.ToContainTextAsync(key);
        await page.GotoAsync("/content/questions?q=外出携带涉密载体");
        await Assertions.Expect(page.Locator("article")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheSecrecyOfficeImportsAnExcelBankSeesEachRowsMistakeThenImportsTheCorrectedFile()
    {
        await App.CreateUserAsync("office-qian", "钱芳", [Roles.SecrecyOffice], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("office-qian", Password);
        await page.GotoAsync("/content/questions");
        await page.GetByTestId("import-sheet").ClickAsync();
        var template = await HrPages.DownloadAsync(page, () => page.GetByTestId("sheet-template").ClickAsync());
        Assert.Contains("题干", string.Join(",", MiniExcelLibs.MiniExcel.Query(new MemoryStream(template), useHeaderRow: true).Cast<IDictionary<string, object>>().First().Keys));

        Dictionary<string, object> Row(string type, string stem, string answer, string explanation) => new()
        {
            ["试题类型"] = type,
            ["题目"] = stem,
            ["选项A"] = "保密柜",
            ["选项B"] = "抽屉",
            ["正确答案"] = answer,
            ["试题解析"] = explanation,
        };
        byte[] Sheet(params Dictionary<string, object>[] rows)
        {
            using var buffer = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(buffer, rows);
            return buffer.ToArray();
        }

        // Row 3 answers C, which has no option: named by its row, nothing can be imported.
        await page.GetByLabel("放入题库（文件中没有“题库”列时）").FillAsync("demo");
        Watch(page).Expect(422);
        await page.GetByLabel("Excel 或 CSV 文件").SetInputFilesAsync(new FilePayload
        {
            Name = "题库.xlsx",
            MimeType = "application/octet-stream",
            Buffer = Sheet(Row("单选", "下班时秘密文件放在哪里？", "A", "依据《示例保密规定》一（一）。"), Row("单选", "存储介质放在哪里？", "C", "依据《示例保密规定》二（二）。")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-line='3']")).ToContainTextAsync("答案 C 对应的选项C是空的");
        await Assertions.Expect(page.GetByTestId("sheet-commit")).ToHaveCountAsync(0);

        // Corrected: the clauses recognised in the explanation are shown for confirmation, then the rows are imported.
        await page.GetByLabel("Excel 或 CSV 文件").SetInputFilesAsync(new FilePayload
        {
            Name = "题库.xlsx",
            MimeType = "application/octet-stream",
            Buffer = Sheet(Row("单选", "下班时秘密文件放在哪里？", "A", "依据《示例保密规定》一（一）。"), Row("判断", "涉密载体上应当标明密级。", "√", "依据《示例保密规定》二（二）。")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-line='3']")).ToContainTextAsync("DEMO.2.2（从解析识别）");
        await page.GetByRole(AriaRole.Button, new() { Name = "导入这 2 道题" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sheet-imported")).ToContainTextAsync("已导入 2 道题");
        await page.GotoAsync("/content/questions?q=涉密载体上应当标明密级");
        await Assertions.Expect(page.Locator("article")).ToHaveCountAsync(1);

        // The bank exported as it is filtered (判断题 only) imports back unchanged: the same questions, no new version.
        await page.GotoAsync("/content/questions?type=TrueFalse");
        var shown = await page.Locator("article").CountAsync();
        var export = await HrPages.DownloadAsync(page, () => page.GetByTestId("export-xlsx").ClickAsync());
        await page.GetByTestId("import-sheet").ClickAsync();
        await page.GetByLabel("Excel 或 CSV 文件").SetInputFilesAsync(new FilePayload { Name = "题库.xlsx", MimeType = "application/octet-stream", Buffer = export });
        await page.GetByRole(AriaRole.Button, new() { Name = "检查" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sheet-summary")).ToContainTextAsync($"{shown} 道题都没有问题");
        await page.GetByRole(AriaRole.Button, new() { Name = $"导入这 {shown} 道题" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sheet-imported")).ToContainTextAsync($"已导入 {shown} 道题");
        await page.GotoAsync("/content/questions?type=TrueFalse");
        await Assertions.Expect(page.Locator("article")).ToHaveCountAsync(shown);
        Assert.All(await page.Locator("article").AllInnerTextsAsync(), text => Assert.DoesNotContain(" v2 ", text));
    }

    /// <summary>The fixture content as a zip, with one text replaced in one file (it must be there).</summary>
    private static byte[] ContentZip((string Path, string Old, string New) change)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(BrowserApp.FixtureContent, "*", SearchOption.AllDirectories))
            {
                var path = System.IO.Path.GetRelativePath(BrowserApp.FixtureContent, file).Replace('\\', '/');
                var text = File.ReadAllText(file);
                if (path == change.Path)
                {
                    Assert.Contains(change.Old, text);
                    text = text.Replace(change.Old, change.New, StringComparison.Ordinal);
                }

                using var entry = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                entry.Write(text);
            }
        }

        return buffer.ToArray();
    }
}
