using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Audit;

namespace SecrecyTraining.Tests.Integration.Audit;

/// <summary>The hash-chained audit log: events land in it, and `audit verify` names the first altered, inserted or missing entry.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditChainTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task SignInsTheGateAndCertificatesAreAuditedAndTheChainVerifies(string provider)
    {
        var app = await databases.StartAsync(provider);
        await Posts.GateTests.ActiveOnPostAsync(app);
        await AppFactory.SignInAsync(app.Browser(), "u-trainee", "wrong-password!");

        var actions = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        var (code, output, _) = await Verbs.RunAsync(app, "audit", "verify");

        Assert.Contains("sign-in.succeeded", actions);
        Assert.Equal("sign-in.failed", actions[^1]);
        Assert.Contains("post.Proposed", actions);
        Assert.Contains("certificate.issued", actions);
        Assert.Contains("post.Activated", actions);
        Assert.Equal(0, code);
        Assert.Contains($"OK: {actions.Count} entries, chain intact.", output);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheSecrecyOfficeFiltersAndExportsTheLogAndTheExportIsItselfAudited(string provider)
    {
        var app = await databases.StartAsync(provider);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        await AppFactory.SignInAsync(app.Browser(), "nobody", "wrong-password!");

        var failures = await office.GetStringAsync("/audit?event=sign-in.failed");
        var csv = System.Text.Encoding.UTF8.GetString(await office.GetByteArrayAsync("/audit/export.csv?event=sign-in")).TrimStart('\uFEFF');
        var all = await office.GetStringAsync("/audit");

        Assert.Contains("data-action=\"sign-in.failed\"", failures);
        Assert.DoesNotContain("data-action=\"sign-in.succeeded\"", failures);
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header, the success, the failure
        Assert.Contains("data-action=\"export.audit\"", all);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await (await app.SignInAsAsync(Roles.HR)).GetAsync("/audit")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnAlteredInsertedOrMissingEntryOrARewriteAfterACheckpointIsNamed(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.WithScopeAsync(async s =>
        {
            var audit = s.GetRequiredService<AuditLog>();
            foreach (var i in Enumerable.Range(1, 5))
            {
                await audit.AppendAsync("tester", "test.event", $"item:{i}", $"第 {i} 条");
            }

            return 0;
        });

        async Task<string> VerifyAfterAsync(Func<AppDbContext, Task> tamper)
        {
            await app.WithScopeAsync(async s =>
            {
                await tamper(s.GetRequiredService<AppDbContext>());
                return 0;
            });
            var (code, _, error) = await Verbs.RunAsync(app, "audit", "verify");
            Assert.Equal(1, code);
            return error;
        }

        Assert.Contains("entry 3 was altered", await VerifyAfterAsync(db =>
            db.AuditEntries.Where(e => e.Sequence == 3).ExecuteUpdateAsync(set => set.SetProperty(e => e.Details, "改过"))));
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Sequence == 3).ExecuteUpdateAsync(set => set.SetProperty(e => e.Details, "第 3 条")));

        Assert.Contains("entry 4 is missing", await VerifyAfterAsync(db => db.AuditEntries.Where(e => e.Sequence == 4).ExecuteDeleteAsync()));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task RemovingTheTailOrRewritingAfterACheckpointIsCaught(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.WithScopeAsync(async s =>
        {
            var audit = s.GetRequiredService<AuditLog>();
            foreach (var i in Enumerable.Range(1, 4))
            {
                await audit.AppendAsync("tester", "test.event", $"item:{i}");
            }

            await audit.CheckpointAsync();
            return 0;
        });

        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Sequence == 4).ExecuteDeleteAsync());
        var (tailCode, _, tail) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(1, tailCode);
        Assert.Contains("entries were removed from the end", tail);

        // A forger who rebuilds the whole chain (and its head) with valid hashes still differs from the checkpoint.
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.AuditEntries.ExecuteDeleteAsync();
            await db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.LastSequence, 0).SetProperty(h => h.LastHash, AuditLog.Genesis));
            var audit = s.GetRequiredService<AuditLog>();
            foreach (var i in Enumerable.Range(1, 4))
            {
                await audit.AppendAsync("forger", "test.event", $"item:{i}");
            }

            return 0;
        });
        var (rewriteCode, _, rewrite) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(1, rewriteCode);
        Assert.Contains("differs from the checkpoint", rewrite);
    }
}
