using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

[Collection(SharedApp.Name)]
public sealed class ContentImportTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ImportingTheRealContentFillsRegulationsCoursesBanksAndExams(string provider)
    {
        var app = await databases.StartAsync(provider);
        var expected = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory)).Content;

        var result = await app.ImportAsync(ContentFiles.FromDirectory(ContentFixtures.RealDirectory));

        Assert.Equal(ImportStatus.Imported, result.Status);
        var counts = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (Clauses: await db.Clauses.CountAsync(), Questions: await db.Questions.CountAsync(q => q.IsCurrent),
                Lessons: await db.Lessons.CountAsync(), Exams: await db.ExamBlueprints.CountAsync(), Levels: await db.PostLevelPolicies.CountAsync());
        });
        Assert.Equal(expected.ClausesById.Count, counts.Clauses);
        Assert.Equal(expected.Questions.Count, counts.Questions);
        Assert.Equal(expected.Courses.Sum(c => c.Lessons.Count), counts.Lessons);
        Assert.Equal(expected.Exams.Count, counts.Exams);
        Assert.Equal(3, counts.Levels);
        Assert.Contains($"条款 {expected.ClausesById.Count} 条", result.Report);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ImportingTheSameContentTwiceChangesNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var before = await DatabaseSnapshot.TakeAsync(app);

        var again = await app.ImportAsync(ContentFixtures.Valid());

        Assert.Equal(ImportStatus.Unchanged, again.Status);
        Assert.Contains("内容未变化", again.Report);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    public static TheoryData<string, string> MistakesOnEachProvider()
    {
        var data = new TheoryData<string, string>();
        foreach (var mistake in ContentFixtures.Mistakes.Keys)
        {
            data.Add("Sqlite", mistake);
            data.Add("Postgres", mistake);
        }

        return data;
    }

    [Theory, MemberData(nameof(MistakesOnEachProvider))]
    public async Task ContentWithAMistakeIsRefusedAndTheDatabaseStaysAsItWas(string provider, string mistake)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var before = await DatabaseSnapshot.TakeAsync(app);

        var result = await app.ImportAsync(ContentFixtures.Mistakes[mistake].Apply());

        Assert.Equal(ImportStatus.Invalid, result.Status);
        Assert.Contains(result.Problems, p => p.Message.Contains(ContentFixtures.Mistakes[mistake].Message, StringComparison.Ordinal));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AChangedClauseGetsANewVersionAndWhatCitesItIsFlaggedForReview(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());

        var result = await app.ImportAsync(Edit(ContentFixtures.Valid(), "regulations/demo.md", "涉密计算机不得连接互联网。", "涉密计算机不得直接或间接连接互联网。"));

        Assert.Equal(ImportStatus.Imported, result.Status);
        Assert.Contains("DEMO.2.1（第 1 → 2 版）", result.Report);
        Assert.Contains("q-single-2", result.Report);
        Assert.Contains("g-tf-1", result.Report);
        Assert.Contains("basics/01-intro", result.Report);
        var state = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (Clause: await db.Clauses.SingleAsync(c => c.Id == "DEMO.2.1"),
                Revisions: await db.ClauseRevisions.Where(r => r.ClauseId == "DEMO.2.1").OrderBy(r => r.Version).Select(r => r.Text).ToListAsync(),
                Flagged: await db.Questions.Where(q => q.NeedsReview).Select(q => q.Key).OrderBy(k => k).ToListAsync(),
                Lesson: await db.Lessons.SingleAsync());
        });
        Assert.Equal(2, state.Clause.Version);
        Assert.Equal(["涉密计算机不得连接互联网。", "涉密计算机不得直接或间接连接互联网。"], state.Revisions);
        Assert.Equal(["g-tf-1", "q-single-2"], state.Flagged);
        Assert.True(state.Lesson.NeedsReview);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AChangedQuestionBecomesANewVersionAndTheOldOneIsKept(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());

        var result = await app.ImportAsync(Edit(ContentFixtures.Valid(), "questions/demo.yaml", "stem: 秘密文件应当存放在哪里？", "stem: 秘密文件应当放在哪里保管？"));

        Assert.Contains("新版本 1", result.Report);
        var versions = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions
            .Where(q => q.Key == "q-single-1").OrderBy(q => q.Version).Select(q => new { q.Version, q.Stem, q.IsCurrent }).ToListAsync());
        Assert.Equal(2, versions.Count);
        Assert.Equal((1, "秘密文件应当存放在哪里？", false), (versions[0].Version, versions[0].Stem, versions[0].IsCurrent));
        Assert.Equal((2, "秘密文件应当放在哪里保管？", true), (versions[1].Version, versions[1].Stem, versions[1].IsCurrent));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AQuestionRemovedFromTheContentIsRetiredNotDeleted(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());

        var result = await app.ImportAsync(Edit(ContentFixtures.Valid(), "questions/extra.gift", "// clauses: DEMO.2.1\n::g-tf-1::涉密计算机可以通过手机热点上网。{F}\n", ""));

        Assert.Contains("停用 1）", result.Report);
        var gone = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.SingleAsync(q => q.Key == "g-tf-1"));
        Assert.False(gone.IsCurrent);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ACommitmentTextChangedWithoutANewVersionIsRefused(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var before = await DatabaseSnapshot.TakeAsync(app);

        var result = await app.ImportAsync(Edit(ContentFixtures.Valid(), "commitments/on.md", "本人承诺遵守保密规定。", "本人承诺严格遵守保密规定。"));

        Assert.Equal(ImportStatus.Invalid, result.Status);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("commitments/on.md:2: ", StringComparison.Ordinal) && p.Message.Contains("须使用新的版本号", StringComparison.Ordinal));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    private static List<ContentFile> Edit(IReadOnlyList<ContentFile> files, string path, string find, string replace) =>
        [.. files.Select(f => f.Path == path ? f with { Text = f.Text.Replace(find, replace, StringComparison.Ordinal) } : f)];
}
