using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Compliance;

/// <summary>The compliance dashboard against an organisation whose numbers are worked out by hand below.</summary>
[Collection(SharedApp.Name)]
public sealed partial class DashboardTests(Databases databases)
{
    // 业务处: a1 certified (200 days left), a2 expiring in 20 days, a3 in 45 days, a4 proposed and never trained with an
    // overdue onboarding assignment, a5 suspended (expired certificate). 财务处: b1 expired (not yet swept), b2 left, in 脱密期,
    // b3 on no post (not counted).
    [Theory, ClassData(typeof(Providers))]
    public async Task TheNumbersEqualTheHandCountedOrganisation(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);

        var page = Regex.Replace(await hr.GetStringAsync("/compliance"), @"\s+", " ");

        Assert.Equal("1 1 1 0 1 1 0 0 5 1", Row(page, "业务处"));
        Assert.Equal("0 0 0 1 0 0 1 0 2 0", Row(page, "财务处"));
        Assert.Equal("1 1 1 1 1 1 1 0 7 1", Row(page, "合计"));
        Assert.Equal("1 1 1 0 1 1 0 0 5 1", Row(page, "重要"));
        Assert.Equal("0 0 0 1 0 0 1 0 2 0", Row(page, "一般"));
        // Valid certificates by month of expiry (China time), from 2026-03-01: a2 in March, a3 in April, a1 in September.
        Assert.Contains("data-month=\"2026-03\" data-count=\"1\"", page);
        Assert.Contains("data-month=\"2026-04\" data-count=\"1\"", page);
        Assert.Contains("data-month=\"2026-09\" data-count=\"1\"", page);
        Assert.Contains("data-month=\"2026-05\" data-count=\"0\"", page);
    }

    // The hand-counted organisation with 重要 requiring 2 学时 a year: a1 attended a 2-学时 lecture, a2 is exempt, so a3, a4
    // and a5 (all on 重要 posts) are short; 一般 requires none, b2 is in 脱密期 and b3 on no post.
    [Theory, ClassData(typeof(Providers))]
    public async Task PeopleShortOfTheirLevelsYearlyHoursAreCountedListedAndShownOnTheirPage(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (await db.PostLevelPolicies.SingleAsync(p => p.Level == PostLevel.Important)).MinimumAnnualHours = 2;
            return await db.SaveChangesAsync();
        });
        var hr = await app.SignInAsAsync(Roles.HR);
        var page = Regex.Replace(await hr.GetStringAsync("/compliance"), @"\s+", " ");
        Assert.Equal("1 1 1 0 1 1 0 0 5 1 5", Row(page, "业务处"));
        Assert.Contains("本年学时未达标：5 人", page);

        var today = Web.Infrastructure.Web.LocalTime.Date(app.Clock.GetUtcNow());
        await app.WithScopeAsync(async s =>
        {
            var offline = s.GetRequiredService<Web.Features.Training.OfflineTrainingService>();
            var (id, _) = await offline.CreateAsync(new()
            {
                Title = "保密专题讲座",
                Kind = OfflineTrainingKind.Lecture,
                HeldOn = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Hours = "2",
            }, "test-setup");
            var a1 = await s.GetRequiredService<AppDbContext>().People.Where(p => p.EmployeeNumber == "a1").Select(p => p.Id).SingleAsync();
            return await offline.RecordAsync(id!.Value, [a1], AttendanceMethod.Ticked, "test-setup");
        });
        var exempted = await hr.PostFormAsync("/staff/a2", "/staff/a2/exemption",
            new() { ["exemptReason"] = "借调", ["exemptUntil"] = today.AddDays(90).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, exempted.StatusCode);

        page = Regex.Replace(await hr.GetStringAsync("/compliance"), @"\s+", " ");
        Assert.Equal("3", Regex.Match(page, "data-row=\"业务处\".*?data-status=\"ShortOfHours\">(\\d+)<").Groups[1].Value);
        Assert.Equal("0", Regex.Match(page, "data-row=\"财务处\".*?data-status=\"ShortOfHours\">(\\d+)<").Groups[1].Value);
        Assert.Contains("本年学时未达标：3 人", page);
        Assert.Equal("a3 a4 a5", string.Join(" ", PersonRow().Matches(await hr.GetStringAsync("/staff?shortOfHours=true")).Select(m => m.Groups[1].Value)));
        Assert.Contains("本年学时 0，未达到要求的 2", await hr.GetStringAsync("/staff/a3"));
        Assert.Contains("所在岗位每年至少 2 学时，尚差 2 学时", await hr.GetStringAsync("/staff/a3"));
        Assert.Contains("所在岗位每年至少 2 学时，已达到", await hr.GetStringAsync("/staff/a1"));

        var xlsx = new MemoryStream(await hr.GetByteArrayAsync("/staff/export.xlsx?shortOfHours=true"));
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal([("a3", "0/2"), ("a4", "0/2"), ("a5", "0/2")], rows.Select(r => (r["工号"]?.ToString(), r["本年学时未达标"]?.ToString())));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ADepartmentHeadSeesOnlyTheirDepartment(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        var head = await app.SignInAsAsync(Roles.DeptHead);
        await Organisation.PersonAsync(app, "u-depthead", "财务处长", "财务处");

        var page = Regex.Replace(await head.GetStringAsync("/compliance"), @"\s+", " ");

        Assert.Contains("合规看板：财务处", page);
        Assert.Equal("0 0 0 1 0 0 1 0 2 0", Row(page, "财务处"));
        Assert.DoesNotContain("data-row=\"业务处\"", page);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await (await app.SignInAsAsync(Roles.Trainee)).GetAsync("/compliance")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheStaffListFiltersAndItsExportsHoldExactlyTheFilteredPeople(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);

        string People(string page) => string.Join(" ", PersonRow().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Equal("a1 a2 a3 a4 a5 b1 b2 b3", People(await hr.GetStringAsync("/staff")));
        Assert.Equal("a4", People(await hr.GetStringAsync("/staff?overdue=true")));
        Assert.Equal("a2 a3", People(await hr.GetStringAsync("/staff?expiringBefore=2026-05-01")));
        Assert.Equal("b1", People(await hr.GetStringAsync("/staff?status=Expired")));
        Assert.Equal("b1 b2", People(await hr.GetStringAsync("/staff?level=General")));

        var csv = await hr.GetByteArrayAsync("/staff/export.csv?level=General");
        var lines = System.Text.Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0xEF, csv[0]); // BOM: Excel opens it as UTF-8
        Assert.StartsWith("工号,姓名,处室,涉密等级,状态", lines[0]);
        Assert.Equal(["b1", "b2"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("已过期", lines[1]);
        Assert.Contains("脱密期", lines[2]);

        var xlsx = new MemoryStream(await hr.GetByteArrayAsync("/staff/export.xlsx?departmentId=" + await DepartmentIdAsync(app, "业务处")));
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["a1", "a2", "a3", "a4", "a5"], rows.Select(r => r["工号"]?.ToString()));
        Assert.Equal(["已取得有效证书", "30天内到期", "60天内到期", "从未培训", "岗位已暂停"], rows.Select(r => r["状态"]?.ToString()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task APersonsPageShowsTheirWholeHistoryAndADepartmentHeadCannotOpenAnotherDepartment(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, hr, id) = await Posts.GateTests.ActiveOnPostAsync(app);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var certificate = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.Select(c => c.Id).SingleAsync());
        await office.PostFormAsync("/certificates", $"/certificates/{certificate}/revoke", new() { ["reason"] = "测试撤销" });
        var head = await app.SignInAsAsync(Roles.DeptHead);
        await Organisation.PersonAsync(app, "u-depthead", "别处处长", "另一处室");

        var page = await hr.GetStringAsync("/staff/u-trainee");

        foreach (var kind in new[] { "提名上岗", "布置培训", "考试", "取得证书", "完成培训", "签署承诺书", "记录上岗前保密审查", "启用岗位", "证书被撤销", "暂停岗位" })
        {
            Assert.Contains($"data-kind=\"{kind}\"", page);
        }

        Assert.Contains("测试撤销", page);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await head.GetAsync("/staff/u-trainee")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await trainee.GetAsync("/staff/u-trainee")).StatusCode);
        _ = id;
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheAnnualReportCountsCoveragePassRatesHoursOverdueAndExpiredAsHtmlPdfAndXlsx(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, _, _) = await Posts.GateTests.ActiveOnPostAsync(app); // read the 5-minute lesson, passed once, active on a 重要 post
        await (await AttemptPage.StartAsync(trainee)).SubmitAsync(trainee);  // a second attempt, unanswered: failed
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var year = app.Clock.GetUtcNow().AddHours(8).Year;
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Web.Data.AppDbContext>();
            db.Departments.Add(new Department("=HYPERLINK(\"http://example.invalid\")"));
            (await db.PostLevelPolicies.SingleAsync(p => p.Level == PostLevel.Important)).MinimumAnnualHours = 2;
            return await db.SaveChangesAsync();
        });
        await app.WithScopeAsync(async s =>
        {
            // A 1.5-学时 lecture he attended: 学时 add online and offline.
            var offline = s.GetRequiredService<Web.Features.Training.OfflineTrainingService>();
            var today = Web.Infrastructure.Web.LocalTime.Date(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var (id, _) = await offline.CreateAsync(new() { Title = "保密专题讲座", Kind = OfflineTrainingKind.Lecture, HeldOn = today, Hours = "1.5" }, "test-setup");
            var personId = await s.GetRequiredService<Web.Data.AppDbContext>().People.Where(p => p.EmployeeNumber == "u-trainee").Select(p => p.Id).SingleAsync();
            return await offline.RecordAsync(id!.Value, [personId], AttendanceMethod.Ticked, "test-setup");
        });

        var page = Regex.Replace(await office.GetStringAsync("/compliance/report"), @"\s+", " ");
        var pdf = await Pdf.TextAsync(await office.GetByteArrayAsync($"/compliance/report/{year}.pdf"));
        var xlsx = new MemoryStream(await office.GetByteArrayAsync($"/compliance/report/{year}.xlsx"));
        var byDepartment = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "按处室").Cast<IDictionary<string, object>>().ToList();

        // 1 classified person, certified this year (coverage 100 %), 2 attempts of which 1 passed (50 %), 5 minutes = 0.1 h
        // online and the 1.5 h lecture: 1.6 学时, of them 1.5 offline; 重要 asks for 2 学时 a year, so he is short.
        Assert.Equal("1 1 100.0 2 1 50.0 1.6 1.5 1 0 0", ReportRow(page, "业务处"));
        Assert.Equal("1 1 100.0 2 1 50.0 1.6 1.5 1 0 0", ReportRow(page, "重要"));
        Assert.Contains("保密专题讲座", Regex.Match(page, "data-testid=\"report-offline\".*?</section>").Value);
        Assert.Contains($"{year} 年度保密教育培训情况报告", pdf);
        Assert.Matches(@"业务处\s+1\s+1\s+100\.0\s+2\s+1\s+50\.0\s+1\.6\s+1\.5\s+1\s+0\s+0", pdf);
        Assert.Contains("线下培训 1 场，出席 1 人次，计 1.5 学时。", pdf);
        xlsx.Position = 0;
        var offlineSheet = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "线下培训").Cast<IDictionary<string, object>>().Single();
        Assert.Equal(("保密专题讲座", "专题讲座", "1"), (offlineSheet["培训名称"]?.ToString(), offlineSheet["类型"]?.ToString(), offlineSheet["出席人数"]?.ToString()));
        var line = byDepartment.Single(r => r["处室"]?.ToString() == "业务处");
        Assert.Equal(("1", "50.0"), (line["涉密人员"]?.ToString(), Convert.ToDecimal(line["合格率%"], System.Globalization.CultureInfo.InvariantCulture).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(byDepartment, r => r["处室"]?.ToString() == "'=HYPERLINK(\"http://example.invalid\")"); // text, not a formula
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await trainee.GetAsync("/compliance/report")).StatusCode);
    }

    private static string ReportRow(string page, string name)
    {
        var row = Regex.Match(page, $"<tr data-row=\"{name}\">(.*?)</tr>").Groups[1].Value;
        return string.Join(" ", Regex.Matches(row, "<td[^>]*>([^<]*)</td>").Select(c => c.Groups[1].Value));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ReadingPagesShowStandingsUpToTheCacheWindowOldAndOlderOnesAreRefreshedInTheBackground(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Compliance:CacheSeconds"] = "60" }).Build();
        var cache = new Web.Features.Compliance.RefreshingCache(
            app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Features.Compliance.RefreshingCache>.Instance);
        Task<List<Web.Features.Compliance.PersonStanding>> ReadAsync(bool fresh) => app.WithScopeAsync(s => new Web.Features.Compliance.ComplianceService(
            s.GetRequiredService<AppDbContext>(), s.GetRequiredService<Web.Features.Posts.Standing>(),
            s.GetRequiredService<Web.Features.Training.TrainingHours>(), app.Clock, cache, settings).StandingsAsync(null, fresh));

        var first = await ReadAsync(fresh: false);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.People.Add(new Person("c1", "新来的", await db.Departments.Select(d => d.Id).FirstAsync()));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(first.Count, (await ReadAsync(fresh: false)).Count);
        Assert.Equal(first.Count + 1, (await ReadAsync(fresh: true)).Count);

        // Past the window: the reader still gets the kept list at once, and the refresh it started brings the change.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(first.Count, (await ReadAsync(fresh: false)).Count);
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await ReadAsync(fresh: false)).Count == first.Count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.Equal(first.Count + 1, (await ReadAsync(fresh: false)).Count);
    }

    /// <summary>With the standings kept for a minute (as in production), HR's own change shows on its next page.</summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task AChangeToTheStaffShowsOnTheNextReadDespiteTheKeptStandings(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedAsync(app);
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("Compliance:CacheSeconds", "60"));
        await app.CreateUserAsync("u-hr-kept", "人事", [Roles.HR]);
        var hr = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await AppFactory.SignInAsync(hr, "u-hr-kept", AppFactory.Password);
        var before = await hr.GetStringAsync("/compliance");

        await hr.PostFormAsync("/staff", "/staff/departments", new() { ["name"] = "新设处" });

        Assert.DoesNotContain("新设处", before);
        Assert.Contains("新设处", await hr.GetStringAsync("/compliance"));
    }

    private static Task<int> DepartmentIdAsync(AppFactory app, string name) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync());

    [GeneratedRegex("<tr data-person=\"([^\"]+)\"")]
    private static partial Regex PersonRow();

    /// <summary>The numbers of one table row, in column order.</summary>
    private static string Row(string page, string name)
    {
        var row = RowPattern().Matches(page).First(m => m.Groups["name"].Value == name).Groups["cells"].Value;
        return string.Join(" ", Cell().Matches(row).Select(c => c.Groups[1].Value));
    }

    private static async Task SeedAsync(AppFactory app)
    {
        await app.ImportAsync(ContentFixtures.Valid());
        app.Clock.Advance(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(8)) - app.Clock.GetUtcNow());
        var now = app.Clock.GetUtcNow();
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var business = new Department("业务处", 1);
            var finance = new Department("财务处", 2);
            var important = new Post("业务专员", PostLevel.Important, business);
            var general = new Post("出纳", PostLevel.General, finance);
            db.AddRange(business, finance, important, general);
            await db.SaveChangesAsync();
            return 0;
        });

        async Task PersonAsync(string no, string department, string post, PostAssignmentState? state, double? certificateDaysLeft,
            DateOnly? decryptionEnds = null, bool overdue = false)
        {
            var user = await app.CreateUserAsync(no, no, [Roles.Trainee]);
            await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var person = await db.People.SingleAsync(p => p.EmployeeNumber == no);
                person.Update(person.Name, await db.Departments.Where(d => d.Name == department).Select(d => d.Id).SingleAsync());
                await db.SaveChangesAsync();
                if (state is { } st)
                {
                    var onPost = await db.Posts.SingleAsync(p => p.Title == post);
                    db.PostAssignments.Add(Organisation.AssignmentIn(person.Id, onPost, st, now.AddDays(-400), decryptionEnds));
                }

                if (certificateDaysLeft is { } left)
                {
                    var attempt = new Attempt
                    {
                        PersonId = user.PersonId!.Value,
                        ExamId = "demo-exam",
                        Number = 1,
                        StartedAt = now.AddDays(left - 366),
                        Deadline = now.AddDays(left - 365),
                        Status = AttemptStatus.Submitted,
                        PassMarkPercent = 80,
                        MaxScore = 100,
                        Score = 90,
                        Passed = true,
                    };
                    db.Attempts.Add(attempt);
                    await db.SaveChangesAsync();
                    db.Certifications.Add(new Certification
                    {
                        Number = "BM-T-" + no,
                        PersonId = user.PersonId!.Value,
                        CertificationTypeId = "demo-cert",
                        AttemptId = attempt.Id,
                        IssuedAt = now.AddDays(left - 365),
                        ValidUntil = now.AddDays(left),
                    });
                }

                if (overdue)
                {
                    db.TrainingAssignments.Add(new TrainingAssignment
                    {
                        PersonId = user.PersonId!.Value,
                        Reason = TrainingReason.Onboarding,
                        ExamId = "demo-exam",
                        AssignedAt = now.AddDays(-31),
                        DueAt = now.AddDays(-1),
                    });
                }

                return await db.SaveChangesAsync();
            });
        }

        await PersonAsync("a1", "业务处", "业务专员", PostAssignmentState.Active, 200);
        await PersonAsync("a2", "业务处", "业务专员", PostAssignmentState.Active, 20);
        await PersonAsync("a3", "业务处", "业务专员", PostAssignmentState.Active, 45);
        await PersonAsync("a4", "业务处", "业务专员", PostAssignmentState.Proposed, null, overdue: true);
        await PersonAsync("a5", "业务处", "业务专员", PostAssignmentState.Suspended, -3);
        await PersonAsync("b1", "财务处", "出纳", PostAssignmentState.Active, -2);
        await PersonAsync("b2", "财务处", "出纳", PostAssignmentState.Ended, null, decryptionEnds: new DateOnly(2026, 6, 1));
        await PersonAsync("b3", "财务处", "出纳", null, null);
    }

    [GeneratedRegex("<tr data-row=\"(?<name>[^\"]+)\"[^>]*>(?<cells>.*?)</tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(\\d+)</td>")]
    private static partial Regex Cell();
}
