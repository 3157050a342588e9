using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Posts;

namespace SecrecyTraining.Tests.Integration.Posts;

/// <summary>The gate's activation and a revocation fired at the same moment, many times: no post ends Active without its certificate.</summary>
[Collection(SharedApp.Name)]
public sealed class ActivationRaceTests(Databases databases)
{
    private const int Rounds = 20;

    [Theory, ClassData(typeof(Providers))]
    public async Task ActivationAndRevocationAtOnceNeverLeaveAnActivePostWithoutAValidCertificate(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var cases = new List<(int Assignment, int Certification)>();
        for (var i = 0; i < Rounds; i++)
        {
            cases.Add(await ReadyToActivateAsync(app, $"race-{i:D2}"));
        }

        var outcomes = new List<string>();
        foreach (var (assignmentId, certificationId) in cases)
        {
            using var start = new Barrier(2);
            var activate = Task.Run(() => app.WithScopeAsync(async s =>
            {
                start.SignalAndWait();
                return (await s.GetRequiredService<PostAssignmentService>().ActivateAsync(assignmentId, "u-hr")).Succeeded;
            }));
            var revoke = Task.Run(() => app.WithScopeAsync(async s =>
            {
                start.SignalAndWait();
                return await s.GetRequiredService<CertificationAdministration>().RevokeAsync(certificationId, "测试同时撤销", "u-office");
            }));
            var (activated, suspended) = (await activate, await revoke);

            var (state, certificate) = await app.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                return (await db.PostAssignments.Where(a => a.Id == assignmentId).Select(a => a.State).SingleAsync(),
                    await db.Certifications.Where(c => c.Id == certificationId).Select(c => c.State).SingleAsync());
            });
            Assert.Equal(CertificationState.Revoked, certificate);
            Assert.NotEqual(PostAssignmentState.Active, state); // the whole point: never on duty with a revoked certificate
            outcomes.Add(activated ? $"activated, then suspended ({suspended})" : "refused");
            Assert.Equal(activated ? PostAssignmentState.Suspended : PostAssignmentState.Proposed, state);
        }

        Assert.Equal(Rounds, outcomes.Count);
    }

    /// <summary>A person holding a valid certificate and the signed 上岗 commitment, proposed and vetted: the gate would open.</summary>
    private static Task<(int Assignment, int Certification)> ReadyToActivateAsync(AppFactory app, string number) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var now = app.Clock.GetUtcNow();
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Name == "机要处") ?? db.Departments.Add(new Department("机要处", 1)).Entity;
        var post = await db.Posts.SingleOrDefaultAsync(p => p.Title == "机要员") ?? db.Posts.Add(new Post("机要员", PostLevel.Important, department)).Entity;
        var person = db.People.Add(new Person(number, "并发" + number, department)).Entity;
        await db.SaveChangesAsync();
        var text = await db.CommitmentTexts.SingleAsync(t => t.Kind == CommitmentKind.OnDuty && t.IsCurrent);
        db.CommitmentSignatures.Add(new CommitmentSignature
        {
            PersonId = person.Id,
            Kind = CommitmentKind.OnDuty,
            CommitmentTextId = text.Id,
            Version = text.Version,
            TextHash = text.TextHash,
            SignedAt = now,
        });
        var assignment = PostAssignment.Propose(person.Id, post, "u-hr", now);
        assignment.RecordVetting(true, null, "u-hr", now);
        db.PostAssignments.Add(assignment);
        await db.SaveChangesAsync();
        return (assignment.Id, await Organisation.CertifiedAsync(db, person.Id, "BM-R-" + number, now));
    });
}
