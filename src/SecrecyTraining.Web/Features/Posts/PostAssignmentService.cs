using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Posts;

/// <summary>The outcome of an action on a post assignment: done, or refused with every reason (zh-CN formats and arguments).</summary>
public sealed record PostOutcome(bool Succeeded, IReadOnlyList<GateItem> Problems, int? AssignmentId = null)
{
    public static PostOutcome Done(int id) => new(true, [], id);

    public static PostOutcome Refused(params GateItem[] problems) => new(false, problems);
}

/// <summary>
/// Post assignments: propose (which assigns the onboarding training), record the vetting, activate through the gate, suspend
/// when a required certification lapses, and leave (离岗) with the signed 离岗 commitment and a 脱密期. Every step and every
/// refusal is recorded on the assignment.
/// </summary>
public sealed class PostAssignmentService(AppDbContext db, Standing standing, Audit.AuditLog audit, Account.AccountProvisioning accounts, TimeProvider clock)
{
    public async Task<PostOutcome> ProposeAsync(int personId, int postId, string actor, CancellationToken ct = default)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct);
        var post = await db.Posts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (person is null || post is null)
        {
            return PostOutcome.Refused(new GateItem("人员或岗位不存在。"));
        }

        if (!await db.Users.AnyAsync(u => u.PersonId == personId, ct))
        {
            return PostOutcome.Refused(new GateItem("{0} 还没有登录账号，无法参加培训；请先为其创建账号。", person.EmployeeNumber));
        }

        if (await db.PostAssignments.AnyAsync(a => a.PersonId == personId && a.PostId == postId && a.State != PostAssignmentState.Ended, ct))
        {
            return PostOutcome.Refused(new GateItem("{0} 已在该岗位上或已被提名。", person.Name));
        }

        var now = clock.GetUtcNow();
        // Joins the caller's transaction (a roster import) or makes its own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var assignment = PostAssignment.Propose(personId, post, actor, now);
        db.PostAssignments.Add(assignment);
        await db.SaveChangesAsync(ct);
        await AssignOnboardingAsync(personId, post.Level, assignment.Id, now, ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, PostAssignmentEventKind.Proposed, assignment.Id, $"{person.EmployeeNumber} → {post.Title}（{post.Level.ChineseName()}）", ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return PostOutcome.Done(assignment.Id);
    }

    /// <summary>
    /// The onboarding training (course + pre-duty exam) for every chain the level requires and the person does not hold;
    /// nothing when an open assignment of that exam exists already.
    /// </summary>
    private async Task AssignOnboardingAsync(int personId, PostLevel level, int postAssignmentId, DateTimeOffset now, CancellationToken ct)
    {
        var facts = await standing.GateFactsAsync(personId, level, VettingResult.Passed, now, ct);
        var policy = await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level, ct);
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var exams = await db.ExamBlueprints.AsNoTracking()
            .Where(e => e.Kind == ExamKind.PreDuty && !e.IsRetired && e.CertificationTypeId != null).ToListAsync(ct);
        foreach (var chain in facts.RequiredChains.Where(c => !facts.ValidChains.Contains(c)))
        {
            var exam = exams.Where(e => types.TryGetValue(e.CertificationTypeId!, out var t) && t.Chain == chain).MinBy(e => e.Id, StringComparer.Ordinal);
            if (exam is null || await db.TrainingAssignments.AnyAsync(t => t.PersonId == personId && t.ExamId == exam.Id && t.CompletedAt == null, ct))
            {
                continue;
            }

            db.TrainingAssignments.Add(new TrainingAssignment
            {
                PersonId = personId,
                Reason = TrainingReason.Onboarding,
                CourseId = exam.CourseId,
                ExamId = exam.Id,
                AssignedAt = now,
                DueAt = now.AddDays(policy?.OnboardingDueDays ?? 30),
                PostAssignmentId = postAssignmentId,
            });
        }
    }

    public async Task<PostOutcome> RecordVettingAsync(int assignmentId, bool passed, string? note, string actor, CancellationToken ct = default)
    {
        var assignment = await db.PostAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId, ct);
        if (assignment is null)
        {
            return PostOutcome.Refused(new GateItem("只能为待上岗的提名记录上岗前保密审查。"));
        }

        var was = assignment.Vetting;
        var refused = await IsOwnAsync(assignment, actor, ct)
            ? [new GateItem("不能为本人的岗位任用记录审查结果或启用岗位。")]
            : assignment.RecordVetting(passed, note, actor, clock.GetUtcNow());
        if (refused.Count > 0)
        {
            return new PostOutcome(false, refused);
        }

        await AuditAsync(actor, PostAssignmentEventKind.VettingRecorded, assignmentId, $"vetting {was} → {assignment.Vetting}", ct); // saves the vetting with it
        return PostOutcome.Done(assignmentId);
    }

    /// <summary>
    /// Activates a proposed or suspended assignment when the gate holds; otherwise records the refusal with every missing
    /// item. The gate's facts are read and the state written in one transaction that holds the person's lock, so a
    /// concurrent revocation runs wholly before or after it (<see cref="PersonLock"/>).
    /// </summary>
    public async Task<PostOutcome> ActivateAsync(int assignmentId, string actor, CancellationToken ct = default)
    {
        var personId = await db.PostAssignments.Where(a => a.Id == assignmentId).Select(a => (int?)a.PersonId).SingleOrDefaultAsync(ct);
        if (personId is null)
        {
            return PostOutcome.Refused(new GateItem("只能启用待上岗或已暂停的岗位。"));
        }

        // Joins the caller's transaction (a certificate issued at an exam's end) or makes its own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.LockAsync([personId.Value], ct);
        var assignment = await db.PostAssignments.Include(a => a.Post).SingleAsync(a => a.Id == assignmentId, ct);
        if (assignment.State is PostAssignmentState.Active or PostAssignmentState.Ended)
        {
            return PostOutcome.Refused(new GateItem("只能启用待上岗或已暂停的岗位。"));
        }

        if (await IsOwnAsync(assignment, actor, ct))
        {
            return PostOutcome.Refused(new GateItem("不能为本人的岗位任用记录审查结果或启用岗位。"));
        }

        var now = clock.GetUtcNow();
        var was = assignment.State;
        var missing = assignment.Activate(await standing.GateFactsAsync(assignment.PersonId, assignment.Post!.Level, assignment.Vetting, now, ct), actor, now);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, missing.Count > 0 ? PostAssignmentEventKind.ActivationRefused : PostAssignmentEventKind.Activated, assignmentId,
            missing.Count > 0 ? string.Join("；", missing) : $"{was} → {assignment.State}", ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return missing.Count > 0 ? new PostOutcome(false, missing, assignmentId) : PostOutcome.Done(assignmentId);
    }

    /// <summary>
    /// Suspends the person's active assignments whose level requires a chain they no longer hold a valid certification of
    /// (revoked, or expired longer ago than the level's grace days). Returns how many were suspended.
    /// </summary>
    public async Task<int> SuspendLapsedAsync(int personId, string reason, string actor, DateTimeOffset now, CancellationToken ct = default) =>
        (await SuspendLapsedAsync([personId], _ => reason, actor, now, ct)).GetValueOrDefault(personId);

    /// <summary>
    /// The same for many people at once (the expiry sweep): a few queries for the whole batch. Saves the suspensions with
    /// their audit records (in the caller's transaction when there is one). Returns suspensions per person.
    /// </summary>
    public async Task<Dictionary<int, int>> SuspendLapsedAsync(
        IReadOnlyCollection<int> personIds, Func<int, string> reasonFor, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        await db.LockAsync(personIds, ct); // against a concurrent activation (see ActivateAsync)
        var active = await db.PostAssignments.Include(a => a.Post)
            .Where(a => personIds.Contains(a.PersonId) && a.State == PostAssignmentState.Active).ToListAsync(ct);
        // A level's grace: a certificate that expired less than graceDays ago still holds its posts (revoked ones never do).
        var grace = await db.PostLevelPolicies.AsNoTracking().ToDictionaryAsync(p => p.Level, p => p.GraceDays, ct);
        var validAfterGrace = new Dictionary<int, Dictionary<int, HashSet<string>>>();
        foreach (var days in active.Select(a => grace.GetValueOrDefault(a.Post!.Level)).Distinct())
        {
            validAfterGrace[days] = await standing.ValidChainsByPersonAsync(personIds, now.AddDays(-days), ct);
        }

        var required = await standing.RequiredChainsAsync(ct);
        var suspended = new Dictionary<int, int>();
        var records = new List<Audit.AuditRecord>();
        foreach (var assignment in active)
        {
            var personId = assignment.PersonId;
            var holds = validAfterGrace[grace.GetValueOrDefault(assignment.Post!.Level)].GetValueOrDefault(personId) ?? [];
            if (required.GetValueOrDefault(assignment.Post!.Level, []).All(holds.Contains))
            {
                continue;
            }

            var reason = reasonFor(personId);
            assignment.Suspend(reason, actor, now);
            records.Add(new Audit.AuditRecord(actor, "post." + PostAssignmentEventKind.Suspended, $"post-assignment:{assignment.Id}",
                $"{PostAssignmentState.Active} → {assignment.State}: {reason}"));
            suspended[personId] = suspended.GetValueOrDefault(personId) + 1;
        }

        await audit.AppendAsync(records, ct); // saves the suspensions with their audit records
        return suspended;
    }

    /// <summary>After a new certification: every suspended assignment of the person goes through the gate again.</summary>
    public async Task ReactivateSuspendedAsync(int personId, string actor, CancellationToken ct = default)
    {
        var suspended = await db.PostAssignments.Where(a => a.PersonId == personId && a.State == PostAssignmentState.Suspended)
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in suspended)
        {
            await ActivateAsync(id, actor, ct);
        }
    }

    /// <summary>Starts the leaving procedure: the person can now sign the 离岗保密承诺书 for this post.</summary>
    public async Task<PostOutcome> RequestLeavingAsync(int assignmentId, string actor, CancellationToken ct = default)
    {
        var assignment = await db.PostAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId, ct);
        var refused = assignment is null ? [new GateItem("该岗位已离岗或已发起离岗。")] : assignment.RequestLeaving(actor, clock.GetUtcNow());
        if (refused.Count > 0)
        {
            return new PostOutcome(false, refused);
        }

        await AuditAsync(actor, PostAssignmentEventKind.LeavingRequested, assignmentId, "leaving not requested → requested", ct); // saves the change with it
        return PostOutcome.Done(assignmentId);
    }

    /// <summary>Ends the assignment (离岗) once the 离岗 commitment for it is signed; the 脱密期 runs from today for the level's months.</summary>
    public async Task<PostOutcome> EndAsync(int assignmentId, string actor, CancellationToken ct = default)
    {
        var assignment = await db.PostAssignments.Include(a => a.Post).SingleOrDefaultAsync(a => a.Id == assignmentId, ct);
        if (assignment is null || assignment.State == PostAssignmentState.Ended)
        {
            return PostOutcome.Refused(new GateItem("该岗位已离岗。"));
        }

        var now = clock.GetUtcNow();
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var offDutySigned = await db.CommitmentSignatures.AnyAsync(s => s.PostAssignmentId == assignmentId && s.Kind == CommitmentKind.OffDuty, ct);
        var months = (await db.PostLevelPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == assignment.Post!.Level, ct))?.DecryptionPeriodMonths ?? 0;
        var was = assignment.State;
        var refused = assignment.End(offDutySigned, months, actor, now);
        if (refused.Count > 0)
        {
            await AuditAsync(actor, PostAssignmentEventKind.EndRefused, assignmentId, string.Join("；", refused), ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return new PostOutcome(false, refused, assignmentId);
        }

        await AuditAsync(actor, PostAssignmentEventKind.Ended, assignmentId,
            $"{was} → {assignment.State}" + (assignment.DecryptionEndsOn is { } until
                ? $", decryption period until {until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}"
                : ""), ct);

        // A person who left the organisation loses their account with their last post.
        await accounts.DisableLeaverAsync(actor, assignment.PersonId, now);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return PostOutcome.Done(assignmentId);
    }

    /// <summary>HR changes one person's 脱密期 end; the reason is required and recorded.</summary>
    public async Task<PostOutcome> ChangeDecryptionEndAsync(int assignmentId, DateOnly endsOn, string? reason, string actor, CancellationToken ct = default)
    {
        var assignment = await db.PostAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId, ct);
        var refused = assignment is null
            ? [new GateItem("只有已离岗且处于脱密期的人员可以调整脱密期。")]
            : assignment.ChangeDecryptionEnd(endsOn, reason, actor, clock.GetUtcNow());
        if (refused.Count > 0)
        {
            return new PostOutcome(false, refused);
        }

        await AuditAsync(actor, PostAssignmentEventKind.DecryptionPeriodChanged, assignmentId, assignment!.Events[^1].Details, ct);
        return PostOutcome.Done(assignmentId);
    }

    /// <summary>Whether <paramref name="actor"/> signs in as the person on the assignment: nobody vets or activates their own post.</summary>
    private Task<bool> IsOwnAsync(PostAssignment assignment, string actor, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.UserName == actor && u.PersonId == assignment.PersonId, ct);

    /// <summary>The audit record of a post event (the post's own history keeps the zh-CN details as well).</summary>
    private Task AuditAsync(string actor, PostAssignmentEventKind kind, int assignmentId, string details, CancellationToken ct) =>
        audit.AppendAsync(actor, "post." + kind, $"post-assignment:{assignmentId}", details, ct);
}

public static class PostAssignmentNames
{
    /// <summary>The state as shown (also the localization key).</summary>
    public static string State(PostAssignmentState state) => state switch
    {
        PostAssignmentState.Proposed => "待上岗",
        PostAssignmentState.Active => "在岗",
        PostAssignmentState.Suspended => "已暂停",
        PostAssignmentState.Ended => "已离岗",
        _ => state.ToString(),
    };

    public static string Event(PostAssignmentEventKind kind) => kind switch
    {
        PostAssignmentEventKind.Proposed => "提名上岗",
        PostAssignmentEventKind.VettingRecorded => "记录上岗前保密审查",
        PostAssignmentEventKind.ActivationRefused => "启用被拒绝",
        PostAssignmentEventKind.Activated => "启用岗位",
        PostAssignmentEventKind.Suspended => "暂停岗位",
        PostAssignmentEventKind.LeavingRequested => "发起离岗",
        PostAssignmentEventKind.EndRefused => "离岗被拒绝",
        PostAssignmentEventKind.Ended => "离岗",
        PostAssignmentEventKind.DecryptionPeriodChanged => "调整脱密期",
        _ => kind.ToString(),
    };
}
