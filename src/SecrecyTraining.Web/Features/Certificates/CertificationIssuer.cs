using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>
/// Records the certification a passed granting exam earns. Runs inside the grading transaction, so a certificate and its
/// number exist exactly when the attempt is graded as passed. (The PDF, QR code and revocation come with the certificates issue.)
/// </summary>
public sealed class CertificationIssuer(AppDbContext db)
{
    public async Task<Certification> IssueAsync(Attempt attempt, ExamBlueprint exam, DateTimeOffset completedAt, CancellationToken ct)
    {
        var typeId = exam.CertificationTypeId ?? throw new InvalidOperationException($"Exam {exam.Id} grants no certification.");
        var previous = await db.Certifications
            .Where(c => c.UserId == attempt.UserId && c.CertificationTypeId == typeId && c.State == CertificationState.Valid)
            .ToListAsync(ct);
        var window = await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync(ct) ?? 0;
        var validUntil = RecertificationRules.ValidUntil(completedAt, exam.ValidityMonths ?? 12, previous.MaxBy(c => c.ValidUntil)?.ValidUntil, window);
        foreach (var old in previous)
        {
            old.State = CertificationState.Superseded;
        }

        var certification = new Certification
        {
            Number = RecertificationRules.Number(LocalTime.Year(completedAt), await NextNumberAsync(LocalTime.Year(completedAt), ct)),
            UserId = attempt.UserId,
            CertificationTypeId = typeId,
            AttemptId = attempt.Id,
            IssuedAt = completedAt,
            ValidUntil = validUntil,
            State = CertificationState.Valid,
        };
        db.Certifications.Add(certification);
        return certification;
    }

    /// <summary>
    /// Makes sure the year's number row exists. Called before the issuing transaction: two first certificates of a year
    /// racing to insert the row must not abort a grading transaction.
    /// </summary>
    public async Task EnsureYearAsync(int year, CancellationToken ct)
    {
        if (await db.CertificateNumberSequences.AnyAsync(s => s.Year == year, ct))
        {
            return;
        }

        db.CertificateNumberSequences.Add(new CertificateNumberSequence { Year = year, Last = 0 });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request created it first.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes the next number of the year with a conditional update, retried until it wins; in the caller's transaction.</summary>
    private async Task<int> NextNumberAsync(int year, CancellationToken ct)
    {
        while (true)
        {
            var last = await db.CertificateNumberSequences.AsNoTracking().Where(s => s.Year == year).Select(s => s.Last).SingleAsync(ct);
            var taken = await db.CertificateNumberSequences.Where(s => s.Year == year && s.Last == last)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Last, last + 1), ct);
            if (taken == 1)
            {
                return last + 1;
            }
        }
    }
}
