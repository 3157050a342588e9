using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Training;

/// <summary>线下培训: the session form's checks, the sign-in sheet's all-or-nothing rows, the check-in code's lifetime, once per person.</summary>
[Collection(SharedApp.Name)]
public sealed partial class OfflineTrainingTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ASessionWithAWrongValueIsShownBesideItsFieldAndNotCreated(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var hr = await app.SignInAsAsync(Roles.HR);

        var refused = await hr.PostFormAsync("/training/offline/new", "/training/offline/new",
            new() { ["Title"] = "", ["HeldOn"] = "2026-13-01", ["Hours"] = "0.3", ["Clauses"] = "DEMO.2.1, DEMO.9" });
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("请填写培训名称。", Beside(page, "Title"));
        Assert.Contains("请填写培训日期", Beside(page, "HeldOn"));
        Assert.Contains("以 0.5 为单位", Beside(page, "Hours"));
        Assert.Equal("条款 DEMO.9 不存在。", Beside(page, "Clauses"));
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OfflineSessions.CountAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ASheetWithOneBadRowRecordsNobodyAndTheCleanSheetRecordsEachOnceAudited(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await Organisation.PersonAsync(app, "7001", "甲");
        await Organisation.PersonAsync(app, "7002", "乙");
        var hr = await app.SignInAsAsync(Roles.HR);
        var session = await CreateAsync(hr);

        var refused = await hr.PostFormAsync(session, $"{session}/sheet", [],
            new FormFile("file", "签到表.csv", Encoding.UTF8.GetBytes("工号,姓名\n7001,甲\n7002,丙\n7003,丁\n7001,甲\n")));
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("第 3 行：工号 7002 在名单中是 乙，表中写的是 丙", page);
        Assert.Contains("第 4 行：工号 7003 不在人员名单中", page);
        Assert.Contains("第 5 行：工号 7001 与第 2 行重复", page);
        Assert.Equal(0, await AttendanceAsync(app));

        var saved = await hr.PostFormAsync(session, $"{session}/sheet", [],
            new FormFile("file", "签到表.csv", Encoding.UTF8.GetBytes("工号\n7001\n7002\n")));
        Assert.Contains("2 行，新记录 2 人出席", await hr.FollowAsync(saved));
        var again = await hr.PostFormAsync(session, $"{session}/sheet", [],
            new FormFile("file", "签到表.csv", Encoding.UTF8.GetBytes("工号\n7001\n")));
        Assert.Contains("1 行，新记录 0 人出席", await hr.FollowAsync(again));
        Assert.Equal(2, await AttendanceAsync(app));
        var audited = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Action == "offline.attended").Select(e => e.Subject).ToListAsync());
        Assert.Equal([$"offline:{Id(session)}:7001", $"offline:{Id(session)}:7002"], audited.Order(StringComparer.Ordinal));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheRoomsCodeChecksInOnceAndStopsWorkingAfterTwoPeriods(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var hr = await app.SignInAsAsync(Roles.HR);
        var session = await CreateAsync(hr);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        var admin = await app.SignInAsAsync(Roles.Admin); // an account that is nobody's staff record

        var url = new Uri(CodeUrl().Match(await hr.GetStringAsync($"{session}/check-in-code")).Groups[1].Value).PathAndQuery;
        app.Clock.Advance(TimeSpan.FromMinutes(2)); // the next period: the code just replaced still works
        var first = await trainee.PostFormAsync(url, "form[action^='/training/check-in/']", []);
        var second = await trainee.PostFormAsync(url, "form[action^='/training/check-in/']", []);
        var nobody = await admin.PostFormAsync(url, "form[action^='/training/check-in/']", []);
        app.Clock.Advance(TimeSpan.FromMinutes(2)); // two periods on: refused
        var late = await trainee.PostFormAsync(url, "form[action^='/training/check-in/']", []);

        Assert.Contains("签到成功。", await first.Content.ReadAsStringAsync());
        Assert.Contains("您已签到，无需重复签到。", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.StatusCode);
        Assert.Contains("没有对应的人员记录", await nobody.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("签到码已过期", await late.Content.ReadAsStringAsync());
        Assert.Equal(1, await AttendanceAsync(app));
    }

    private static async Task<string> CreateAsync(HttpClient hr)
    {
        var created = await hr.PostFormAsync("/training/offline/new", "/training/offline/new",
            new() { ["Title"] = "保密专题讲座", ["Kind"] = "Lecture", ["HeldOn"] = "2026-12-01", ["Hours"] = "1.5", ["Clauses"] = "DEMO.2.1" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return created.Headers.Location!.OriginalString;
    }

    private static int Id(string session) => int.Parse(session.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static Task<int> AttendanceAsync(AppFactory app) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().OfflineAttendances.CountAsync());

    private static string Beside(string page, string field) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(page, $"id=\"{field}-error\">([^<]*)<").Groups[1].Value).Trim();

    [GeneratedRegex("data-url=\"([^\"]+)\"")]
    private static partial Regex CodeUrl();
}
