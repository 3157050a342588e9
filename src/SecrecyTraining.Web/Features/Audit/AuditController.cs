using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Staff;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Audit;

/// <summary>The audit log's filters (also the export's).</summary>
public sealed class AuditFilter
{
    /// <summary>An event (audit action) or its prefix, e.g. <c>sign-in</c> or <c>post.ActivationRefused</c>. Not named
    /// "action": that is MVC's route value and would win the binding.</summary>
    public string? Event { get; set; }

    public string? Actor { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public int Page { get; set; } = 1;

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (SearchTerm.Normalize(Event) is { } action)
        {
            entries = entries.Where(e => e.Action.StartsWith(action));
        }

        if (SearchTerm.Normalize(Actor) is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (From is { } from)
        {
            var start = LocalTime.StartOf(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = LocalTime.StartOf(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        return entries.OrderByDescending(e => e.Sequence);
    }

    public string Query(int? page = null) => FilterQuery.Of(("event", Event), ("actor", Actor), ("from", From), ("to", To), ("page", page));
}

public sealed record AuditViewModel(AuditFilter Filter, IReadOnlyList<AuditEntry> Entries, int Total, int Pages, IReadOnlyList<string> Events)
{
    /// <summary>The event kinds recorded so far, grouped by their prefix (sign-in, post, certificate …) for the filter's list.</summary>
    public IEnumerable<IGrouping<string, string>> EventGroups => Events.GroupBy(e => e.Split('.')[0]);
}

/// <summary>
/// The audit log for the auditor (安全审计员) and the 保密办: filters, paging, CSV export (itself audited). Read only.
/// `audit verify` checks the chain.
/// </summary>
[Authorize(Policy = Policies.AuditReaders)]
[Route("audit")]
public sealed class AuditController(AppDbContext db, AuditLog audit) : Controller
{
    public const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(AuditFilter filter, CancellationToken ct)
    {
        var query = filter.Apply(db.AuditEntries.AsNoTracking());
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        filter.Page = Math.Clamp(filter.Page, 1, pages);
        var entries = await query.Skip((filter.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var events = await db.AuditEntries.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        return View(new AuditViewModel(filter, entries, total, pages, events));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(AuditFilter filter, CancellationToken ct)
    {
        var entries = await filter.Apply(db.AuditEntries.AsNoTracking()).ToListAsync(ct);
        await audit.AppendAsync(User.Identity!.Name!, "export.audit", "csv", $"{entries.Count} rows; {filter.Query()}", ct);
        var stream = new MemoryStream();
        await StaffExport.WriteCsvAsync(entries.Select(e => new Dictionary<string, object?>
        {
            ["序号"] = e.Sequence,
            ["时间"] = LocalTime.Format(e.At),
            ["操作人"] = StaffExport.Cell(e.Actor),
            ["事件"] = StaffExport.Cell(e.Action),
            ["对象"] = StaffExport.Cell(e.Subject),
            ["详情"] = StaffExport.Cell(e.Details),
            ["哈希"] = e.Hash,
        }), stream, ct);
        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", "audit.csv");
    }
}
