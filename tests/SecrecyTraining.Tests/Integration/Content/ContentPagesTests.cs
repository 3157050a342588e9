using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Tests.Unit.Content;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

[Collection(SharedApp.Name)]
public sealed partial class ContentPagesTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ARegulationShowsEveryClauseUnderItsIdAsAnAnchor(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.Trainee);

        var page = await client.GetStringAsync("/regulations/DEMO");
        var jump = await client.GetAsync("/regulations/clause/DEMO.2.1");

        Assert.Contains("<section id=\"DEMO.2.1\"", page);
        Assert.Contains("涉密计算机不得连接互联网。", page);
        Assert.Equal("/regulations/DEMO#DEMO.2.1", jump.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/regulations/clause/DEMO.9.9")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheQuestionBankFiltersByTypeClauseDifficultyAndChineseText(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        Assert.Equal(["g-tf-1", "q-tf-1"], Keys(await client.GetStringAsync("/content/questions?type=TrueFalse")));
        Assert.Equal(["g-single-1", "q-multiple-1", "q-single-1"], Keys(await client.GetStringAsync("/content/questions?clause=DEMO.1")));
        Assert.Equal(["g-single-1", "q-single-2"], Keys(await client.GetStringAsync("/content/questions?difficulty=2")));
        Assert.Equal(["q-single-1"], Keys(await client.GetStringAsync("/content/questions?q=" + Uri.EscapeDataString("保密柜"))));
        Assert.Contains("共 6 道题", await client.GetStringAsync("/content/questions"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task QuestionsFlaggedByAClauseChangeAreListedUntilMarkedReviewed(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "regulations/demo.md"
            ? f with { Text = f.Text.Replace("存储介质应标明密级。", "存储介质应按所存信息标明密级。", StringComparison.Ordinal) } : f)]);
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var flagged = await client.GetStringAsync("/content/questions?needsReview=true");
        Assert.Equal(["q-multiple-1", "q-tf-1"], Keys(flagged));

        var id = Regex.Match(flagged, "action=\"/content/questions/(\\d+)/reviewed\"").Groups[1].Value;
        await client.PostFormAsync("/content/questions?needsReview=true", $"/content/questions/{id}/reviewed", []);

        Assert.Single(Keys(await client.GetStringAsync("/content/questions?needsReview=true")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ContentPagesAreForTheSecrecyOfficeOnly(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.HR, Roles.Trainee);

        foreach (var path in new[] { "/content/questions", "/content/courses", "/content/imports", "/content/upload" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheBankExportedAsGiftReadsBackAsTheSameQuestions(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var gift = await client.GetStringAsync("/content/questions/export.gift");
        var back = SecrecyTraining.Web.Features.Content.Gift.GiftReader.Read(gift, "questions/export.gift", "export");

        Assert.Empty(back.Problems);
        var original = SecrecyTraining.Web.Features.Content.ContentReader.Read(ContentFixtures.Valid()).Content.Questions;
        Assert.Equal(
            original.OrderBy(q => q.Id, StringComparer.Ordinal).Select(ContentComparison.Fields),
            back.Questions.OrderBy(q => q.Id, StringComparer.Ordinal).Select(ContentComparison.Fields));
    }

    [Fact]
    public async Task ALessonPreviewRendersMarkdownWithoutRawHtmlAndLinksItsClauses()
    {
        var app = await databases.StartAsync("Sqlite");
        await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "courses/basics/lessons/01-intro.md"
            ? f with { Text = f.Text + "\n**牢记**：<script>alert('x')</script>\n" } : f)]);
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var page = await client.GetStringAsync("/content/courses/basics/01-intro");

        Assert.Contains("<strong>牢记</strong>", page);
        Assert.Contains("&lt;script&gt;", page);
        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("href=\"/regulations/DEMO#DEMO.2.1\"", page);
    }

    [Fact]
    public async Task TheImportHistoryShowsEachImportWithItsReport()
    {
        var app = await databases.StartAsync("Sqlite");
        var import = await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        Assert.Contains($"href=\"/content/imports/{import.ImportId}\"", await client.GetStringAsync("/content/imports"));
        Assert.Contains("条款 6 条（新增 6", await client.GetStringAsync($"/content/imports/{import.ImportId}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnUploadedGiftBankWithMistakesIsShownWithItsLinesAndNothingIsImported(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);
        var before = await DatabaseSnapshot.TakeAsync(app);
        const string Gift = "// clauses: DEMO.1.1\n::u-1::秘密文件放在哪里？{=保密柜 ~桌上}\n\n::u-2::数字题{#3}\n\n// clauses: DEMO.7\n::u-3::判断{T}\n";

        var response = await UploadAsync(client, "new-bank.gift", Encoding.UTF8.GetBytes(Gift));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("questions/new-bank.gift:4: ", page);
        Assert.Contains("questions/new-bank.gift:7: 引用的条款 DEMO.7 不存在。", page);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    [Fact]
    public async Task AValidGiftBankUploadIsImportedBesideTheContentDirectory()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var before = await DatabaseSnapshot.TakeAsync(app);

        // Checked and previewed: what the import would do, and nothing written until it is approved.
        var preview = await UploadAsync(client, "new-bank.gift", Encoding.UTF8.GetBytes("// clauses: DEMO.1.1\n::u-1::秘密文件放在哪里？{=保密柜 ~桌上}\n"));
        var page = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("new-bank.gift 校验通过。批准后，导入将：", page);
        Assert.Contains("（新增 7，新版本 0，停用 0）", page); // the content directory's 6 questions and the bank's one: a first import
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));

        var response = await client.SubmitFormAsync(page, "/content/upload", "/content/upload/commit", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("upload:new-bank.gift", await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Equal(["u-1"], Keys(await client.GetStringAsync("/content/questions?q=u-1")));

        // The approval is spent: the same form again is refused and imports nothing more.
        var again = await client.SubmitFormAsync(page, "/content/upload", "/content/upload/commit", []);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("导入已失效，请重新上传文件。", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AZipOfTheContentDirectoryIsImported()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var preview = await UploadAsync(client, "content.zip", Zip(ContentFixtures.Valid().Select(f => ("content/" + f.Path, f.Text))));
        var response = await client.SubmitFormAsync(await preview.Content.ReadAsStringAsync(), "/content/upload", "/content/upload/commit", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("共 6 道题", await client.GetStringAsync("/content/questions"));
    }

    [Fact]
    public async Task AZipEntryPointingOutsideTheContentIsRefused()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var response = await UploadAsync(client, "evil.zip", Zip([("../../etc/cron.d/x", "boom"), ("policy.yaml", "levels: {}")]));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("无法读取上传的文件", page);
        Assert.Contains("共 0 道题", await client.GetStringAsync("/content/questions"));
    }

    [Fact]
    public async Task AZipThatExpandsBeyondTheLimitIsRefused()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var response = await UploadAsync(client, "bomb.zip", Zip([("policy.yaml", new string(' ', 51 * 1024 * 1024))]));

        Assert.Contains("The zip expands to more than 50 MiB.", await response.Content.ReadAsStringAsync());
        Assert.Contains("共 0 道题", await client.GetStringAsync("/content/questions"));
    }

    [Fact]
    public async Task AZipEntryThatInflatesBeyondTheSizeItDeclaresIsRefused()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);
        var zip = Zip([("policy.yaml", new string('x', 1024 * 1024))]);
        Declare(zip, 0x04034b50, 22, 100); // the local header
        Declare(zip, 0x02014b50, 24, 100); // the central directory

        var response = await UploadAsync(client, "liar.zip", zip);

        // What is read of the entry stops at the size it declares (or the read is refused): the 1 MB never comes out.
        using (var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        {
            try
            {
                Assert.True(Web.Infrastructure.Web.ZipLimits.Read(archive.Entries.Single()).Length <= 100);
            }
            catch (InvalidDataException)
            {
                // refused outright: as good
            }
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // what was read is not valid content
        Assert.Contains("共 0 道题", await client.GetStringAsync("/content/questions"));

        // Rewrites the uncompressed size a zip header declares (little-endian, at offset from the header's signature).
        static void Declare(byte[] zip, uint signature, int offset, uint size)
        {
            for (var i = 0; i + 4 <= zip.Length; i++)
            {
                if (BitConverter.ToUInt32(zip, i) == signature)
                {
                    BitConverter.TryWriteBytes(zip.AsSpan(i + offset, 4), size);
                    return;
                }
            }

            Assert.Fail($"no header {signature:x8}");
        }
    }

    /// <summary>
    /// The database's disk fills up half-way through an import (simulated by SQLite's own page limit, which fails a
    /// write exactly as a full disk does): the upload says so, and the database is exactly as it was.
    /// </summary>
    [Fact]
    public async Task AnImportThatRunsOutOfDiskHalfWayLeavesTheDatabaseAsItWas()
    {
        var app = await databases.StartAsync("Sqlite");
        await app.ImportAsync(ContentFixtures.Valid());
        var limit = new SqlitePageLimit();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(limit)));
        await app.CreateUserAsync("u-office", "保密办", [Roles.SecrecyOffice]);
        var client = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await AppFactory.SignInAsync(client, "u-office", AppFactory.Password);
        var before = await DatabaseSnapshot.TakeAsync(app);
        var zip = Zip(ContentFiles.FromDirectory(ContentFixtures.RealDirectory).Select(f => (f.Path, f.Text)));
        var uploadPage = await client.GetStringAsync("/content/upload");

        // Free pages left by earlier tests' data would take the import without growing the file: give them back first.
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("VACUUM"));
        limit.MaxPages = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Database.SqlQueryRaw<long>("SELECT page_count AS Value FROM pragma_page_count()").SingleAsync()) + 2;
        var response = await client.SubmitFormAsync(uploadPage, "/content/upload", "/content/upload", [], new FormFile("file", "content.zip", zip));
        limit.MaxPages = null;

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("数据库所在磁盘已满，内容未导入，数据库保持原样。", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    /// <summary>Caps the SQLite file at <see cref="MaxPages"/> pages on every connection the application opens.</summary>
    private sealed class SqlitePageLimit : DbConnectionInterceptor
    {
        public long? MaxPages { get; set; }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (MaxPages is { } pages)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA max_page_count = {pages}";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] bytes)
    {
        return await client.PostFormAsync("/content/upload", "/content/upload", [], new FormFile("file", name, bytes));
    }

    private static byte[] Zip(IEnumerable<(string Path, string Text)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), Encoding.UTF8);
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    private static List<string> Keys(string page) => [.. QuestionKey().Matches(page).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex("data-testid=\"question\" data-key=\"([^\"]+)\"")]
    private static partial Regex QuestionKey();
}
