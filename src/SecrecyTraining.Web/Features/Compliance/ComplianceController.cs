using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>The compliance dashboard: HR and the 保密办 see the organisation, a department head only their department.</summary>
[Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice + "," + Roles.DeptHead)]
[Route("compliance")]
public sealed class ComplianceController(ComplianceService compliance, AnnualReport report, Posts.Standing standing, TimeProvider clock, Audit.AuditLog audit) : Controller
{
    /// <summary>The annual secrecy-training report (this year unless another is asked for), with its xlsx and PDF.</summary>
    [Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice)]
    [HttpGet("report")]
    public async Task<IActionResult> Report(int? year, CancellationToken ct) =>
        View(await report.BuildAsync(ValidYear(year), ct));

    [Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice)]
    [HttpGet("report/{year:int}.{format:regex(^(xlsx|pdf)$)}")]
    public async Task<IActionResult> ReportFile(int year, string format, CancellationToken ct)
    {
        var data = await report.BuildAsync(ValidYear(year), ct);
        var stream = new MemoryStream();
        if (format == "pdf")
        {
            report.WritePdf(data, stream);
        }
        else
        {
            await AnnualReport.WriteXlsxAsync(data, stream, ct);
        }

        stream.Position = 0;
        await audit.AppendAsync(User.Identity!.Name!, "export.annual-report", data.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), format, ct);
        return File(stream, format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"secrecy-training-report-{data.Year}.{format}");
    }

    private int ValidYear(int? year)
    {
        var current = Infrastructure.Web.LocalTime.Year(clock.GetUtcNow());
        return year is { } y && y >= 2000 && y <= current ? y : current;
    }

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (User.IsInRole(Roles.HR) || User.IsInRole(Roles.SecrecyOffice))
        {
            return View(await compliance.SnapshotAsync(null, ct));
        }

        var own = await standing.DepartmentIdOfAsync(User.PersonId(), ct);
        if (own is null)
        {
            return View("NoDepartment");
        }

        return View(await compliance.SnapshotAsync(own, ct));
    }
}
