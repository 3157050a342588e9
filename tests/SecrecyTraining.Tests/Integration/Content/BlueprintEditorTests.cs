using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>
/// The blueprint editor (试卷策略): every rule shows how many questions it can draw; the reader of content/ refuses what
/// content validate refuses, beside the rule; a sample paper is drawn; a save is a new version, audited old → new, that an
/// import keeps unless approved, and the trainee's next attempt follows it.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class BlueprintEditorTests(Databases databases)
{
    private static readonly HtmlParser Parser = new();

    [Theory, ClassData(typeof(Providers))]
    public async Task ANewBlueprintShowsEachRulesShortfallAndIsSavedOnlyWhenEveryRuleCanBeFilled(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        Dictionary<string, string> fields = new()
        {
            ["Id"] = "demo-practice",
            ["Title"] = "示例练习",
            ["Kind"] = "Practice",
            ["TimeLimitMinutes"] = "15",
            ["Rules[0].Clauses"] = "DEMO.1",
            ["Rules[0].Type"] = "Single",
            ["Rules[0].Count"] = "5",
            ["Rules[0].Points"] = "2",
            ["Rules[1].Type"] = "TrueFalse",
            ["Rules[1].Count"] = "1",
            ["Rules[1].Points"] = "1",
            ["intent"] = "save",
        };

        var refused = await office.PostFormAsync("/content/exams/new", "/content/exams/new", fields);
        var page = Parser.ParseDocument(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var first = page.QuerySelector("[data-testid=rule-row][data-row='0']")!;
        Assert.Equal("2", first.QuerySelector("[data-testid=rule-feasibility] span")!.TextContent.Trim());
        Assert.Equal("DEMO.1 一、秘密文件的保存单选题只有 2 题，规则要 5 题", first.QuerySelector("[data-testid=rule-shortfall]")!.TextContent.Trim());
        Assert.Contains("抽题规则需要 5 道题，符合条件的题目只有 2 道。", page.QuerySelector("[data-testid=rule-error]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=rule-row][data-row='1'] [data-testid=rule-shortfall]"));
        Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExamBlueprints.AnyAsync(e => e.Id == "demo-practice")));

        var saved = await office.SubmitFormAsync(page.DocumentElement.OuterHtml, "/content/exams/new", "/content/exams/new", new() { ["Rules[0].Count"] = "2", ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/content/exams/demo-practice/edit", saved.Headers.Location!.OriginalString);
        var entry = await app.LastAuditAsync("blueprint.created");
        Assert.Equal(("u-secrecyoffice", "exam:demo-practice", "version 1: Practice \"示例练习\", 2 rules, 3 questions, 5 points"), (entry.Actor, entry.Subject, entry.Details));

        var trainee = await app.SignInAsAsync(Roles.Trainee);
        Assert.Contains("示例练习", await trainee.GetStringAsync("/exams"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnEditIsANewVersionAuditedOldToNewKeptByAnImportAndASamplePaperFollowsTheRules(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var form = await office.GetStringAsync("/content/exams/demo-exam/edit");

        var sample = Parser.ParseDocument(await (await office.SubmitFormAsync(form, "/content/exams/demo-exam/edit", "/content/exams/demo-exam/edit",
            new() { ["intent"] = "sample" })).Content.ReadAsStringAsync());
        var questions = sample.QuerySelectorAll("[data-testid=sample-question]");
        Assert.Equal(3, questions.Length);
        Assert.Contains("样卷：3 题，共 100 分", sample.QuerySelector("[data-testid=sample-paper] h2")!.TextContent);
        Assert.Equal(1, questions.Count(q => q.GetAttribute("data-key") == "q-multiple-1"));

        var saved = await office.SubmitFormAsync(form, "/content/exams/demo-exam/edit", "/content/exams/demo-exam/edit",
            new() { ["TimeLimitMinutes"] = "45", ["Rules[0].Points"] = "25", ["Rules[2].Type"] = "TrueFalse", ["Rules[2].Count"] = "1", ["Rules[2].Points"] = "10", ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("第 2 版", await office.FollowAsync(saved));
        var entry = await app.LastAuditAsync("blueprint.edited");
        Assert.Equal(
            "version 1 → 2; timeLimitMinutes: 20 → 45; rule 1: bank: \"demo\" type: single count: 2 points: 30 → bank: \"demo\" type: single count: 2 points: 25; " +
            "rule 3: - → type: truefalse count: 1 points: 10", entry.Details);

        // A form filled before that save is refused rather than undoing it.
        var stale = await office.SubmitFormAsync(form, "/content/exams/demo-exam/edit", "/content/exams/demo-exam/edit", new() { ["TimeLimitMinutes"] = "30", ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        Assert.Contains("已被 u-secrecyoffice 改为第 2 版", await stale.Content.ReadAsStringAsync());

        // The trainee's next attempt draws by the new version.
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        var attemptId = (await AttemptPage.StartAsync(trainee, "demo-exam")).Id;
        var attempt = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.Include(a => a.Questions).SingleAsync(a => a.Id == attemptId));
        Assert.Equal((4, 100m, TimeSpan.FromMinutes(45)), (attempt.Questions.Count, attempt.MaxScore, attempt.Deadline - attempt.StartedAt));

        var changedFile = ContentFixtures.Valid().Select(f => f.Path == "exams/exam.yaml" ? f with { Text = f.Text.Replace("timeLimitMinutes: 20", "timeLimitMinutes: 25", StringComparison.Ordinal) } : f).ToList();
        var kept = await app.ImportAsync(changedFile);
        Assert.Contains("试卷 demo-exam（u-secrecyoffice 在页面上修改的第 2 版）", kept.Report);
        Assert.Equal(45, await TimeLimitAsync(app));

        Assert.Equal(ImportStatus.Imported, (await app.WithScopeAsync(s => s.GetRequiredService<ContentImporter>().ImportAsync(changedFile, "tests", "tests", overAppEdits: true))).Status);
        Assert.Equal(25, await TimeLimitAsync(app));
        Assert.Equal(3, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExamBlueprints.Where(e => e.Id == "demo-exam").Select(e => e.Version).SingleAsync()));
    }

    private static Task<int> TimeLimitAsync(AppFactory app) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().ExamBlueprints.Where(e => e.Id == "demo-exam").Select(e => e.TimeLimitMinutes).SingleAsync());

}
