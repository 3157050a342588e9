using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Compliance;

namespace SecrecyTraining.Tests.Integration.Data;

public sealed class DemoOrganisationTests
{
    /// <summary>
    /// The first Development start makes the demo and its year: each role signs in; the dashboard has people in every
    /// status and certificates expiring in the coming months; the annual report has its exam session and two offline
    /// sessions; item analysis has statistics; the audit log begins a year ago. A second start seeds nothing more.
    /// </summary>
    [Fact]
    public async Task DevelopmentStartSeedsTheDemoOrganisationOnceWithAYearLivedAndAnAccountPerRole()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using (var first = new AppFactory(database, "Development") { StartupContent = ContentFixtures.RealDirectory })
        {
            var clients = new Dictionary<string, HttpClient>();
            foreach (var account in DemoOrganisation.RoleAccounts)
            {
                var client = clients[account.Roles[0]] = first.Browser();
                var signedIn = await AppFactory.SignInAsync(client, account.UserName, DemoOrganisation.Password);
                Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
                Assert.Contains($"您好，{account.Name}", await client.GetStringAsync("/"));
            }

            var dashboard = await clients[Roles.HR].GetStringAsync("/compliance");
            var totals = dashboard[dashboard.IndexOf("data-testid=\"compliance-totals\"", StringComparison.Ordinal)..];
            foreach (var status in Enum.GetValues<ComplianceStatus>())
            {
                var count = int.Parse(Regex.Match(totals, $"data-status=\"{status}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(count > 0, $"no one is {status} on the demo's dashboard");
            }

            Assert.Contains("本年学时未达标", dashboard); // 核心 asks for 4 学时 a year
            Assert.True(Regex.Count(dashboard, "data-count=\"[1-9]") >= 3, "the expiry chart has certificates in at least three months");
            var report = await clients[Roles.SecrecyOffice].GetStringAsync("/compliance/report");
            Assert.Contains("年度保密复训考试（第一批）", report);
            Assert.Contains("线下培训：2 场", report);
            var items = await clients[Roles.SecrecyOffice].GetStringAsync("/content/items");
            Assert.True(Regex.Count(items, "data-facility=") >= 50, "item analysis has statistics");
            var (firstAudit, revoked) = await first.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                return (await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.At).FirstAsync(), await db.Certifications.CountAsync(c => c.State == CertificationState.Revoked));
            });
            Assert.True(first.Clock.GetUtcNow() - firstAudit > TimeSpan.FromDays(365), "the history begins over a year ago");
            Assert.Equal(1, revoked);
        }

        await using var second = new AppFactory(database, "Development") { StartupContent = ContentFixtures.RealDirectory };
        var (departments, people, levels) = await second.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Name).ToListAsync(),
                await db.People.CountAsync(),
                (await db.Posts.Select(p => p.Level).ToListAsync()).Distinct().Order().ToList());
        });
        Assert.Equal(["办公室", "财务处", "业务处", "信息中心"], departments);
        Assert.Equal(60, people);
        Assert.Equal([PostLevel.Core, PostLevel.Important, PostLevel.General], levels);
    }

    [Fact]
    public async Task DevelopmentWithoutDemoSeedCreatesNoDemoData()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using var app = new AppFactory(database, "Development") { StartupContent = ContentFixtures.RealDirectory };
        await using var unseeded = app.WithWebHostBuilder(b => b.UseSetting("Demo:Seed", "false"));

        await using var scope = unseeded.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync();

        Assert.Equal(0, users);
    }

    [Fact]
    public async Task OutsideDevelopmentNoDemoDataIsCreated()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using var app = new AppFactory(database, "Production");

        var (departments, users) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Departments.CountAsync(), await db.Users.CountAsync());
        });

        Assert.Equal(0, departments);
        Assert.Equal(0, users);
    }
}
