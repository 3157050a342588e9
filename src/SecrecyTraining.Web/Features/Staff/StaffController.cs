using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Compliance;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Staff;

/// <summary>The staff list's filters (also the export's): each narrows the list; paging applies to the page only.</summary>
public sealed class StaffFilter
{
    public int? DepartmentId { get; set; }

    public PostLevel? Level { get; set; }

    public ComplianceStatus? Status { get; set; }

    /// <summary>Only people whose current certificate expires before this date (yyyy-MM-dd).</summary>
    public DateOnly? ExpiringBefore { get; set; }

    public bool Overdue { get; set; }

    public string? Search { get; set; }

    public int Page { get; set; } = 1;

    public IEnumerable<PersonStanding> Apply(IEnumerable<PersonStanding> people)
    {
        var term = Infrastructure.Web.SearchTerm.Normalize(Search);
        return people
            .Where(p => DepartmentId is null || p.DepartmentId == DepartmentId)
            .Where(p => Level is null || p.Level == Level)
            .Where(p => Status is null || p.Status == Status)
            .Where(p => ExpiringBefore is null || (p.ValidUntil is { } until && Infrastructure.Web.LocalTime.Date(until) < ExpiringBefore))
            .Where(p => !Overdue || p.Overdue > 0)
            .Where(p => string.IsNullOrEmpty(term) || p.Name.Contains(term, StringComparison.Ordinal) || p.EmployeeNumber.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.DepartmentOrder).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal);
    }

    /// <summary>The query string of these filters (without the page), for paging and export links.</summary>
    public string Query(int? page = null) => Infrastructure.Web.FilterQuery.Of(
        ("departmentId", DepartmentId), ("level", Level), ("status", Status), ("expiringBefore", ExpiringBefore), ("overdue", Overdue),
        ("search", Search), ("page", page));
}

public sealed record StaffListViewModel(
    IReadOnlyList<Department> Departments, StaffFilter Filter, IReadOnlyList<PersonStanding> People, int Total, int Pages, string? DepartmentError = null);

public sealed record RosterViewModel(RosterPreview? Preview, string? Token, string? FileName, string? Error);

/// <param name="Standing">The person's standing and posts.</param>
/// <param name="Timeline">Everything that happened to them, newest first.</param>
/// <param name="NumberError">Why HR's employee-number correction was refused (shown beside its field).</param>
/// <param name="Done">What HR just did.</param>
public sealed record PersonViewModel(PersonStanding Standing, IReadOnlyList<TimelineEntry> Timeline, string? NumberError = null, string? Done = null);

public sealed record DepartmentViewModel(string? DepartmentName, IReadOnlyList<PersonStanding> People, IReadOnlyList<Post> Posts);

[Route("staff")]
public sealed class StaffController(
    AppDbContext db,
    RosterImport roster,
    PendingUploads uploads,
    ComplianceService compliance,
    PersonTimeline timeline,
    StaffRecords records,
    Posts.Standing standing,
    Audit.AuditLog audit) : Controller
{
    public const int PageSize = 50;

    /// <summary>Adds a department (处室); its name must be new.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("departments")]
    public async Task<IActionResult> AddDepartment(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        string? error = trimmed.Length == 0 ? Ui.Key("请填写处室名称。")
            : trimmed.Length > 100 ? Ui.Key("处室名称最长 100 字。")
            : await db.Departments.AnyAsync(d => d.Name == trimmed) ? Ui.Key("已有同名处室。")
            : null;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ListAsync(new StaffFilter(), error, HttpContext.RequestAborted));
        }

        var order = await db.Departments.Select(d => (int?)d.SortOrder).MaxAsync() ?? 0;
        db.Departments.Add(new Department(trimmed, order + 1));
        await audit.AppendAsync(User.Identity!.Name!, "department.created", trimmed); // saves the department with it
        return Redirect("/staff");
    }

    /// <summary>The roster upload form.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpGet("import")]
    public IActionResult Import() => View(new RosterViewModel(null, null, null, null));

    /// <summary>Reads the uploaded roster and lists every row's problems; nothing is written yet.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("import")]
    [RequestSizeLimit(RosterImport.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Preview(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Import), new RosterViewModel(null, null, null, Ui.Key("请选择 .xlsx 或 .csv 文件。")));
        }

        if (file.Length > RosterImport.MaxBytes)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Import), new RosterViewModel(null, null, file.FileName, Ui.Key("文件超过 5 MB。")));
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var preview = await roster.PreviewAsync(content, file.FileName, ct);
        string? token = null;
        if (preview.CanCommit)
        {
            // The checked file waits in the data directory until HR commits it (checked again then, all or nothing).
            token = await uploads.SaveAsync("roster", Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ".csv" : ".xlsx", content, ct);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View(nameof(Import), new RosterViewModel(preview, token, file.FileName, null));
    }

    /// <summary>Writes the previewed roster; shows the new accounts' one-time passwords once, for printing.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("import/commit")]
    public async Task<IActionResult> Commit(string? token, CancellationToken ct)
    {
        if (await uploads.ReadAsync("roster", token, ct) is not { } content)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Import), new RosterViewModel(null, null, null, Ui.Key("导入已失效，请重新上传文件。")));
        }

        var result = await roster.CommitAsync(content, token!, User.Identity!.Name!, ct);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Import), new RosterViewModel(result.Preview, null, null, Ui.Key("数据已变化，文件不能导入；请修改后重新上传。")));
        }

        uploads.Delete("roster", token!);
        return View("Imported", result);
    }

    [Authorize(Policy = Policies.HR)]
    [HttpGet("")]
    public async Task<IActionResult> Index(StaffFilter filter, CancellationToken ct) =>
        View(await ListAsync(filter, null, ct));

    private async Task<StaffListViewModel> ListAsync(StaffFilter filter, string? departmentError, CancellationToken ct)
    {
        var matching = filter.Apply(await compliance.StandingsAsync(null, ct: ct)).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        filter.Page = Math.Clamp(filter.Page, 1, pages);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        return new StaffListViewModel(
            departments, filter, [.. matching.Skip((filter.Page - 1) * PageSize).Take(PageSize)], matching.Count, pages, departmentError);
    }

    /// <summary>The filtered list (every page) as Excel or CSV (UTF-8 with BOM, as Excel in China expects).</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpGet("export.{format:regex(^(xlsx|csv)$)}")]
    public async Task<IActionResult> Export(string format, StaffFilter filter, CancellationToken ct)
    {
        var rows = filter.Apply(await compliance.StandingsAsync(null, fresh: true, ct)).Select(StaffExport.Row).ToList();
        await audit.AppendAsync(User.Identity!.Name!, "export.staff", format, $"{rows.Count} rows; {filter.Query()}", ct);
        var stream = new MemoryStream();
        if (format == "csv")
        {
            await StaffExport.WriteCsvAsync(rows, stream, ct);
        }
        else
        {
            await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, cancellationToken: ct);
        }

        stream.Position = 0;
        return File(stream, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"staff-{DateTime.UtcNow:yyyyMMdd}.{format}");
    }

    /// <summary>
    /// One person's page: standing and the whole history — post proposals, vetting, activation, refusals, suspensions,
    /// leaving and 脱密期; training assigned and completed; exam attempts with scores; certificates; commitments signed.
    /// HR and the 保密办 see anyone; a department head only the people of their own department.
    /// </summary>
    [Authorize(Roles = Roles.HR + "," + Roles.SecrecyOffice + "," + Roles.DeptHead)]
    [HttpGet("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}")]
    public async Task<IActionResult> Person(string employeeNumber, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.EmployeeNumber == employeeNumber, ct);
        if (person is null)
        {
            return NotFound();
        }

        if (!User.IsInRole(Roles.HR) && !User.IsInRole(Roles.SecrecyOffice)
            && await standing.DepartmentIdOfAsync(User.PersonId(), ct) != person.DepartmentId)
        {
            return NotFound(); // another department's person does not exist for a department head
        }

        return View(await PersonModelAsync(person, null, TempData["Done"] as string, ct));
    }

    /// <summary>HR corrects the person's employee number (audited); the account signs in with the new one.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}/employee-number")]
    public async Task<IActionResult> CorrectEmployeeNumber(string employeeNumber, string? newNumber, string? reason, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.EmployeeNumber == employeeNumber, ct);
        if (person is null)
        {
            return NotFound();
        }

        var error = await records.CorrectEmployeeNumberAsync(person.Id, newNumber, reason, User.Identity!.Name!, ct);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Person), await PersonModelAsync(person, error, null, ct));
        }

        TempData["Done"] = Ui.Key("工号已更正，本人今后用新工号登录。");
        return Redirect($"/staff/{Uri.EscapeDataString(newNumber!.Trim())}");
    }

    private async Task<PersonViewModel> PersonModelAsync(Person person, string? numberError, string? done, CancellationToken ct)
    {
        var current = (await compliance.StandingsAsync(person.DepartmentId, fresh: true, ct)).Single(p => p.PersonId == person.Id);
        return new PersonViewModel(current, await timeline.ForAsync(person, ct), numberError, done);
    }

    /// <summary>The department head's own department; another department is never shown.</summary>
    [Authorize(Policy = Policies.DeptHead)]
    [HttpGet("my-department")]
    public async Task<IActionResult> MyDepartment()
    {
        var department = await db.People.AsNoTracking()
            .Where(p => p.Id == User.PersonId())
            .Select(p => p.Department)
            .FirstOrDefaultAsync();
        if (department is null)
        {
            return View(new DepartmentViewModel(null, [], []));
        }

        var people = (await compliance.StandingsAsync(department.Id)).OrderBy(p => p.EmployeeNumber, StringComparer.Ordinal).ToList();
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.DepartmentId == department.Id)
            .OrderBy(p => p.Title)
            .ToListAsync();
        return View(new DepartmentViewModel(department.Name, people, [.. posts.OrderBy(p => p.Level)]));
    }
}
