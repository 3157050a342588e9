using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Integration.Posts;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Account;

/// <summary>Disabled accounts, sign-out that ends the session everywhere, and sessions with an absolute lifetime.</summary>
[Collection(SharedApp.Name)]
public sealed class AccountDisablingTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ADisabledAccountCannotSignInAndItsOpenSessionEndsWithinAMinute(string provider)
    {
        var app = await databases.StartAsync(provider);
        var admin = await app.SignInAsAsync(Roles.Admin);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync("/exams")).StatusCode);

        var page = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-trainee/disable", []));

        Assert.Contains("已停用 u-trainee 的账号。", page);
        Assert.Matches("data-user=\"u-trainee\"(?:(?!</tr>).)*已停用", System.Text.RegularExpressions.Regex.Replace(page, @"\s+", " "));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("/account/login", SignInRedirect(await trainee.GetAsync("/exams")));
        var again = await AppFactory.SignInAsync(app.Browser(), "u-trainee", AppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("工号或密码不正确。", await again.Content.ReadAsStringAsync()); // says no more than for a wrong password

        var self = await admin.FollowAsync(await admin.PostFormAsync("/admin/users", "/admin/users/u-admin/disable", []));
        Assert.Contains("不能停用本人的账号。", self);
        var (code, output, _) = await Verbs.RunAsync(app, "users", "enable", "u-trainee");
        Assert.Equal(0, code);
        Assert.Contains("Account u-trainee enabled.", output);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(app.Browser(), "u-trainee", AppFactory.Password)).StatusCode);
        var (lastAdmin, _, error) = await Verbs.RunAsync(app, "users", "disable", "u-admin");
        Assert.Equal(1, lastAdmin);
        Assert.Contains("u-admin 是唯一的系统管理员，不能停用。", error);

        var entries = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action.StartsWith("account.") && e.Action != "account.created").OrderBy(e => e.Sequence)
            .Select(e => new { e.Actor, e.Action, e.Subject }).ToListAsync());
        Assert.Equal(["u-admin account.disabled u-trainee", $"{Web.Features.Account.AccountProvisioning.CommandLineActor} account.enabled u-trainee"],
            entries.Select(e => $"{e.Actor} {e.Action} {e.Subject}"));
        Assert.Contains(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Select(e => e.Action).ToListAsync()), a => a == "sign-in.failed");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task SigningOutEndsACopyOfTheSessionCookieToo(string provider)
    {
        var app = await databases.StartAsync(provider);
        var browser = await app.SignInAsAsync(Roles.HR);
        var copy = app.Browser();
        var cookie = (await browser.GetAsync("/")).RequestMessage!.Headers.GetValues("Cookie").Single();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/staff")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/", "/account/logout", [])).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal("/account/login", SignInRedirect(await copy.GetAsync("/staff")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ASessionEndsTwelveHoursAfterSignInHoweverActiveTheBrowser(string provider)
    {
        var app = await databases.StartAsync(provider);
        var hr = await app.SignInAsAsync(Roles.HR);

        foreach (var hours in new[] { 4, 4, 3 })
        {
            app.Clock.Advance(TimeSpan.FromHours(hours));
            Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/staff")).StatusCode); // the sliding renewal keeps it
        }

        app.Clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal("/account/login", SignInRedirect(await hr.GetAsync("/staff")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task EndingAPersonsLastPostOffersHrToDisableTheirAccount(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, hr, id) = await GateTests.ActiveOnPostAsync(app);
        await Organisation.HrAsync(hr, id, "leave");
        Assert.DoesNotContain("data-testid=\"disable-account\"", await hr.GetStringAsync($"/posts/assignments/{id}"));
        await Organisation.SignFirstPendingAsync(trainee);
        await Organisation.HrAsync(hr, id, "end");

        var offered = await hr.GetStringAsync($"/posts/assignments/{id}");
        Assert.Contains("data-testid=\"disable-account\"", offered);
        var done = await Organisation.HrPageAsync(hr, id, "disable-account");

        Assert.Contains("账号已停用。", done);
        Assert.DoesNotContain("data-testid=\"disable-account\"", done);
        var entry = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "account.disabled"));
        Assert.Equal(("u-hr", "u-trainee"), (entry.Actor, entry.Subject));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("/account/login", SignInRedirect(await trainee.GetAsync("/")));
    }

    private static string? SignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            ? new Uri(new Uri("http://localhost"), location).AbsolutePath
            : $"{(int)response.StatusCode}";
}
