using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>The compliance dashboard: HR and the 保密办 see the organisation, a department head only their department.</summary>
[Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice + "," + Roles.DeptHead)]
[Route("compliance")]
public sealed class ComplianceController(ComplianceService compliance, AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (User.IsInRole(Roles.HR) || User.IsInRole(Roles.SecrecyOffice))
        {
            return View(await compliance.SnapshotAsync(null, ct));
        }

        var own = await db.People.AsNoTracking().Where(p => p.EmployeeNumber == User.Identity!.Name).Select(p => (int?)p.DepartmentId).FirstOrDefaultAsync(ct);
        if (own is null)
        {
            return View("NoDepartment");
        }

        return View(await compliance.SnapshotAsync(own, ct));
    }
}
