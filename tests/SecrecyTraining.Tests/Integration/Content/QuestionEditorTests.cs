using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>
/// The question editor: the form is checked by the content reader with each problem beside its field; a save makes a
/// version carrying its editor, audited; a later import of content/ leaves what was changed in the page alone unless approved.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class QuestionEditorTests(Databases databases)
{
    /// <summary>The 新建题目 form, filled in and submitted as a browser would (its own token; one value per ticked box).</summary>
    private static async Task<HttpResponseMessage> CreateAsync(HttpClient office, string explanation, string clauses, params string[] correct)
    {
        var form = await office.GetStringAsync("/content/questions/new");
        List<KeyValuePair<string, string>> fields =
        [
            new("Bank", "demo"), new("Type", "Single"), new("Stem", "离开办公室时，秘密文件应当："), new("Options[0]", "锁进保密柜"),
            new("Options[1]", "放在桌面"), new("Explanation", explanation), new("Clauses", clauses), new("Difficulty", "2"),
            new("Tags", "保存，离开"), new("intent", "save"), .. correct.Select(c => new KeyValuePair<string, string>("Correct", c)),
        ];
        return await office.SubmitFormValuesAsync(form, "/content/questions/new", "/content/questions/new", fields);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ANewQuestionWithMistakesShowsEachBesideItsFieldAndChangesNothingThenSaves(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var before = await CountAsync(app);

        var refused = await CreateAsync(office, "", "DEMO.9.9", "0", "1");
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("单选题必须恰好有一个正确答案，实际有 2 个。", Beside(page, "Correct"));
        Assert.Contains("引用的条款 DEMO.9.9 不存在。", Beside(page, "Clauses"));
        Assert.Empty(Beside(page, "Explanation")); // optional, as in a GIFT bank
        Assert.Empty(Beside(page, "Stem"));
        Assert.Equal(before, await CountAsync(app));

        var saved = await CreateAsync(office, "DEMO.1.1：秘密文件存放在保密柜内。", "DEMO.1.1", "0");
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, Problems(await saved.Content.ReadAsStringAsync()));
        Assert.Equal("/content/questions/demo-001/edit", saved.Headers.Location!.OriginalString);
        var question = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.Include(q => q.Clauses).SingleAsync(q => q.Key == "demo-001"));
        Assert.Equal((1, true, "u-secrecyoffice", (int?)null), (question.Version, question.IsCurrent, question.EditedBy, question.ContentImportId));
        Assert.Equal(["保存", "离开"], question.Tags.Split(','));
        Assert.Equal("DEMO.1.1", Assert.Single(question.Clauses).ClauseId);
        Assert.Contains("离开办公室时", await office.GetStringAsync("/content/questions?q=离开办公室"));
        Assert.Equal("u-secrecyoffice question.created question:demo-001", await LastAuditAsync(app, "question."));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnEditIsANewVersionThatAnImportKeepsUnlessApprovedOverIt(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var form = await office.GetStringAsync("/content/questions/q-single-1/edit");
        Assert.Contains("秘密文件应当存放在哪里？", form);

        var edited = await office.SubmitFormAsync(form, "/content/questions/q-single-1/edit", "/content/questions/q-single-1/edit",
            new() { ["Stem"] = "秘密文件下班后应当存放在哪里？", ["intent"] = "save" });
        Assert.True(edited.StatusCode == HttpStatusCode.Redirect, Problems(await edited.Content.ReadAsStringAsync()));
        Assert.Equal("u-secrecyoffice question.edited question:q-single-1 version 1 → 2", await LastAuditAsync(app, "question.", details: true));

        // The files change the same question: the import keeps the page's version and says so.
        var changed = ContentFixtures.Valid().Select(f => f.Path == "questions/demo.yaml"
            ? f with { Text = f.Text.Replace("秘密文件应当存放在哪里？", "秘密文件应当放在何处？", StringComparison.Ordinal) } : f).ToList();
        var kept = await app.ImportAsync(changed);
        Assert.Contains("页面上修改过、本次导入未覆盖的内容", kept.Report);
        Assert.Contains("题目 q-single-1（u-secrecyoffice 在页面上修改的第 2 版）", kept.Report);
        Assert.Equal(("秘密文件下班后应当存放在哪里？", 2), await CurrentAsync(app, "q-single-1"));

        // Approved over the page's edits, the files win: a version 3 from the import.
        var approved = await app.WithScopeAsync(s => s.GetRequiredService<ContentImporter>().ImportAsync(changed, "tests", "tests", overAppEdits: true));
        Assert.Equal(ImportStatus.Imported, approved.Status);
        Assert.Equal(("秘密文件应当放在何处？", 3), await CurrentAsync(app, "q-single-1"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ARetiredQuestionLeavesTheBankStaysRetiredThroughAnImportAndComesBackWhenRestored(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);

        var retired = await office.PostFormAsync("/content/questions/q-single-2/edit", "/content/questions/q-single-2/retire", []);
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        Assert.DoesNotContain("data-key=\"q-single-2\"", await office.GetStringAsync("/content/questions"));
        var report = (await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "policy.yaml" ? f with { Text = f.Text + "\n" } : f)])).Report;
        Assert.Contains("题目 q-single-2（u-secrecyoffice 在页面上停用）", report);
        Assert.DoesNotContain("data-key=\"q-single-2\"", await office.GetStringAsync("/content/questions"));

        var restored = await office.PostFormAsync("/content/questions/q-single-2/edit", "/content/questions/q-single-2/restore", []);
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Contains("data-key=\"q-single-2\"", await office.GetStringAsync("/content/questions"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsAsync(Roles.HR)).GetAsync("/content/questions/q-single-2/edit")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ASaveOverANewerVersionIsRefusedAndAnUnchangedSaveMakesNoVersionWhateverTheClauseOrder(string provider)
    {
        var app = await databases.StartAsync(provider);
        // The file lists the clauses of q-single-1 out of order; the database keeps them as a set.
        await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "questions/demo.yaml"
            ? f with { Text = f.Text.Replace("clauses: [DEMO.1.1]", "clauses: [DEMO.2.1, DEMO.1.1]", StringComparison.Ordinal) } : f)]);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var unchanged = await office.SubmitFormAsync(await office.GetStringAsync("/content/questions/q-single-1/edit"), "/content/questions/q-single-1/edit",
            "/content/questions/q-single-1/edit", new() { ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, unchanged.StatusCode);
        Assert.Equal(("秘密文件应当存放在哪里？", 1), await CurrentAsync(app, "q-single-1"));

        var stale = await office.GetStringAsync("/content/questions/q-single-1/edit"); // version 1
        var other = app.Browser();
        await AppFactory.SignInAsync(other, "u-secrecyoffice", AppFactory.Password);
        var first = await other.SubmitFormAsync(await other.GetStringAsync("/content/questions/q-single-1/edit"), "/content/questions/q-single-1/edit",
            "/content/questions/q-single-1/edit", new() { ["Stem"] = "秘密文件平时存放在哪里？", ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var refused = await office.SubmitFormAsync(stale, "/content/questions/q-single-1/edit", "/content/questions/q-single-1/edit",
            new() { ["Stem"] = "秘密文件下班后存放在哪里？", ["intent"] = "save" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("已被 u-secrecyoffice 改为第 2 版（此表单基于第 1 版）", Beside(await refused.Content.ReadAsStringAsync(), "Key"));
        Assert.Equal(("秘密文件平时存放在哪里？", 2), await CurrentAsync(app, "q-single-1"));
    }

    private static Task<int> CountAsync(AppFactory app) => app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.CountAsync());

    private static Task<(string Stem, int Version)> CurrentAsync(AppFactory app, string key) => app.WithScopeAsync(async s =>
    {
        var q = await s.GetRequiredService<AppDbContext>().Questions.SingleAsync(q => q.Key == key && q.IsCurrent);
        return (q.Stem, q.Version);
    });

    private static Task<string> LastAuditAsync(AppFactory app, string prefix, bool details = false) => app.WithScopeAsync(async s =>
    {
        var e = await s.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Action.StartsWith(prefix)).OrderByDescending(e => e.Sequence).FirstAsync();
        return $"{e.Actor} {e.Action} {e.Subject}" + (details ? " " + e.Details : "");
    });

    /// <summary>Every message shown beside a field, for a failure's message.</summary>
    private static string Problems(string page) =>
        string.Join("; ", Regex.Matches(page, "id=\"(\\w+)-error\">([^<]+)<").Select(m => m.Groups[1].Value + ": " + System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)));

    /// <summary>The message shown beside a field (its invalid-feedback element), empty when none.</summary>
    private static string Beside(string page, string field) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(page, $"id=\"{field}-error\">([^<]*)<").Groups[1].Value).Trim();
}
