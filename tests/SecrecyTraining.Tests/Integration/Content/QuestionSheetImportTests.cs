using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>`content import-xlsx`: problems as FILE:ROW: message with nothing written, or the questions and the clauses recognised.</summary>
[Collection(SharedApp.Name)]
public sealed class QuestionSheetImportTests(Databases databases)
{
    private static string Sheet(params Dictionary<string, object>[] rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"题库-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    private static Dictionary<string, object> Row(string type, string stem, string answer, string explanation) => new()
    {
        ["题型"] = type,
        ["题干"] = stem,
        ["选项A"] = "保密柜",
        ["选项B"] = "抽屉",
        ["选项C"] = "桌面",
        ["答案"] = answer,
        ["解析"] = explanation,
        ["难度"] = "中",
        ["知识点/出处"] = "",
        ["分值"] = "2",
    };

    [Theory, ClassData(typeof(Providers))]
    public async Task ASheetWithMistakesNamesEachRowAndWritesNothingAGoodOneImportsAsPageEdits(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var before = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync());
        var bad = Sheet(
            Row("单选", "秘密文件下班后放在哪里？", "A", "依据《示例保密规定》一（一）。"),
            Row("单选", "涉密计算机能否上网？", "D", "依据《示例保密规定》二（一）。"),
            Row("填空", "秘密文件下班后应当放在____内。", "保密柜|铁皮柜", "依据《示例保密规定》一（一）。"));
        var (code, _, error) = await Verbs.RunAsync(app, "content", "import-xlsx", bad, "--bank", "demo");

        Assert.Equal(1, code);
        var name = Path.GetFileName(bad);
        Assert.Contains($"{name}:3: 答案 D 对应的选项D是空的", error);
        Assert.Contains($"{name}:4: （答案）：题干有 1 个空（用 ____ 标出），blanks 有 2 组答案。", error);
        Assert.DoesNotContain($"{name}:2:", error);
        Assert.Equal(before, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync()));

        var good = Sheet(
            Row("单选", "秘密文件下班后放在哪里？", "A", "依据《示例保密规定》一（一）。"),
            Row("多选题", "下列哪些做法正确？", "A、C", "《示例保密规定》一（一）和二（二）"),
            Row("判断题", "涉密计算机可以连接互联网。", "×", "依据《示例保密规定》二（一）。"));
        var (dryCode, dry, _) = await Verbs.RunAsync(app, "content", "import-xlsx", good, "--bank", "demo", "--dry-run");
        Assert.Equal(0, dryCode);
        Assert.Contains("OK (dry run, nothing written): 3 questions; clauses recognised in their text: DEMO.1.1, DEMO.2.1, DEMO.2.2.", dry);
        Assert.Equal(before, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync()));

        var (importCode, imported, _) = await Verbs.RunAsync(app, "content", "import-xlsx", good, "--bank", "demo");
        Assert.Equal(0, importCode);
        Assert.Contains("Imported: 3 questions", imported);
        var created = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.AsNoTracking().Include(q => q.Clauses)
            .Where(q => q.EditedBy != null).OrderBy(q => q.Key).ToListAsync());
        Assert.Equal(["demo-001", "demo-002", "demo-003"], created.Select(q => q.Key));
        Assert.Equal([0, 2], created[1].Correct);
        Assert.Equal([1], created[2].Correct); // × is 错误
        Assert.Equal(3, created[0].Difficulty); // 中
        Assert.Equal(["DEMO.1.1", "DEMO.2.2"], created[1].Clauses.Select(c => c.ClauseId).Order());
        File.Delete(bad);
        File.Delete(good);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheTemplateImportsCleanlyAgainstTheRealRegulations(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFiles.FromDirectory(ContentFixtures.RealDirectory));
        var office = await app.SignInAsAsync(Web.Domain.Roles.SecrecyOffice);
        var response = await office.GetAsync("/content/questions/import/template.xlsx");
        Assert.Equal("题库导入模板.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(path, bytes);
        var types = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object>>().Select(r => r["题型"]?.ToString()).ToList();
        Assert.Equal(["单选题", "多选题", "判断题", "填空题", "简答题"], types); // one example of each type

        var (code, output, error) = await Verbs.RunAsync(app, "content", "import-xlsx", path, "--bank", "law-bmf", "--dry-run");
        File.Delete(path);

        Assert.True(code == 0, error);
        Assert.Contains("5 questions; clauses recognised in their text: BMF.14, BMF.28, BMF.46.", output);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnExportOfTheFilteredBankImportsBackToTheSameQuestions(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Web.Domain.Roles.SecrecyOffice);
        var all = await office.GetByteArrayAsync("/content/questions/export.xlsx");
        var singles = await office.GetByteArrayAsync("/content/questions/export.xlsx?type=Single");
        var rows = MiniExcel.Query(new MemoryStream(all), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var currentCount = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync(q => q.IsCurrent));
        Assert.Equal(currentCount, rows.Count);
        Assert.True(MiniExcel.Query(new MemoryStream(singles), useHeaderRow: true).Cast<IDictionary<string, object>>()
            .All(r => Convert.ToString(r["题型"], System.Globalization.CultureInfo.InvariantCulture) == "单选题"));
        var versions = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync());

        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, all);
        var (code, output, error) = await Verbs.RunAsync(app, "content", "import-xlsx", path);
        File.Delete(path);

        Assert.True(code == 0, error);
        Assert.Contains($"Imported: {currentCount} questions", output);
        Assert.Equal(versions, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync())); // no new version
        Assert.Contains("export.questions", await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Select(e => e.Action).ToListAsync()));
    }
}
