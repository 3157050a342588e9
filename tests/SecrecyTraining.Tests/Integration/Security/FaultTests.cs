using System.Net;
using Npgsql;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>Faults the application must survive: the database going away and coming back.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task WhileTheDatabaseIsUnreachablePagesSaySoAndHealthIsUnhealthyThenItRecoversByItself()
    {
        await using var database = TestDatabase.Create("Postgres", postgresDatabase: "secrecy_faults");
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpProxy.To(server.Host!, server.Port);
        await using var app = new AppFactory(database.ThroughPort(proxy.Port));
        _ = app.Services; // starts the host, which migrates the database
        await database.ResetAsync(); // a database of its own, left from an earlier run
        var hr = await app.SignInAsAsync(Roles.HR);
        var anonymous = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(2)); // the sign-in's minutely check against the database falls in the outage
        proxy.Cut();

        var health = await anonymous.GetAsync("/health");
        var page = await hr.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("数据库暂时无法访问", await page.Content.ReadAsStringAsync());

        proxy.Restore();

        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await anonymous.GetAsync("/health")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/staff")).StatusCode);
    }
}
