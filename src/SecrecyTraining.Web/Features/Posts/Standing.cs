using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Posts;

/// <summary>
/// What a person holds and what applies to them: valid certification chains, the policy of the strictest level among their
/// open post assignments, whether they signed the current 上岗 commitment. One place for the gate, the issuer and the pages.
/// </summary>
public sealed class Standing(AppDbContext db)
{
    /// <summary>The chains (certification type, or the type it renews) the person holds a valid, unexpired certification of.</summary>
    public async Task<HashSet<string>> ValidChainsAsync(int personId, DateTimeOffset now, CancellationToken ct = default) =>
        (await ValidChainsByPersonAsync([personId], now, ct)).GetValueOrDefault(personId) ?? [];

    /// <summary>For many people at once: the chains each holds a valid, unexpired certification of.</summary>
    public async Task<Dictionary<int, HashSet<string>>> ValidChainsByPersonAsync(IReadOnlyCollection<int> personIds, DateTimeOffset now, CancellationToken ct = default)
    {
        var rows = await (from c in db.Certifications
                          join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                          where personIds.Contains(c.PersonId) && c.State == CertificationState.Valid && c.ValidUntil > now
                          select new { c.PersonId, Chain = t.Renews ?? t.Id }).ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.Select(r => r.Chain).ToHashSet());
    }

    /// <summary>Per level, the chains its policy requires.</summary>
    public async Task<Dictionary<PostLevel, HashSet<string>>> RequiredChainsAsync(CancellationToken ct = default)
    {
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        return (await db.PostLevelPolicies.AsNoTracking().ToListAsync(ct)).ToDictionary(
            p => p.Level,
            p => p.RequiredCertifications.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => types.TryGetValue(id, out var t) ? t.Chain : id).ToHashSet());
    }

    /// <summary>
    /// The strictest level among the open (not ended) post assignments of each person on a post, or only of
    /// <paramref name="personId"/>: the one way a person's level is found.
    /// </summary>
    public async Task<Dictionary<int, PostLevel>> LevelsByPersonAsync(int? personId = null, CancellationToken ct = default)
    {
        var open = db.PostAssignments.Where(a => a.State != PostAssignmentState.Ended);
        if (personId is { } only)
        {
            open = open.Where(a => a.PersonId == only);
        }

        var rows = await open.Select(a => new { a.PersonId, a.Post!.Level }).ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.Min(r => r.Level));
    }

    /// <summary>The policy of the person's level (<see cref="LevelsByPersonAsync"/>); null when they hold no post.</summary>
    public async Task<PostLevelPolicy?> PolicyForPersonAsync(int personId, CancellationToken ct = default) =>
        (await LevelsByPersonAsync(personId, ct)).TryGetValue(personId, out var level)
            ? await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level, ct)
            : null;

    /// <summary>The pass mark for a blueprint without its own: the person's level, or the strictest level when they hold no post.</summary>
    public async Task<int> PassMarkForPersonAsync(int personId, CancellationToken ct = default) =>
        (await PolicyForPersonAsync(personId, ct))?.PassMarkPercent
        ?? await db.PostLevelPolicies.Select(p => (int?)p.PassMarkPercent).MaxAsync(ct) ?? 100;

    /// <summary>The widest recertification window of all levels: how early a certificate shows as 即将到期.</summary>
    public async Task<int> WidestWindowDaysAsync(CancellationToken ct = default) =>
        await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync(ct) ?? 0;

    /// <summary>The department of the person; null when there is no such person (an account that is nobody's staff record).</summary>
    public async Task<int?> DepartmentIdOfAsync(int? personId, CancellationToken ct = default) =>
        personId is null ? null : await db.People.Where(p => p.Id == personId).Select(p => (int?)p.DepartmentId).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The policy a new certification of the person is issued under: their level's; for a person on no post, a rolling cycle
    /// of the shortest refresher period with the widest window.
    /// </summary>
    public async Task<PostLevelPolicy> CertificationPolicyForPersonAsync(int personId, CancellationToken ct = default) =>
        await PolicyForPersonAsync(personId, ct) ?? new PostLevelPolicy
        {
            RequiredCertifications = "",
            RefresherMonths = await db.PostLevelPolicies.Select(p => (int?)p.RefresherMonths).MinAsync(ct) ?? 12,
            RecertificationWindowDays = await WidestWindowDaysAsync(ct),
        };

    public async Task<bool> SignedCurrentOnDutyAsync(int personId, CancellationToken ct = default)
    {
        var current = await db.CommitmentTexts.Where(t => t.Kind == CommitmentKind.OnDuty && t.IsCurrent).Select(t => (int?)t.Id)
            .FirstOrDefaultAsync(ct);
        return current is not null
               && await db.CommitmentSignatures.AnyAsync(s => s.PersonId == personId && s.CommitmentTextId == current, ct);
    }

    /// <summary>The chain names (certification type names of the types no other renews) for messages.</summary>
    public async Task<Dictionary<string, string>> ChainNamesAsync(CancellationToken ct = default) =>
        await db.CertificationTypes.Where(t => t.Renews == null).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

    /// <summary>The facts the gate looks at for a person on a post of <paramref name="level"/> with the given vetting.</summary>
    public async Task<GateFacts> GateFactsAsync(int personId, PostLevel level, VettingResult vetting, DateTimeOffset now, CancellationToken ct = default)
    {
        var policy = await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level, ct);
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var required = (policy?.RequiredCertifications ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => types.TryGetValue(id, out var t) ? t.Chain : id)
            .ToHashSet();
        return new GateFacts(
            required,
            await ValidChainsAsync(personId, now, ct),
            await ChainNamesAsync(ct),
            await SignedCurrentOnDutyAsync(personId, ct),
            vetting);
    }
}
