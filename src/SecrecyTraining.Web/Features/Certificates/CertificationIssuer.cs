using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>
/// Records the certification a passed granting exam earns. Runs inside the grading transaction, so a certificate and its
/// number exist exactly when the attempt is graded as passed. The new certification supersedes the holder's valid one of the
/// same chain, keeps the old expiry when re-certified inside the window, signs its verification code, and completes the
/// holder's open training assignments of that chain.
/// </summary>
public sealed class CertificationIssuer(AppDbContext db, Standing standing, CertificateSigner signer, Audit.AuditLog audit)
{
    public async Task<Certification> IssueAsync(Attempt attempt, ExamBlueprint exam, DateTimeOffset completedAt, CancellationToken ct)
    {
        var typeId = exam.CertificationTypeId ?? throw new InvalidOperationException($"Exam {exam.Id} grants no certification.");
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var type = types[typeId];
        var chainTypes = types.Values.Where(t => t.Chain == type.Chain).Select(t => t.Id).ToList();
        var previous = await db.Certifications
            .Where(c => c.PersonId == attempt.PersonId && chainTypes.Contains(c.CertificationTypeId) && c.State == CertificationState.Valid)
            .ToListAsync(ct);
        var policy = await standing.CertificationPolicyForPersonAsync(attempt.PersonId, ct);
        var firstOfChain = previous.Count == 0
                           && !await db.Certifications.AnyAsync(c => c.PersonId == attempt.PersonId && chainTypes.Contains(c.CertificationTypeId), ct);
        var validUntil = policy.ValidUntil(completedAt, exam.ValidityMonths, previous.MaxBy(c => c.ValidUntil)?.ValidUntil, firstOfChain);
        foreach (var old in previous)
        {
            old.Supersede();
        }

        var holder = await db.People.AsNoTracking().Where(p => p.Id == attempt.PersonId).Select(p => new { p.EmployeeNumber, p.Name }).SingleAsync(ct);
        var number = RecertificationRules.Number(LocalTime.Year(completedAt), await NextNumberAsync(LocalTime.Year(completedAt), ct));
        var certification = new Certification
        {
            Number = number,
            PersonId = attempt.PersonId,
            CertificationTypeId = typeId,
            AttemptId = attempt.Id,
            IssuedAt = completedAt,
            ValidUntil = validUntil,
            ScorePercent = attempt.MaxScore == 0 ? 0 : Math.Round((attempt.Score ?? 0) * 100m / attempt.MaxScore, 2),
            VerificationCode = signer.Sign(new CertificateFields(
                number, holder.EmployeeNumber, holder.Name, type.Name, LocalTime.Date(completedAt), LocalTime.Date(validUntil))),
        };
        db.Certifications.Add(certification);
        await audit.AppendAsync(
            [
                .. previous.Select(p => new Audit.AuditRecord("system", "certificate.superseded", p.Number, $"{holder.EmployeeNumber}: by {number}")),
                new Audit.AuditRecord("system", "certificate.issued", number, $"{holder.EmployeeNumber} {typeId} until {LocalTime.FormatDate(validUntil)}"),
            ], ct);

        var chainExams = await db.ExamBlueprints.AsNoTracking()
            .Where(e => e.CertificationTypeId != null && chainTypes.Contains(e.CertificationTypeId)).Select(e => e.Id).ToListAsync(ct);
        var open = await db.TrainingAssignments
            .Where(t => t.PersonId == attempt.PersonId && t.CompletedAt == null && chainExams.Contains(t.ExamId)).ToListAsync(ct);
        foreach (var assignment in open)
        {
            assignment.CompletedAt = completedAt;
        }

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
