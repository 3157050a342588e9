using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Certificates;

[Collection(SharedApp.Name)]
public sealed class CertificationTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task PassingAGrantingExamIssuesANumberedCertificateAndARePassSupersedesIt(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var year = app.Clock.GetUtcNow().Year;

        await PassAsync(app, client);
        var first = await client.GetStringAsync("/");
        await PassAsync(app, client);
        var certifications = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.AsNoTracking().OrderBy(c => c.Number).ToListAsync());

        Assert.Contains($"BM-{year}-000001", first);
        Assert.Contains("有效", first);
        Assert.Equal([$"BM-{year}-000001", $"BM-{year}-000002"], certifications.Select(c => c.Number));
        Assert.Equal([CertificationState.Superseded, CertificationState.Valid], certifications.Select(c => c.State));
        Assert.DoesNotContain($"BM-{year}-000001", await client.GetStringAsync("/"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task FailingIssuesNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();

        await (await AttemptPage.StartAsync(client)).SubmitAsync(client);

        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.CountAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task CertificatesIssuedAtTheSameTimeGetConsecutiveNumbersWithoutGaps(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var clients = new List<HttpClient>();
        foreach (var i in Enumerable.Range(1, 4))
        {
            var name = $"c-{i}";
            await app.CreateUserAsync(name, "考生" + i, [Roles.Trainee]);
            await app.CompleteCourseAsync(name, "basics");
            var client = app.Browser();
            await AppFactory.SignInAsync(client, name, AppFactory.Password);
            clients.Add(client);
        }

        await Task.WhenAll(clients.Select(c => PassAsync(app, c)));

        var year = app.Clock.GetUtcNow().Year;
        var numbers = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.Select(c => c.Number).OrderBy(n => n).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 4).Select(n => RecertificationRules.Number(year, n)), numbers);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheImportReportCountsPeopleCertifiedOnTheOldTextOfAChangedClause(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        await PassAsync(app, client);

        var result = await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "regulations/demo.md"
            ? f with { Text = f.Text.Replace("秘密文件必须放在保密柜内。", "秘密文件必须放在经批准的保密柜内。", StringComparison.Ordinal) } : f)]);

        Assert.Contains("持有在旧条款文本下取得的有效证书的人数：1（证书类型：demo-cert）", result.Report);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ARefresherInsideTheWindowRenewsTheChainWithoutLosingDaysAndSatisfiesTheGate(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.WithRefresher());
        await app.CreateUserAsync("u-trainee", "张新", [Roles.Trainee]);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        var hr = await app.SignInAsAsync(Roles.HR);
        var assignment = await Organisation.ProposeAsync(hr, "u-trainee", postId);
        var trainee = app.Browser();
        await AppFactory.SignInAsync(trainee, "u-trainee", AppFactory.Password);
        await PassAsync(app, trainee);
        var first = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.AsNoTracking().SingleAsync());

        app.Clock.Advance(first.ValidUntil - app.Clock.GetUtcNow() - TimeSpan.FromDays(30)); // 30 days before expiry: inside the 60-day window
        trainee = app.Browser();
        await AppFactory.SignInAsync(trainee, "u-trainee", AppFactory.Password);
        await (await AttemptPage.StartAsync(trainee, "demo-refresher-exam")).PassAsync(app, trainee);
        var chain = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

        Assert.Equal([("demo-cert", CertificationState.Superseded), ("demo-refresher", CertificationState.Valid)],
            chain.Select(c => (c.CertificationTypeId, c.State)));
        Assert.Equal(first.ValidUntil.AddMonths(12), chain[1].ValidUntil); // from the old expiry, 12 months from the 重要 policy

        // The renewing certification satisfies the post's demo-cert requirement.
        hr = await app.SignInAsAsync(Roles.HR, Roles.DeptHead);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        await Organisation.HrAsync(hr, assignment, "vetting", new() { ["passed"] = "true" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Organisation.HrAsync(hr, assignment, "activate")).StatusCode);
    }

    private static async Task PassAsync(AppFactory app, HttpClient client) => await (await AttemptPage.StartAsync(client)).PassAsync(app, client);
}
