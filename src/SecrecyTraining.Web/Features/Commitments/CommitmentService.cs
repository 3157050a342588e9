using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Commitments;

/// <summary>A commitment the user is asked to sign: the text, and for a 离岗 commitment the post being left.</summary>
public sealed record PendingCommitment(CommitmentText Text, int? PostAssignmentId, string? PostTitle);

public enum SignOutcome
{
    Signed,
    WrongPassword,
    LockedOut,
    TextChanged,
    NotPending,
}

/// <summary>
/// Signing the 保密承诺书 in the app: the person reads the current text and confirms with their password; the signature keeps
/// the text's version and SHA-256 hash. Wrong passwords count towards the account lockout like a sign-in.
/// </summary>
public sealed class CommitmentService(AppDbContext db, SignInManager<AppUser> signIn, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>
    /// What the user should sign now: the current 上岗 text while they are proposed for or on a post and have not signed it,
    /// and the 离岗 text for each post whose leaving HR started.
    /// </summary>
    public async Task<IReadOnlyList<PendingCommitment>> PendingAsync(int personId, CancellationToken ct = default)
    {
        var open = await db.PostAssignments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.State != PostAssignmentState.Ended)
            .Select(a => new { a.Id, a.Post!.Title, a.LeavingRequestedAt }).ToListAsync(ct);
        var texts = await db.CommitmentTexts.AsNoTracking().Where(t => t.IsCurrent).ToListAsync(ct);
        var signed = await db.CommitmentSignatures.AsNoTracking().Where(s => s.PersonId == personId)
            .Select(s => new { s.CommitmentTextId, s.PostAssignmentId, s.Kind }).ToListAsync(ct);
        var pending = new List<PendingCommitment>();
        if (texts.FirstOrDefault(t => t.Kind == CommitmentKind.OnDuty) is { } onDuty
            && open.Any(a => a.LeavingRequestedAt is null)
            && signed.All(s => s.CommitmentTextId != onDuty.Id))
        {
            pending.Add(new PendingCommitment(onDuty, null, null));
        }

        if (texts.FirstOrDefault(t => t.Kind == CommitmentKind.OffDuty) is { } offDuty)
        {
            pending.AddRange(open.Where(a => a.LeavingRequestedAt is not null
                                             && !signed.Any(s => s.Kind == CommitmentKind.OffDuty && s.PostAssignmentId == a.Id))
                .Select(a => new PendingCommitment(offDuty, a.Id, a.Title)));
        }

        return pending;
    }

    public async Task<IReadOnlyList<CommitmentSignature>> SignedAsync(int personId, CancellationToken ct = default) =>
        await db.CommitmentSignatures.AsNoTracking().Where(s => s.PersonId == personId).OrderByDescending(s => s.SignedAt).ToListAsync(ct);

    /// <summary>
    /// Signs <paramref name="textId"/> as shown (<paramref name="shownHash"/> must still be the current text's hash) after
    /// checking the password.
    /// </summary>
    public async Task<SignOutcome> SignAsync(AppUser user, int textId, string shownHash, int? postAssignmentId, string password, CancellationToken ct = default)
    {
        var pending = await PendingAsync(user.PersonId ?? throw new InvalidOperationException("The account has no staff record."), ct);
        var item = pending.FirstOrDefault(p => p.Text.Id == textId && p.PostAssignmentId == postAssignmentId);
        if (item is null)
        {
            return await db.CommitmentTexts.AnyAsync(t => t.Id == textId && !t.IsCurrent, ct) ? SignOutcome.TextChanged : SignOutcome.NotPending;
        }

        if (!string.Equals(item.Text.TextHash, shownHash, StringComparison.OrdinalIgnoreCase))
        {
            return SignOutcome.TextChanged;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return SignOutcome.LockedOut;
        }

        if (!check.Succeeded)
        {
            return SignOutcome.WrongPassword;
        }

        db.CommitmentSignatures.Add(new CommitmentSignature
        {
            PersonId = user.PersonId.Value,
            Kind = item.Text.Kind,
            CommitmentTextId = item.Text.Id,
            Version = item.Text.Version,
            TextHash = item.Text.TextHash,
            SignedAt = clock.GetUtcNow(),
            PostAssignmentId = postAssignmentId,
        });
        await audit.AppendAsync(user.UserName!, "commitment.signed", $"person:{user.PersonId}",
            $"{item.Text.Kind} {item.Text.Version} sha256:{item.Text.TextHash}" + (postAssignmentId is { } post ? $" post-assignment:{post}" : ""), ct);
        return SignOutcome.Signed;
    }
}
