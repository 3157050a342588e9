using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Integration.Posts;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Staff;

/// <summary>Training records belong to the staff record, not to the sign-in account (issue: the person owns the records).</summary>
[Collection(SharedApp.Name)]
public sealed class PersonOwnsRecordsTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task HrCorrectsAnEmployeeNumberAndThePersonKeepsTheirWholeHistoryAndSignsInWithTheNewOne(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (_, hr, assignmentId) = await GateTests.ActiveOnPostAsync(app);
        var code = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.Select(c => c.VerificationCode).SingleAsync());

        var corrected = await hr.PostFormAsync("/staff/u-trainee", "/staff/u-trainee/employee-number",
            new() { ["newNumber"] = "300777", ["reason"] = "入职时录错" });

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal("/staff/300777", corrected.Headers.Location?.OriginalString);
        var page = Flat(await hr.FollowAsync(corrected));
        Assert.Contains("工号已更正", page);
        Assert.Contains("张新 <small class=\"text-muted\">300777</small>", page);
        Assert.Matches("data-status=\"Certified\"", page);
        foreach (var kind in new[] { "提名上岗", "布置培训", "考试", "取得证书", "签署承诺书", "启用岗位" })
        {
            Assert.Contains($"data-kind=\"{kind}\"", page);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/staff/u-trainee")).StatusCode);
        Assert.Contains("300777", await hr.GetStringAsync($"/posts/assignments/{assignmentId}"));
        var entry = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "person.employee-number-corrected"));
        Assert.Equal("u-hr", entry.Actor);
        Assert.Equal("u-trainee → 300777 (account renamed): 入职时录错", entry.Details);

        // The account follows: the new number signs in and finds the certificate; the old one no longer does.
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(app.Browser(), "u-trainee", AppFactory.Password)).StatusCode);
        var holder = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(holder, "300777", AppFactory.Password)).StatusCode);
        Assert.Contains("示例上岗证书", await holder.GetStringAsync("/"));

        // The certificate printed before keeps verifying: its signed fields are as they were at issue.
        var verify = await app.Browser().GetAsync("/verify?c=" + Uri.EscapeDataString(code));
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Contains("有效", await verify.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ANumberThatIsTakenOrMalformedIsRefusedBesideItsFieldAndNothingChanges(string provider)
    {
        var app = await databases.StartAsync(provider);
        await Organisation.PersonAsync(app, "300001", "张一");
        await Organisation.PersonAsync(app, "300002", "李二");
        await app.CreateUserAsync("400009", "账号无档案", [Roles.HR]); // an account of that number, but nobody's staff record
        var hr = await app.SignInAsAsync(Roles.HR);

        foreach (var (number, reason, error) in new[]
                 {
                     ("300002", "重复", "该工号已被他人使用"),
                     ("400009", "账号重名", "该工号已被他人使用"),
                     ("30 01", "空格", "工号只能由字母、数字、下划线和连字符组成"),
                     ("300009", "", "请填写更正工号的理由"),
                 })
        {
            var refused = await hr.PostFormAsync("/staff/300001", "/staff/300001/employee-number", new() { ["newNumber"] = number, ["reason"] = reason });

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Matches($"id=\"newNumber-error\">{error}", page);
        }

        Assert.Equal(["300001", "300002"], await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People
            .Select(p => p.EmployeeNumber).OrderBy(n => n).ToListAsync()));
        Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == "person.employee-number-corrected")));
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainee.CraftedPostAsync("/", "/account/logout", "/staff/300001/employee-number", new() { ["newNumber"] = "300009", ["reason"] = "越权" })).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task APersonWithoutAnAccountHoldsACertificateThatHrSeesAndPrints(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var personId = await Organisation.PersonAsync(app, "300500", "纸质考生");
        // What a paper exam keyed in by the 保密办 leaves: an attempt and a certification of a person with no account.
        var certificationId = await app.WithScopeAsync(s =>
            Organisation.CertifiedAsync(s.GetRequiredService<AppDbContext>(), personId, "BM-2026-000900", app.Clock.GetUtcNow()));
        var hr = await app.SignInAsAsync(Roles.HR);

        Assert.Contains("BM-2026-000900", Flat(await hr.GetStringAsync("/staff/300500")));
        Assert.Matches("BM-2026-000900(?:(?!</tr>).)*300500(?:(?!</tr>).)*纸质考生", Flat(await hr.GetStringAsync("/certificates")));
        var pdf = await hr.GetAsync($"/certificates/{certificationId}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains("纸质考生", await Pdf.TextAsync(await pdf.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public void NoQueryJoinsAPersonToAnAccountByComparingEmployeeNumberAndUserName()
    {
        var pattern = new Regex(@"(UserName\s*(==|equals)\s*\w+\.EmployeeNumber|EmployeeNumber\s*(==|equals)\s*\w+\.UserName|equals\s+u\.UserName|EmployeeNumber\s*==\s*userName)");
        var offenders = Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(SourceTree.Root, f), Line: i + 1, Text: line)))
            .Where(l => pattern.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static string Flat(string html) => Regex.Replace(html, @"\s+", " ");
}
