using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Data;

public sealed class DemoOrganisationTests
{
    [Fact]
    public async Task DevelopmentStartSeedsTheDemoOrganisationOnceWithAnAccountPerRole()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using (var first = new AppFactory(database, "Development"))
        {
            foreach (var account in DemoOrganisation.RoleAccounts)
            {
                var client = first.Browser();
                var signedIn = await AppFactory.SignInAsync(client, account.UserName, DemoOrganisation.Password);
                Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
                Assert.Contains($"您好，{account.Name}", await client.GetStringAsync("/"));
            }
        }

        await using var second = new AppFactory(database, "Development");
        var (departments, people, levels) = await second.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Name).ToListAsync(),
                await db.People.CountAsync(),
                (await db.Posts.Select(p => p.Level).ToListAsync()).Distinct().Order().ToList());
        });
        Assert.Equal(["办公室", "财务处", "业务处", "信息中心"], departments);
        Assert.Equal(20, people);
        Assert.Equal([PostLevel.Core, PostLevel.Important, PostLevel.General], levels);
    }

    [Fact]
    public async Task DevelopmentWithoutDemoSeedCreatesNoDemoData()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using var app = new AppFactory(database, "Development");
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
