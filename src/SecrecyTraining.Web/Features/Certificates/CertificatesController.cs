using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Certificates;

public sealed record CertificatesViewModel(
    IReadOnlyList<Department> Departments,
    int? DepartmentId,
    string? Search,
    IReadOnlyList<CertificationView> Rows,
    string? Done,
    int? DoneArgument,
    string? Error);

/// <param name="Code">The code asked about.</param>
/// <param name="Result">What the signature says.</param>
/// <param name="Record">The certification with that number, when the signature is valid and its code is the record's.</param>
/// <param name="Mismatches">Where the record differs from the signed fields (changed in the database since issue).</param>
/// <param name="NumberCorrectedTo">The holder's employee number now, when HR corrected it since issue (audited).</param>
public sealed record VerifyViewModel(
    string? Code, VerificationResult? Result, CertificationView? Record, IReadOnlyList<FieldMismatch>? Mismatches = null, string? NumberCorrectedTo = null);

/// <summary>A signed field whose value in the database differs: its label (the localization key), signed and recorded values.</summary>
public sealed record FieldMismatch(string Field, string Signed, string Recorded);

/// <summary>Certificates: own PDF for the holder; lists and printing for HR; revocation for the 保密办; anonymous verification.</summary>
public sealed class CertificatesController(
    AppDbContext db,
    CertificationAdministration certifications,
    CertificatePdf pdf,
    CertificateSigner signer,
    Audit.AuditLog audit,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    private const string PdfType = "application/pdf";

    [Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice)]
    [HttpGet("/certificates")]
    public async Task<IActionResult> Index(int? departmentId, string? search) =>
        View(await ModelAsync(departmentId, search, TempData["Done"] as string, null, TempData["DoneArgument"] as int?));

    /// <summary>One certificate as PDF: the holder's own, or any for HR and the 保密办. A revoked one is not printed.</summary>
    [Authorize]
    [HttpGet("/certificates/{id:int}.pdf")]
    public async Task<IActionResult> Pdf(int id)
    {
        var view = await certifications.FindAsync(id);
        var mayPrintAny = User.IsInRole(Roles.HR) || User.IsInRole(Roles.SecrecyOffice);
        if (view is null || (!mayPrintAny && view.Certification.PersonId != User.PersonId()))
        {
            return NotFound();
        }

        if (view.Status == CertificationStatus.Revoked)
        {
            return Problem(statusCode: StatusCodes.Status410Gone, title: localizer["证书已撤销，不能打印。"]);
        }

        var stream = new MemoryStream();
        pdf.Write([certifications.Sheet(view)], stream);
        stream.Position = 0;
        return File(stream, PdfType, $"{view.Certification.Number}.pdf");
    }

    /// <summary>Every valid (or expiring) certificate of a department as one PDF, a page each, streamed as it is drawn.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpGet("/certificates/department/{departmentId:int}.pdf")]
    public async Task<IActionResult> DepartmentPdf(int departmentId, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == departmentId, ct);
        if (department is null)
        {
            return NotFound();
        }

        if (!await certifications.DepartmentSheetsAsync(departmentId, ct).AnyAsync(ct))
        {
            return View(nameof(Index), await ModelAsync(departmentId, null, null, Ui.Key("该处室没有有效的证书。")));
        }

        await audit.AppendAsync(User.Identity!.Name!, "export.certificates", $"department:{departmentId}", department.Name, ct);
        Response.ContentType = PdfType;
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition
        {
            FileName = $"certificates-{departmentId}.pdf",
            DispositionType = "attachment",
        }.ToString();
        await pdf.WriteManyAsync(certifications.DepartmentSheetsAsync(departmentId, ct), Response.Body, ct);
        return new EmptyResult();
    }

    [Authorize(Policy = Policies.SecrecyOffice)]
    [HttpPost("/certificates/{id:int}/revoke")]
    public async Task<IActionResult> Revoke(int id, [StringLength(500)] string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ModelAsync(null, null, null, Ui.Key("撤销证书必须填写理由（不超过 500 字）。")));
        }

        var suspended = await certifications.RevokeAsync(id, reason, User.Identity!.Name!);
        if (suspended is null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(nameof(Index), await ModelAsync(null, null, null, Ui.Key("只能撤销有效的证书。")));
        }

        TempData["Done"] = suspended > 0 ? Ui.Key("证书已撤销，{0} 个依赖该证书的岗位已暂停。") : Ui.Key("证书已撤销。");
        TempData["DoneArgument"] = suspended;
        return Redirect("/certificates");
    }

    /// <summary>Anyone (no sign-in) checks a certificate's code: signature, fields and current status.</summary>
    [AllowAnonymous]
    [AllowedWhilePasswordChangeRequired]
    [HttpGet("/verify")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Verify)]
    public async Task<IActionResult> Verify(string? c)
    {
        if (string.IsNullOrWhiteSpace(c))
        {
            return View(new VerifyViewModel(null, null, null));
        }

        var result = signer.Verify(c);
        var record = result.IsValid ? await certifications.FindByNumberAsync(result.Fields!.Number) : null;
        if (record is not null && record.Certification.VerificationCode != CertificateSigner.CodeOf(c))
        {
            record = null;
        }

        if (!result.IsValid || record is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View(new VerifyViewModel(c, result, record));
        }

        var (mismatches, correctedTo) = await certifications.CompareAsync(result.Fields!, record);
        if (mismatches.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return View(new VerifyViewModel(c, result, record, mismatches, correctedTo));
    }


    private async Task<CertificatesViewModel> ModelAsync(int? departmentId, string? search, string? done, string? error, int? doneArgument = null)
    {
        var rows = await certifications.ListAsync(q => q.Where(c => c.State != CertificationState.Superseded));
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync();
        if (departmentId is not null && departments.FirstOrDefault(d => d.Id == departmentId) is { } department)
        {
            rows = [.. rows.Where(r => r.Department == department.Name)];
        }

        if (Infrastructure.Web.SearchTerm.Normalize(search) is { } term)
        {
            rows = [.. rows.Where(r => r.HolderName.Contains(term, StringComparison.Ordinal) || r.EmployeeNumber.Contains(term, StringComparison.Ordinal)
                                       || r.Certification.Number.Contains(term, StringComparison.OrdinalIgnoreCase))];
        }

        return new CertificatesViewModel(departments, departmentId, search, rows, done, doneArgument, error);
    }
}
