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
    /// <summary>The chains (certification type, or the type it renews) the user holds a valid, unexpired certification of.</summary>
    public async Task<HashSet<string>> ValidChainsAsync(string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var chains = await (from c in db.Certifications
                            join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                            where c.UserId == userId && c.State == CertificationState.Valid && c.ValidUntil > now
                            select t.Renews ?? t.Id).ToListAsync(ct);
        return [.. chains];
    }

    /// <summary>For many users at once: the chains each holds a valid, unexpired certification of.</summary>
    public async Task<Dictionary<string, HashSet<string>>> ValidChainsByUserAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken ct = default)
    {
        var rows = await (from c in db.Certifications
                          join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                          where userIds.Contains(c.UserId) && c.State == CertificationState.Valid && c.ValidUntil > now
                          select new { c.UserId, Chain = t.Renews ?? t.Id }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Chain).ToHashSet());
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

    /// <summary>For every user on an open (not ended) post: the strictest level among their posts. One query for all.</summary>
    public async Task<Dictionary<string, PostLevel>> LevelsByUserAsync(CancellationToken ct = default)
    {
        var rows = await (from a in db.PostAssignments
                          join u in db.Users on a.Person!.EmployeeNumber equals u.UserName
                          where a.State != PostAssignmentState.Ended
                          select new { u.Id, a.Post!.Level }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Min(r => r.Level));
    }

    /// <summary>The policy of the strictest level among the person's open (not ended) post assignments; null when none.</summary>
    public async Task<PostLevelPolicy?> PolicyForUserAsync(string userId, CancellationToken ct = default)
    {
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync(ct);
        var levels = await db.PostAssignments
            .Where(a => a.Person!.EmployeeNumber == userName && a.State != PostAssignmentState.Ended)
            .Select(a => a.Post!.Level).ToListAsync(ct);
        if (levels.Count == 0)
        {
            return null;
        }

        var level = levels.Min();
        return await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level, ct);
    }

    /// <summary>The pass mark for a blueprint without its own: the person's level, or the strictest level when they hold no post.</summary>
    public async Task<int> PassMarkForUserAsync(string userId, CancellationToken ct = default) =>
        (await PolicyForUserAsync(userId, ct))?.PassMarkPercent
        ?? await db.PostLevelPolicies.Select(p => (int?)p.PassMarkPercent).MaxAsync(ct) ?? 100;

    /// <summary>The recertification window for the person: their level's, or the widest when they hold no post.</summary>
    public async Task<int> WindowDaysForUserAsync(string userId, CancellationToken ct = default) =>
        (await PolicyForUserAsync(userId, ct))?.RecertificationWindowDays
        ?? await WidestWindowDaysAsync(ct);

    /// <summary>The widest recertification window of all levels: how early a certificate shows as 即将到期.</summary>
    public async Task<int> WidestWindowDaysAsync(CancellationToken ct = default) =>
        await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync(ct) ?? 0;

    /// <summary>The department of the staff record whose employee number is <paramref name="userName"/>; null when none.</summary>
    public async Task<int?> DepartmentIdOfAsync(string? userName, CancellationToken ct = default) =>
        await db.People.Where(p => p.EmployeeNumber == userName).Select(p => (int?)p.DepartmentId).FirstOrDefaultAsync(ct);

    /// <summary>How long a new certification is valid: the person's level's refresher period, or the shortest when they hold no post.</summary>
    public async Task<int> ValidityMonthsForUserAsync(string userId, CancellationToken ct = default) =>
        (await PolicyForUserAsync(userId, ct))?.RefresherMonths
        ?? await db.PostLevelPolicies.Select(p => (int?)p.RefresherMonths).MinAsync(ct) ?? 12;

    public async Task<bool> SignedCurrentOnDutyAsync(string userId, CancellationToken ct = default)
    {
        var current = await db.CommitmentTexts.Where(t => t.Kind == CommitmentKind.OnDuty && t.IsCurrent).Select(t => (int?)t.Id)
            .FirstOrDefaultAsync(ct);
        return current is not null
               && await db.CommitmentSignatures.AnyAsync(s => s.UserId == userId && s.CommitmentTextId == current, ct);
    }

    /// <summary>The chain names (certification type names of the types no other renews) for messages.</summary>
    public async Task<Dictionary<string, string>> ChainNamesAsync(CancellationToken ct = default) =>
        await db.CertificationTypes.Where(t => t.Renews == null).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

    /// <summary>The facts the gate looks at for a person on a post of <paramref name="level"/> with the given vetting.</summary>
    public async Task<GateFacts> GateFactsAsync(string? userId, PostLevel level, VettingResult vetting, DateTimeOffset now, CancellationToken ct = default)
    {
        var policy = await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level, ct);
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var required = (policy?.RequiredCertifications ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => types.TryGetValue(id, out var t) ? t.Chain : id)
            .ToHashSet();
        return new GateFacts(
            required,
            userId is null ? [] : await ValidChainsAsync(userId, now, ct),
            await ChainNamesAsync(ct),
            userId is not null && await SignedCurrentOnDutyAsync(userId, ct),
            vetting);
    }

    public async Task<string?> UserIdOfAsync(string employeeNumber, CancellationToken ct = default) =>
        await db.Users.Where(u => u.UserName == employeeNumber).Select(u => u.Id).SingleOrDefaultAsync(ct);
}
