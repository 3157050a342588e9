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

/// <summary>The checkpoints to print or download, and the result of checking a kept file against the log.</summary>
public sealed record CheckpointsViewModel(IReadOnlyList<AuditCheckpoint> Checkpoints, int? CheckedCount = null, IReadOnlyList<CheckpointProblem>? Problems = null);

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

    /// <summary>The latest checkpoints (the nightly job's), to print; all of them as CSV, to keep off the server.</summary>
    [HttpGet("checkpoints")]
    public async Task<IActionResult> Checkpoints(CancellationToken ct) => View(new CheckpointsViewModel(await LatestCheckpointsAsync(ct)));

    [HttpGet("checkpoints.csv")]
    public async Task<IActionResult> CheckpointsCsv(CancellationToken ct)
    {
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ThenBy(c => c.Id).ToListAsync(ct);
        await audit.AppendAsync(User.Identity!.Name!, "export.audit-checkpoints", "csv", $"{checkpoints.Count} checkpoints", ct);
        var stream = new MemoryStream();
        await StaffExport.WriteCsvAsync(CheckpointFile.Rows(checkpoints), stream, ct);
        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", "audit-checkpoints.csv");
    }

    /// <summary>Checks a checkpoint file kept off the server against the log (and walks the chain). Changes nothing but the audit log.</summary>
    [HttpPost("checkpoints/check")]
    [RequestSizeLimit(MaxCheckpointFileBytes)]
    public async Task<IActionResult> CheckCheckpoints(IFormFile? file, CancellationToken ct)
    {
        IReadOnlyList<CheckpointProblem> problems;
        var count = 0;
        if (file is null || file.Length == 0)
        {
            problems = [new(Infrastructure.Localization.Ui.Key("请选择检查点文件（审计检查点导出的 CSV）。"))];
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var (kept, unreadable) = CheckpointFile.Read(reader);
            count = kept.Count;
            problems = unreadable.Count > 0 ? unreadable : await CheckpointFile.CompareAsync(db, kept, ct);
            if (unreadable.Count == 0 && (await audit.VerifyAsync(ct)).Problem is { } broken)
            {
                problems = [.. problems, new(Infrastructure.Localization.Ui.Key("日志链校验失败：{0}"), broken)];
            }
        }

        await audit.AppendAsync(User.Identity!.Name!, "audit.checkpoints-checked", file?.FileName ?? "", $"{count} checkpoints; {problems.Count} problems", ct);
        return View(nameof(Checkpoints), new CheckpointsViewModel(await LatestCheckpointsAsync(ct), count, problems));
    }

    private const int MaxCheckpointFileBytes = 1024 * 1024;

    private Task<List<AuditCheckpoint>> LatestCheckpointsAsync(CancellationToken ct) =>
        db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).ThenByDescending(c => c.Id).Take(60).ToListAsync(ct);
}
