using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Training;

public sealed record OfflineIndexViewModel(IReadOnlyList<OfflineSession> Sessions, IReadOnlyDictionary<int, int> Counts);

public sealed record OfflineCandidate(int PersonId, string EmployeeNumber, string Name, string Department);

public sealed record OfflineSessionViewModel(
    OfflineSession Session,
    IReadOnlyList<OfflineAttendee> Attendees,
    IReadOnlyList<Department> Departments,
    int? DepartmentId,
    string? Query,
    IReadOnlyList<OfflineCandidate> Candidates,
    IReadOnlyList<SheetProblem> SheetProblems,
    string? SheetName);

public sealed record CheckInCodeViewModel(OfflineSession Session, string Url, string Svg, int Attendees, int RefreshSeconds);

/// <summary>线下培训 for HR and the 保密办: the sessions, a new one, its attendance (ticked, from a sheet, or checked in by code).</summary>
[Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice)]
[Route("training/offline")]
public sealed class OfflineTrainingController(
    OfflineTrainingService offline, AppDbContext db, PublicAddress address, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : Controller
{
    /// <summary>The candidates listed for ticking at most (narrow them by department or name).</summary>
    public const int MaxCandidates = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new OfflineIndexViewModel(await offline.ListAsync(ct), await offline.AttendanceCountsAsync(ct)));

    [HttpGet("new")]
    public IActionResult New() => View(new OfflineSessionForm { HeldOn = LocalTime.Date(clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Hours = "2" });

    [HttpPost("new")]
    public async Task<IActionResult> Create(OfflineSessionForm form, CancellationToken ct)
    {
        var (id, problems) = await offline.CreateAsync(form, User.Identity!.Name!, ct);
        if (id is null)
        {
            problems.AddTo(ModelState);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(New), form);
        }

        TempData["Message"] = localizer["线下培训已创建。"].Value;
        return Redirect($"/training/offline/{id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, int? departmentId, string? q, CancellationToken ct) =>
        await DetailsViewAsync(id, departmentId, q, [], null, ct);

    /// <summary>Records the ticked people as attending.</summary>
    [HttpPost("{id:int}/attendance")]
    public async Task<IActionResult> Record(int id, [FromForm] int[] personIds, int? departmentId, string? q, CancellationToken ct)
    {
        if (await offline.FindAsync(id, ct) is null)
        {
            return NotFound();
        }

        var added = await offline.RecordAsync(id, personIds, AttendanceMethod.Ticked, User.Identity!.Name!, ct);
        TempData["Message"] = localizer["已记录 {0} 人出席。", added].Value;
        return Redirect($"/training/offline/{id}" + Filter(departmentId, q));
    }

    [HttpPost("{id:int}/attendance/{personId:int}/remove")]
    public async Task<IActionResult> Remove(int id, int personId, CancellationToken ct)
    {
        if (!await offline.RemoveAsync(id, personId, User.Identity!.Name!, ct))
        {
            return NotFound();
        }

        TempData["Message"] = localizer["已取消出席记录。"].Value;
        return Redirect($"/training/offline/{id}");
    }

    /// <summary>A sign-in sheet (xlsx or CSV, 工号 and optionally 姓名): each row's problem listed, nothing recorded until none.</summary>
    [HttpPost("{id:int}/sheet")]
    [RequestSizeLimit(Staff.RosterImport.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Sheet(int id, IFormFile? file, CancellationToken ct)
    {
        if (await offline.FindAsync(id, ct) is null)
        {
            return NotFound();
        }

        if (file is null || file.Length == 0 || file.Length > Staff.RosterImport.MaxBytes)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await DetailsViewAsync(id, null, null, [new(file is null || file.Length == 0 ? Ui.Key("请选择 .xlsx 或 .csv 文件。") : Ui.Key("文件超过 5 MB。"))], file?.FileName, ct);
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var (added, rows, problems) = await offline.ImportSheetAsync(id, content, file.FileName, User.Identity!.Name!, ct);
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await DetailsViewAsync(id, null, null, problems, file.FileName, ct);
        }

        TempData["Message"] = localizer["签到表 {0}：{1} 行，新记录 {2} 人出席。", file.FileName, rows, added].Value;
        return Redirect($"/training/offline/{id}");
    }

    /// <summary>The check-in code to show in the room: it changes every two minutes and the page follows by itself.</summary>
    [HttpGet("{id:int}/check-in-code")]
    public async Task<IActionResult> CheckInCode(int id, CancellationToken ct)
    {
        if (await offline.FindAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var url = address.Combine($"/training/check-in/{id}?code={offline.CurrentCode(session)}");
        var count = await db.OfflineAttendances.CountAsync(a => a.SessionId == id, ct);
        return View(new CheckInCodeViewModel(session, url, QrSvg.Render(url, localizer["签到码"].Value), count, 30));
    }

    private async Task<IActionResult> DetailsViewAsync(int id, int? departmentId, string? q, IReadOnlyList<SheetProblem> sheetProblems, string? sheetName, CancellationToken ct)
    {
        if (await offline.FindAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var attendees = await offline.AttendeesAsync(id, ct);
        var present = attendees.Select(a => a.PersonId).ToHashSet();
        var query = db.People.AsNoTracking().Where(p => p.LeftAt == null);
        if (departmentId is { } department)
        {
            query = query.Where(p => p.DepartmentId == department);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(p => p.Name.Contains(term) || p.EmployeeNumber.Contains(term));
        }

        var candidates = (await query.OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.EmployeeNumber)
                .Select(p => new OfflineCandidate(p.Id, p.EmployeeNumber, p.Name, p.Department!.Name)).Take(MaxCandidates + present.Count).ToListAsync(ct))
            .Where(c => !present.Contains(c.PersonId)).Take(MaxCandidates).ToList();
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        return View("Details", new OfflineSessionViewModel(session, attendees, departments, departmentId, q, candidates, sheetProblems, sheetName));
    }

    private static string Filter(int? departmentId, string? q) =>
        departmentId is null && string.IsNullOrWhiteSpace(q) ? "" : QueryString.Create(new Dictionary<string, string?>
        {
            ["departmentId"] = departmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["q"] = q,
        }).ToString();
}

/// <summary>The attendee's side: the code scanned in the room opens this page on their phone; one press records them.</summary>
[Authorize]
[Route("training/check-in/{id:int}")]
public sealed class CheckInController(OfflineTrainingService offline) : Controller
{
    public sealed record CheckInViewModel(OfflineSession Session, string? Code, CheckInOutcome? Outcome);

    [HttpGet("")]
    public async Task<IActionResult> Show(int id, string? code, CancellationToken ct) =>
        await offline.FindAsync(id, ct) is { } session ? View("CheckIn", new CheckInViewModel(session, code, null)) : NotFound();

    [HttpPost("")]
    public async Task<IActionResult> CheckIn(int id, string? code, CancellationToken ct)
    {
        if (await offline.FindAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var outcome = await offline.CheckInAsync(id, code, User.PersonId(), User.Identity!.Name!, ct);
        if (outcome is CheckInOutcome.CodeExpired or CheckInOutcome.NotOnStaff)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("CheckIn", new CheckInViewModel(session, code, outcome));
    }
}
