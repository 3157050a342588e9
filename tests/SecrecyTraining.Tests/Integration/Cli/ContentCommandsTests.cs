using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Cli;

[Collection(SharedApp.Name)]
public sealed class ContentCommandsTests(Databases databases)
{
    [Fact]
    public async Task ValidatePrintsEveryProblemAsPathLineMessageAndExitsWithOne()
    {
        var app = await databases.StartAsync("Sqlite");
        var files = ContentFixtures.Mistakes["single-two-answers"].Apply().ToList();
        var i = files.FindIndex(f => f.Path == "regulations/demo.md");
        files[i] = files[i] with { Text = files[i].Text.Replace("{#DEMO.2.2}", "", StringComparison.Ordinal) };
        using var dir = TempContent.Write(files);

        var (code, output, error) = await Verbs.RunAsync(app, "content", "validate", dir.Path);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var lines = error.TrimEnd().Split('\n');
        Assert.Contains("questions/demo.yaml:11: 单选题必须恰好有一个正确答案，实际有 2 个。", lines);
        Assert.Contains(lines, l => l.StartsWith("regulations/demo.md:27: ", StringComparison.Ordinal) && l.Contains("缺少条款编号", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateOnTheRealContentSummarisesItAndExitsWithZero()
    {
        var app = await databases.StartAsync("Sqlite");

        var (code, output, _) = await Verbs.RunAsync(app, "content", "validate", ContentFixtures.RealDirectory);

        Assert.Equal(0, code);
        Assert.Matches(@"^OK: 5 regulations, \d+ clauses, \d+ courses, \d+ lessons, \d+ questions, \d+ exams, 2 commitment texts; content hash [0-9a-f]{12}\.", output);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ImportingTwiceSaysTheSecondTimeThatNothingChanged(string provider)
    {
        var app = await databases.StartAsync(provider);

        var first = await Verbs.RunAsync(app, "content", "import", ContentFixtures.ValidDirectory);
        var second = await Verbs.RunAsync(app, "content", "import", ContentFixtures.ValidDirectory);

        Assert.Equal(0, first.Code);
        Assert.Contains("条款 6 条（新增 6", first.Output);
        Assert.Equal(0, second.Code);
        Assert.Contains("内容未变化", second.Output);
    }

    [Fact]
    public async Task AFailedImportPrintsTheProblemsAndExitsWithOne()
    {
        var app = await databases.StartAsync("Sqlite");
        using var dir = TempContent.Write(ContentFixtures.Mistakes["rule-cannot-be-filled"].Apply());

        var (code, _, error) = await Verbs.RunAsync(app, "content", "import", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("exams/exam.yaml:", error);
        Assert.Contains("未导入", error);
    }

    [Fact]
    public async Task CoverageAsCsvHasTheHeaderAndOneRowPerClauseOfEveryRegulation()
    {
        var app = await databases.StartAsync("Sqlite");
        var content = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory)).Content;

        var (code, output, _) = await Verbs.RunAsync(app, "content", "coverage", ContentFixtures.RealDirectory, "--format", "csv");

        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(0, code);
        Assert.Equal("clause,lessons,single,multiple,truefalse,fill,short,total", lines[0]);
        Assert.Equal(content.ClausesById.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^[A-Z][A-Z-]*(\.[0-9A-Za-z]+)+,\d+,\d+,\d+,\d+,\d+,\d+,\d+$", l));
        var qd24 = lines.Single(l => l.StartsWith("QD.2.4,", StringComparison.Ordinal)).Split(',').Skip(1).Select(int.Parse).ToArray();
        Assert.Equal(qd24[1] + qd24[2] + qd24[3] + qd24[4] + qd24[5], qd24[6]);
        Assert.Equal(content.Questions.Count(q => q.Clauses.Contains("QD.2.4")), qd24[6]);
    }

    [Fact]
    public async Task ExportGiftWritesOneBankInMoodleFormatWithItsClauses()
    {
        var app = await databases.StartAsync("Sqlite");

        var (code, output, _) = await Verbs.RunAsync(app, "content", "export-gift", ContentFixtures.ValidDirectory, "--bank", "demo");

        Assert.Equal(0, code);
        Assert.StartsWith("$CATEGORY: demo", output, StringComparison.Ordinal);
        Assert.Contains("// clauses: DEMO.1.1, DEMO.1.2, DEMO.2.2", output);
        Assert.Contains("::q-tf-1::", output);
        Assert.DoesNotContain("g-single-1", output);
    }

    [Fact]
    public async Task CoverageRejectsAnUnknownFormat()
    {
        var app = await databases.StartAsync("Sqlite");

        var (code, _, _) = await Verbs.RunAsync(app, "content", "coverage", "--format", "pdf");

        Assert.Equal(2, code);
    }
}
