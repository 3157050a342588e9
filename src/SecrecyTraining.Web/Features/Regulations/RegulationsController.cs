using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Regulations;

public sealed record RegulationText(Regulation Regulation, IReadOnlyList<(Clause Clause, int Depth)> Clauses);

/// <summary>The regulations and laws, clause by clause; every signed-in user may read them (lessons link here by clause id).</summary>
[Route("regulations")]
public sealed class RegulationsController(AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        View(await db.Regulations.AsNoTracking().Where(r => !r.IsRetired).OrderBy(r => r.SortOrder).ToListAsync());

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id)
    {
        var regulation = await db.Regulations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && !r.IsRetired);
        if (regulation is null)
        {
            return NotFound();
        }

        var clauses = await db.Clauses.AsNoTracking().Where(c => c.RegulationId == id && !c.IsRetired).OrderBy(c => c.SortOrder).ToListAsync();
        var byId = clauses.ToDictionary(c => c.Id);
        int Depth(Clause c) => c.ParentId is { } p && byId.TryGetValue(p, out var parent) ? Depth(parent) + 1 : 0;
        return View(new RegulationText(regulation, [.. clauses.Select(c => (c, Depth(c)))]));
    }

    /// <summary>Opens the regulation at a clause: <c>/regulations/clause/QD.4.1</c> → <c>/regulations/QD#QD.4.1</c>.</summary>
    [HttpGet("clause/{clauseId}")]
    public async Task<IActionResult> Clause(string clauseId)
    {
        var regulationId = await db.Clauses.Where(c => c.Id == clauseId).Select(c => c.RegulationId).SingleOrDefaultAsync();
        return regulationId is null ? NotFound() : Redirect($"/regulations/{Uri.EscapeDataString(regulationId)}#{Uri.EscapeDataString(clauseId)}");
    }
}
