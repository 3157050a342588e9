using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>A certification with everything a page, a PDF or the verification page shows about it.</summary>
public sealed record CertificationView(
    Certification Certification, string TypeName, string HolderName, string EmployeeNumber, string Department, CertificationStatus Status);

/// <summary>Reading certifications for pages and PDFs, revoking them, and the certificate sheets to print.</summary>
public sealed class CertificationAdministration(
    AppDbContext db, PostAssignmentService posts, Standing standing, TimeProvider clock, IConfiguration configuration, Audit.AuditLog audit,
    Notifications.Notifier notifier, PublicAddress address)
{
    /// <summary>How many days before expiry a certificate shows as 即将到期: the widest recertification window.</summary>
    public Task<int> ExpiringWithinDaysAsync(CancellationToken ct = default) => standing.WidestWindowDaysAsync(ct);

    /// <summary>Certifications matching <paramref name="filter"/>, with holder and department, newest first.</summary>
    public async Task<List<CertificationView>> ListAsync(Func<IQueryable<Certification>, IQueryable<Certification>> filter, CancellationToken ct = default)
    {
        var window = await ExpiringWithinDaysAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await (from c in filter(db.Certifications.AsNoTracking())
                          join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                          join p in db.People on c.PersonId equals p.Id
                          select new { c, t.Name, p.EmployeeNumber, HolderName = p.Name, Department = p.Department!.Name })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.c.IssuedAt).ThenByDescending(r => r.c.Id)
            .Select(r => new CertificationView(r.c, r.Name, r.HolderName, r.EmployeeNumber, r.Department, r.c.StatusAt(now, window)))];
    }

    public async Task<CertificationView?> FindAsync(int id, CancellationToken ct = default) =>
        (await ListAsync(q => q.Where(c => c.Id == id), ct)).SingleOrDefault();

    public async Task<CertificationView?> FindByNumberAsync(string number, CancellationToken ct = default) =>
        (await ListAsync(q => q.Where(c => c.Number == number), ct)).SingleOrDefault();

    /// <summary>
    /// The printable certificates of a department (valid, not expired), ordered by employee number, read row by row so a
    /// department of any size is printed with flat memory.
    /// </summary>
    public async IAsyncEnumerable<CertificateSheet> DepartmentSheetsAsync(
        int departmentId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var window = await ExpiringWithinDaysAsync(ct);
        var now = clock.GetUtcNow();
        var rows = (from c in db.Certifications.AsNoTracking()
                    join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                    join p in db.People on c.PersonId equals p.Id
                    where p.DepartmentId == departmentId && c.State == CertificationState.Valid && c.ValidUntil > now
                    orderby p.EmployeeNumber, c.Number
                    select new { c, t.Name, p.EmployeeNumber, HolderName = p.Name, Department = p.Department!.Name })
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            yield return Sheet(new CertificationView(r.c, r.Name, r.HolderName, r.EmployeeNumber, r.Department, r.c.StatusAt(now, window)));
        }
    }

    /// <summary>
    /// Revokes a certification (SecrecyOffice) with a reason, and suspends the holder's active posts that depended on it.
    /// Returns the number of suspended posts, or null when the certification is not valid (already revoked or superseded).
    /// </summary>
    public async Task<int?> RevokeAsync(int id, string reason, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = clock.GetUtcNow();
        var holder = await db.Certifications.Where(c => c.Id == id).Select(c => (int?)c.PersonId).SingleOrDefaultAsync(ct);
        if (holder is null)
        {
            return null;
        }

        // The holder's lock first: an activation running now finishes before this reads the posts, or starts after it.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync([holder.Value], ct);
        var certification = await db.Certifications.SingleAsync(c => c.Id == id, ct);
        if (!certification.Revoke(reason, actor, now))
        {
            return null;
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, "certificate.revoked", certification.Number, reason.Trim(), ct);
        var suspended = await posts.SuspendLapsedAsync(certification.PersonId, $"证书 {certification.Number} 已撤销：{reason.Trim()}", actor, now, ct);
        await NotifyRevokedAsync(certification, reason.Trim(), suspended, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return suspended;
    }

    /// <summary>The holder is told what happened and what to do next; HR and the holder's department head are told too.</summary>
    private async Task NotifyRevokedAsync(Certification certification, string reason, int suspended, CancellationToken ct)
    {
        var holder = await db.People.Where(p => p.Id == certification.PersonId).Select(p => p.Name + "（" + p.EmployeeNumber + "）").SingleAsync(ct);
        var account = (await notifier.AccountsOfAsync([certification.PersonId], ct)).GetValueOrDefault(certification.PersonId);
        var posts = suspended > 0 ? $"，{suspended} 个涉密岗位已暂停" : "";
        var drafts = new List<Notifications.NotificationDraft>();
        if (account is not null)
        {
            drafts.Add(new(account, $"revoked:{certification.Id}:{account}", "证书已撤销",
                $"您的证书 {certification.Number} 已被撤销（{reason}）{posts}。请重新参加考试取得证书；通过后岗位将重新启用。", "/exams"));
        }

        var heads = await notifier.DepartmentHeadsOfAsync([certification.PersonId], ct);
        drafts.AddRange((await notifier.UsersInRoleAsync(Roles.HR, ct)).Concat(heads.GetValueOrDefault(certification.PersonId) ?? [])
            .Distinct().Where(r => r != account)
            .Select(r => new Notifications.NotificationDraft(r, $"revoked:{certification.Id}:{r}", "人员证书已撤销",
                $"{holder}的证书 {certification.Number} 已被撤销（{reason}）{posts}。", null)));
        await notifier.AddAsync(drafts, ct);
    }

    /// <summary>
    /// The signed fields against the record: every field the database now says otherwise (holder, certificate, dates) —
    /// the record was changed after the certificate was signed. An employee number HR corrected since (each step audited)
    /// is not a mismatch; the number it is now is returned.
    /// </summary>
    public async Task<(IReadOnlyList<FieldMismatch> Mismatches, string? NumberCorrectedTo)> CompareAsync(
        CertificateFields signed, CertificationView record, CancellationToken ct = default)
    {
        var c = record.Certification;
        var mismatches = new List<FieldMismatch>();
        void Compare(string field, string signedValue, string recorded)
        {
            if (!string.Equals(signedValue, recorded, StringComparison.Ordinal))
            {
                mismatches.Add(new FieldMismatch(field, signedValue, recorded));
            }
        }

        Compare(Ui.Key("持证人"), signed.HolderName, record.HolderName.Replace('|', '/'));
        Compare(Ui.Key("证书"), signed.TypeName, record.TypeName.Replace('|', '/'));
        Compare(Ui.Key("签发日期"), signed.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), LocalTime.FormatDate(c.IssuedAt));
        Compare(Ui.Key("有效期至"), signed.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), LocalTime.FormatDate(c.ValidUntil));
        if (signed.EmployeeNumber == record.EmployeeNumber)
        {
            return (mismatches, null);
        }

        // Follow HR's audited corrections from the signed number; reaching today's number means nothing was tampered with.
        var corrections = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "person.employee-number-corrected" && e.Subject == $"person:{c.PersonId}")
            .OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync(ct);
        var number = signed.EmployeeNumber;
        foreach (var details in corrections)
        {
            if (details.StartsWith(number + " → ", StringComparison.Ordinal))
            {
                number = details[(number.Length + 3)..].Split([' ', ':'], 2)[0];
            }
        }

        if (number == record.EmployeeNumber)
        {
            return (mismatches, number);
        }

        Compare(Ui.Key("工号"), signed.EmployeeNumber, record.EmployeeNumber);
        return (mismatches, null);
    }

    /// <summary>The verification URL for a code, on the public address (never the requesting browser's Host header).</summary>
    private string VerificationUrl(string code) => address.Combine("/verify?c=" + code);

    public CertificateSheet Sheet(CertificationView view)
    {
        var organisation = configuration["Organisation:Name"] is { Length: > 0 } name ? name : "本单位";
        var issuer = configuration["Organisation:CertificateIssuer"] is { Length: > 0 } i ? i : organisation + "保密委员会办公室";
        var c = view.Certification;
        return new CertificateSheet(organisation, issuer, view.HolderName, view.EmployeeNumber, view.Department, view.TypeName, c.ScorePercent,
            c.Number, LocalTime.Date(c.IssuedAt), LocalTime.Date(c.ValidUntil), VerificationUrl(c.VerificationCode));
    }
}
