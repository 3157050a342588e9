using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>
/// What issuing a certification reads that a submit does not change, read before the grading transaction: the type and
/// its chain, the holder's policy and name, and the exams whose open assignments a pass of the chain completes.
/// </summary>
public sealed record IssuePlan(
    CertificationType Type, IReadOnlyList<string> ChainTypes, PostLevelPolicy Policy, string EmployeeNumber, string Name, IReadOnlyList<string> ChainExams);

/// <summary>
/// Records the certification a passed granting exam earns. Runs inside the grading transaction, so a certificate and its
/// number exist exactly when the attempt is graded as passed. The new certification supersedes the holder's valid one of the
/// same chain, keeps the old expiry when re-certified inside the window and signs its verification code; the caller
/// completes the holder's open training assignments of the chain (<see cref="IssuePlan.ChainExams"/>) and appends the
/// audit records it returns with its own.
/// </summary>
public sealed class CertificationIssuer(AppDbContext db, Standing standing, CertificateSigner signer)
{
    public async Task<IssuePlan> PlanAsync(int personId, ExamBlueprint exam, CancellationToken ct)
    {
        var typeId = exam.CertificationTypeId ?? throw new InvalidOperationException($"Exam {exam.Id} grants no certification.");
        var types = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var type = types[typeId];
        var chainTypes = types.Values.Where(t => t.Chain == type.Chain).Select(t => t.Id).ToList();
        var policy = await standing.CertificationPolicyForPersonAsync(personId, ct);
        var holder = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.EmployeeNumber, p.Name }).SingleAsync(ct);
        var chainExams = await db.ExamBlueprints.AsNoTracking()
            .Where(e => e.CertificationTypeId != null && chainTypes.Contains(e.CertificationTypeId)).Select(e => e.Id).ToListAsync(ct);
        return new IssuePlan(type, chainTypes, policy, holder.EmployeeNumber, holder.Name, chainExams);
    }

    /// <summary>Issues the certification (in the caller's transaction); returns the audit records of what it did.</summary>
    public async Task<IReadOnlyList<Audit.AuditRecord>> IssueAsync(Attempt attempt, ExamBlueprint exam, IssuePlan plan, DateTimeOffset completedAt, CancellationToken ct)
    {
        var (type, chainTypes) = (plan.Type, plan.ChainTypes);
        var previous = await db.Certifications
            .Where(c => c.PersonId == attempt.PersonId && chainTypes.Contains(c.CertificationTypeId) && c.State == CertificationState.Valid)
            .ToListAsync(ct);
        var firstOfChain = previous.Count == 0
                           && !await db.Certifications.AnyAsync(c => c.PersonId == attempt.PersonId && chainTypes.Contains(c.CertificationTypeId), ct);
        var validUntil = plan.Policy.ValidUntil(completedAt, exam.ValidityMonths, previous.MaxBy(c => c.ValidUntil)?.ValidUntil, firstOfChain);
        foreach (var old in previous)
        {
            old.Supersede();
        }

        var number = RecertificationRules.Number(LocalTime.Year(completedAt), await NextNumberAsync(LocalTime.Year(completedAt), ct));
        db.Certifications.Add(new Certification
        {
            Number = number,
            PersonId = attempt.PersonId,
            CertificationTypeId = type.Id,
            AttemptId = attempt.Id,
            IssuedAt = completedAt,
            ValidUntil = validUntil,
            ScorePercent = attempt.MaxScore == 0 ? 0 : Math.Round((attempt.Score ?? 0) * 100m / attempt.MaxScore, 2),
            VerificationCode = signer.Sign(new CertificateFields(
                number, plan.EmployeeNumber, plan.Name, type.Name, LocalTime.Date(completedAt), LocalTime.Date(validUntil))),
        });
        return
        [
            .. previous.Select(p => new Audit.AuditRecord("system", "certificate.superseded", p.Number, $"{plan.EmployeeNumber}: by {number}")),
            new Audit.AuditRecord("system", "certificate.issued", number, $"{plan.EmployeeNumber} {type.Id} until {LocalTime.FormatDate(validUntil)}"),
        ];
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
