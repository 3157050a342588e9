using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>
/// <c>content export</c> writes the live content in the content/ formats: read back it says what the repository's content
/// says, and imported again it changes nothing; an edit made in the page travels with it.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ContentExportTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task TheExportOfTheRealContentReadsBackToTheSameContentAndReimportsWithoutAChange(string provider)
    {
        var app = await databases.StartAsync(provider);
        var original = ContentFiles.FromDirectory(ContentFixtures.RealDirectory);
        Assert.Equal(ImportStatus.Imported, (await app.ImportAsync(original)).Status);
        using var dir = new TempDirectory();

        var (code, output, error) = await Verbs.RunAsync(app, "content", "export", dir.Path);

        Assert.True(code == 0, error);
        Assert.Contains("Exported ", output);
        var exported = ContentReader.Read(ContentFiles.FromDirectory(dir.Path));
        Assert.True(exported.IsValid, string.Join("\n", exported.Problems));
        var expected = ContentReader.Read(original).Content;
        var actual = exported.Content;

        Assert.Equal(Regulations(expected), Regulations(actual));
        Assert.Equal(Questions(expected), Questions(actual));
        Assert.Equal(expected.Banks.OrderBy(b => b.Id), actual.Banks.OrderBy(b => b.Id));
        Assert.Equal(Courses(expected), Courses(actual));
        Assert.Equal(Exams(expected), Exams(actual));
        Assert.Equal(PolicyYamlOf(expected), PolicyYamlOf(actual));
        Assert.Equal(expected.Commitments.Select(c => (c.Kind, c.Version, c.Title, c.Markdown)).Order(), actual.Commitments.Select(c => (c.Kind, c.Version, c.Title, c.Markdown)).Order());

        var again = await app.ImportAsync(ContentFiles.FromDirectory(dir.Path));
        Assert.Equal(ImportStatus.Imported, again.Status); // a different hash (no comments), the same content:
        Assert.Contains("条（新增 0，修改 0，停用 0）", again.Report);
        Assert.Contains("道（新增 0，新版本 0，停用 0）", again.Report);
        Assert.Contains("套（新增 0，修改 0，停用 0）", again.Report);
    }

    [Fact]
    public async Task AQuestionEditedInThePageIsInTheExportAndANonEmptyDirectoryNeedsReplace()
    {
        var app = await databases.StartAsync("Sqlite");
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var form = await office.GetStringAsync("/content/questions/q-single-1/edit");
        var edited = await office.SubmitFormAsync(form, "/content/questions/q-single-1/edit", "/content/questions/q-single-1/edit",
            new() { ["Stem"] = "下班时秘密文件应当放在哪里？", ["Explanation"] = "", ["intent"] = "save" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, edited.StatusCode);
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "README.md"), "notes");

        var refused = await Verbs.RunAsync(app, "content", "export", dir.Path);
        Assert.Equal(1, refused.Code);
        Assert.Contains("--replace", refused.Error);

        var (code, _, error) = await Verbs.RunAsync(app, "content", "export", dir.Path, "--replace");
        Assert.True(code == 0, error);
        var bank = File.ReadAllText(Path.Combine(dir.Path, "questions", "demo.yaml"));
        Assert.Contains("下班时秘密文件应当放在哪里？", bank);
        Assert.True(File.Exists(Path.Combine(dir.Path, "README.md")));
        var read = ContentReader.Read(ContentFiles.FromDirectory(dir.Path));
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Null(read.Content.Questions.Single(q => q.Id == "q-single-1").Explanation); // cleared in the page, absent in the file
    }

    private static List<string> Regulations(ContentSet c) =>
        [.. c.Regulations.OrderBy(r => r.Id).SelectMany(r => new[] { $"{r.Id}|{r.Title}|{r.Issuer}|{r.Version}|{r.Effective}|{r.Preamble}" }
            .Concat(r.Clauses.Select(x => $"{x.Id}|{x.ParentId}|{x.Heading}|{x.Text}")))];

    private static List<string> Questions(ContentSet c) =>
        [.. c.Questions.Select(q => $"{q.Id} {ContentImporter.Fingerprint(q with { Clauses = [.. q.Clauses.Distinct().Order(StringComparer.Ordinal)] })}").Order(StringComparer.Ordinal)];

    private static List<string> Courses(ContentSet c) =>
        [.. c.Courses.OrderBy(x => x.Id).SelectMany(x => new[] { $"{x.Id}|{x.Title}|{x.Audience}|{string.Join(',', x.Levels)}|{x.Hours}|{x.Description}" }
            .Concat(x.Lessons.Select(l => $"{l.Slug}|{l.Order}|{l.Title}|{string.Join(',', l.Clauses.Order(StringComparer.Ordinal))}|{l.MinimumMinutes}|{l.Markdown}")))];

    private static List<string> Exams(ContentSet c) =>
        [.. c.Exams.OrderBy(e => e.Id).Select(e => BlueprintYaml.Write(ContentImporter.Apply(new ExamBlueprint { Id = e.Id, Title = e.Title, Rules = [] }, e)).Yaml)];

    private static string PolicyYamlOf(ContentSet c) => PolicyYaml.Write(
        c.Policy!.CertificationTypes.Select(t => new CertificationType { Id = t.Id, Name = t.Name, Renews = t.Renews }),
        c.Policy.Levels.Select(ContentImporter.ToPolicy)).Yaml;
}

public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("secrecy-export-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
