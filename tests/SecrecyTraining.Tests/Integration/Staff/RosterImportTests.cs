using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Staff;

namespace SecrecyTraining.Tests.Integration.Staff;

/// <summary>HR imports the staff roster: a preview listing every row's problems, then an all-or-nothing commit.</summary>
[Collection(SharedApp.Name)]
public sealed partial class RosterImportTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task APreviewListsEveryRowsProblemsAndNothingIsWritten(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedDepartmentAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);
        var before = await DatabaseSnapshot.TakeAsync(app);
        var csv = "工号,姓名,部门,岗位,级别\n" +
                  "200001,周一,财务处,,\n" +
                  "200002,吴二,后勤处,,\n" +     // unknown department
                  "200001,郑三,财务处,,\n" +     // duplicate number
                  "200004,,财务处,,\n" +         // missing name
                  "200005,王五,财务处,出纳,特级\n"; // bad level

        var response = await UploadAsync(hr, "roster.csv", Encoding.UTF8.GetBytes(csv));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("共 5 行", page);
        Assert.Matches(RowWith(3, "未知部门"), page);
        Assert.Matches(RowWith(2, "工号在文件中重复"), page);
        Assert.Matches(RowWith(4, "工号在文件中重复"), page);
        Assert.Matches(RowWith(5, "缺少姓名"), page);
        Assert.Matches(RowWith(6, "岗位级别应为 核心、重要 或 一般"), page);
        Assert.DoesNotContain("roster-commit", page);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ACleanXlsxCreatesPeopleAccountsWithOneTimePasswordsAndProposals(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await SeedDepartmentAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);
        var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(new[]
        {
            new Dictionary<string, object> { ["工号"] = "200001", ["姓名"] = "周一", ["部门"] = "财务处", ["岗位"] = "出纳", ["级别"] = "一般" },
            new Dictionary<string, object> { ["工号"] = "200002", ["姓名"] = "吴二", ["部门"] = "财务处", ["岗位"] = "", ["级别"] = "" },
        });

        var preview = await UploadAsync(hr, "名单.xlsx", xlsx.ToArray());
        var previewPage = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("新增 2 人", previewPage);
        var committed = await hr.SubmitFormAsync(previewPage, "/staff/import", "/staff/import/commit", []);
        var result = await committed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Contains("新增 2 人，更新 0 人，提名上岗 1 人", result);
        var passwords = OneTimePassword().Matches(result).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, passwords.Count);
        var (people, proposals, onboarding) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.People.CountAsync(), await db.PostAssignments.Include(a => a.Post).ToListAsync(), await db.TrainingAssignments.CountAsync());
        });
        Assert.Equal(2, people);
        var proposal = Assert.Single(proposals);
        Assert.Equal(("出纳", PostLevel.General, PostAssignmentState.Proposed), (proposal.Post!.Title, proposal.Post.Level, proposal.State));
        Assert.Equal(1, onboarding);

        // The printed one-time password signs in, and must be changed first.
        var newcomer = app.Browser();
        var signIn = await AppFactory.SignInAsync(newcomer, "200001", passwords[0]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/account/change-password", (await newcomer.GetAsync("/")).Headers.Location!.OriginalString);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AGb18030CsvFromExcelIsReadAndAReImportUpdatesTheDepartment(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedDepartmentAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030");

        await CommitAsync(hr, "roster.csv", gb.GetBytes("工号,姓名,部门\r\n200001,周一,财务处\r\n"));
        var second = await UploadAsync(hr, "roster.csv", gb.GetBytes("工号,姓名,部门\r\n200001,周一,办公室\r\n"));
        var page = await second.Content.ReadAsStringAsync();

        Assert.Contains("更新 1 人", page);
        var previewed = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.Include(p => p.Department).SingleAsync());
        Assert.Equal(("周一", "财务处"), (previewed.Name, previewed.Department!.Name)); // a preview writes nothing

        await CommitAsync(hr, "roster.csv", gb.GetBytes("工号,姓名,部门\r\n200001,周一,办公室\r\n"));
        var moved = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.Include(p => p.Department).SingleAsync());
        Assert.Equal("办公室", moved.Department!.Name);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ANonSpreadsheetIsRefusedWithAClearMessage(string provider)
    {
        var app = await databases.StartAsync(provider);
        var hr = await app.SignInAsAsync(Roles.HR);

        var page = await (await UploadAsync(hr, "roster.xlsx", Encoding.UTF8.GetBytes("this is not a spreadsheet"))).Content.ReadAsStringAsync();
        var wrongType = await (await UploadAsync(hr, "roster.txt", Encoding.UTF8.GetBytes("工号,姓名,部门"))).Content.ReadAsStringAsync();

        Assert.Contains("无法读取文件", page);
        Assert.Contains("请上传 .xlsx 或 .csv 文件", wrongType);
    }

    [Fact]
    public async Task AnXlsxThatExpandsToGigabytesIsRefusedBeforeItIsRead()
    {
        var app = await databases.StartAsync("Sqlite");
        var hr = await app.SignInAsAsync(Roles.HR);
        using var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 210; i++)
            {
                await sheet.WriteAsync(zeros);
            }
        }

        var page = await (await UploadAsync(hr, "roster.xlsx", bomb.ToArray())).Content.ReadAsStringAsync();

        Assert.True(bomb.Length < RosterImport.MaxBytes, $"the bomb is {bomb.Length} bytes");
        Assert.Contains("无法读取文件：解压后超过 200 MB", page);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.CountAsync()));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient hr, string fileName, byte[] content)
    {
        return await hr.PostFormAsync("/staff/import", "/staff/import", [], new FormFile("file", fileName, content));
    }

    private static async Task CommitAsync(HttpClient hr, string fileName, byte[] content)
    {
        var page = await (await UploadAsync(hr, fileName, content)).Content.ReadAsStringAsync();
        var response = await hr.SubmitFormAsync(page, "/staff/import", "/staff/import/commit", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<int> SeedDepartmentAsync(AppFactory app) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        db.Departments.AddRange(new Department("财务处", 1), new Department("办公室", 2));
        return await db.SaveChangesAsync();
    });

    private static System.Text.RegularExpressions.Regex RowWith(int line, string problem) =>
        new($"data-line=\"{line}\">(?:(?!</tr>).)*{System.Text.RegularExpressions.Regex.Escape(problem)}", System.Text.RegularExpressions.RegexOptions.Singleline);

    [System.Text.RegularExpressions.GeneratedRegex("data-testid=\"otp\">([^<]+)<")]
    private static partial System.Text.RegularExpressions.Regex OneTimePassword();
}
