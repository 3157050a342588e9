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

    [Theory, ClassData(typeof(Providers))]
    public async Task EntriesWrittenBeforeTheNewHashEncodingStillVerifyAndNoEntryMayFallBackToTheOldOne(string provider)
    {
        await using var database = TestDatabase.Create(provider, provider == "Postgres" ? "secrecy_audit_upgrade" : null);
        await using (var context = database.CreateContext())
        {
            // The schema as it was before the HashVersion column, with a chain written in the old encoding.
            await context.Database.EnsureDeletedAsync();
            var before = context.Database.GetMigrations().Last(m => m.EndsWith("_AccountDisabling", StringComparison.Ordinal));
            await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync(before);
            var previous = AuditLog.Genesis;
            var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
            object stored = provider == "Sqlite" ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(at)! : at;
            foreach (var sequence in new long[] { 1, 2, 3 })
            {
                var hash = AuditLog.Hash(1, sequence, at, "hr", "person.updated", $"10000{sequence}", "department 办公室 → 财务处", previous);
                await context.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"AuditEntries\" (\"Sequence\", \"At\", \"Actor\", \"Action\", \"Subject\", \"Details\", \"PreviousHash\", \"Hash\") VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})",
                    sequence, stored, "hr", "person.updated", $"10000{sequence}", "department 办公室 → 财务处", previous, hash);
                previous = hash;
            }

            await context.Database.ExecuteSqlRawAsync("INSERT INTO \"AuditChainHeads\" (\"Id\", \"LastSequence\", \"LastHash\") VALUES (1, 3, {0})", previous);
        }

        await using var app = new AppFactory(database); // migrates to the current schema at start-up
        await app.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<AuditLog>().AppendAsync("hr", "person.updated", "100004", "after the upgrade");
            return 0;
        });

        var (code, output, _) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(0, code);
        Assert.Contains("OK: 4 entries, chain intact.", output);
        Assert.Equal([1, 1, 1, 2], await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.OrderBy(e => e.Sequence).Select(e => e.HashVersion).ToListAsync()));

        // An entry after the upgrade re-hashed in the old encoding (its head moved along) is a break, not a valid chain.
        await app.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<AuditLog>().AppendAsync("hr", "person.updated", "100005", "after the upgrade");
            var db = s.GetRequiredService<AppDbContext>();
            var last = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 5);
            var old = AuditLog.Hash(1, last.Sequence, last.At, last.Actor, last.Action, last.Subject, last.Details, last.PreviousHash);
            await db.AuditEntries.Where(e => e.Sequence == 5).ExecuteUpdateAsync(set => set.SetProperty(e => e.HashVersion, 1).SetProperty(e => e.Hash, old));
            return await db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.LastHash, old));
        });
        var (brokenCode, _, broken) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(1, brokenCode);
        Assert.Contains("entry 5 claims hash encoding 1 after entries of encoding 2", broken);

        // An old entry whose fields hold the old separator is reported as such: with one, text can move between two fields
        // and keep the hash (AuditHashTests shows how).
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.AuditEntries.Where(e => e.Sequence == 5).ExecuteDeleteAsync();
            var four = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 4);
            await db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.LastSequence, 4).SetProperty(h => h.LastHash, four.Hash));
            return await db.AuditEntries.Where(e => e.Sequence == 2)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Subject, "100002\u001fdepartment").SetProperty(e => e.Details, "办公室 → 财务处"));
        });
        var (shiftedCode, _, shifted) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(1, shiftedCode);
        Assert.Contains("entry 2 (hash encoding 1) holds the field separator U+001F", shifted);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ACheckpointFileKeptOffTheServerCatchesARewriteThatTheServersOwnCheckpointsMiss(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.WithScopeAsync(async s =>
        {
            var audit = s.GetRequiredService<AuditLog>();
            foreach (var i in Enumerable.Range(1, 3))
            {
                await audit.AppendAsync("hr", "person.updated", $"item:{i}");
            }

            await audit.CheckpointAsync();
            return 0;
        });
        var auditor = await app.SignInAsAsync(Roles.Auditor);
        var kept = await auditor.GetByteArrayAsync("/audit/checkpoints.csv");
        Assert.Contains("条目序号", System.Text.Encoding.UTF8.GetString(kept));
        var file = Path.Combine(app.Database.DataDirectory, "kept-checkpoints.csv");
        await File.WriteAllBytesAsync(file, kept);

        var intact = await CheckAsync(auditor, "kept-checkpoints.csv", kept);
        Assert.Contains("全部与日志一致", intact);
        Assert.Equal(0, (await Verbs.RunAsync(app, "audit", "verify", "--checkpoints", file)).Code);

        // A forger rewrites entry 2 and everything after it, the head and the server's own checkpoint: the server alone
        // cannot tell, the kept file can.
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= 3).OrderBy(e => e.Sequence).ToListAsync();
            var previous = entries[0].Hash;
            foreach (var e in entries.Skip(1))
            {
                var details = e.Sequence == 2 ? "forged" : e.Details;
                var hash = AuditLog.Hash(2, e.Sequence, e.At, e.Actor, e.Action, e.Subject, details, previous);
                await db.AuditEntries.Where(x => x.Sequence == e.Sequence)
                    .ExecuteUpdateAsync(set => set.SetProperty(x => x.Details, details).SetProperty(x => x.PreviousHash, previous).SetProperty(x => x.Hash, hash));
                previous = hash;
            }

            var rest = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > 3).OrderBy(e => e.Sequence).ToListAsync();
            foreach (var e in rest)
            {
                var hash = AuditLog.Hash(e.HashVersion, e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Details, previous);
                await db.AuditEntries.Where(x => x.Sequence == e.Sequence).ExecuteUpdateAsync(set => set.SetProperty(x => x.PreviousHash, previous).SetProperty(x => x.Hash, hash));
                previous = hash;
            }

            var three = await db.AuditEntries.Where(e => e.Sequence == 3).Select(e => e.Hash).SingleAsync();
            await db.AuditCheckpoints.ExecuteUpdateAsync(set => set.SetProperty(c => c.Hash, three));
            return await db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.LastHash, previous));
        });

        Assert.Equal(0, (await Verbs.RunAsync(app, "audit", "verify")).Code);
        var caught = await CheckAsync(auditor, "kept-checkpoints.csv", kept);
        Assert.Contains("第 2 行：第 3 条记录的哈希与检查点不符：日志在此之前被改写。", caught);
        var (code, _, error) = await Verbs.RunAsync(app, "audit", "verify", "--checkpoints", file);
        Assert.Equal(1, code);
        Assert.Contains("kept-checkpoints.csv: 第 2 行：第 3 条记录的哈希与检查点不符", error);
        var notAFile = await CheckAsync(auditor, "roster.csv", "工号,姓名\n1,张三\n"u8.ToArray());
        Assert.Contains("第 1 行：缺少“条目序号”或“哈希”列：这不是审计检查点文件。", notAFile);
    }

    /// <summary>The auditor's check of a kept checkpoint file, through the page's own form; the page answered.</summary>
    private static async Task<string> CheckAsync(HttpClient auditor, string fileName, byte[] content)
    {
        var response = await auditor.PostFormAsync("/audit/checkpoints", "/audit/checkpoints/check", [], new FormFile("file", fileName, content));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
