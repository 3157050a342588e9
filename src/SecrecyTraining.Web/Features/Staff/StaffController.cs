using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Compliance;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

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

    /// <summary>Only people short of their level's 学时 this year.</summary>
    public bool ShortOfHours { get; set; }

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
            .Where(p => !ShortOfHours || p.ShortOfHours)
            .Where(p => string.IsNullOrEmpty(term) || p.Name.Contains(term, StringComparison.Ordinal) || p.EmployeeNumber.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.DepartmentOrder).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal);
    }

    /// <summary>The query string of these filters (without the page), for paging and export links.</summary>
    public string Query(int? page = null) => Infrastructure.Web.FilterQuery.Of(
        ("departmentId", DepartmentId), ("level", Level), ("status", Status), ("expiringBefore", ExpiringBefore), ("overdue", Overdue),
        ("shortOfHours", ShortOfHours), ("search", Search), ("page", page));
}

public sealed record StaffListViewModel(
    IReadOnlyList<Department> Departments, StaffFilter Filter, IReadOnlyList<PersonStanding> People, int Total, int Pages, string? DepartmentError = null);

public sealed record RosterViewModel(RosterPreview? Preview, string? Token, string? FileName, string? Error);

/// <summary>An open training assignment of the person, with its extension (延期) if HR gave one.</summary>
public sealed record OpenTraining(int Id, string Title, TrainingReason Reason, DateTimeOffset DueAt, DateTimeOffset? OriginalDueAt, string? ExtensionReason, bool IsSession);

/// <param name="Standing">The person's standing and posts.</param>
/// <param name="Timeline">Everything that happened to them, newest first.</param>
/// <param name="Record">The staff record itself (name, department, when they left).</param>
/// <param name="Departments">Where HR can move them.</param>
/// <param name="Email">Their account's e-mail address; null without an account.</param>
/// <param name="HasAccount">Whether they sign in.</param>
/// <param name="Trainings">Their open training assignments.</param>
/// <param name="Exemption">The exemption (豁免) running now or later, if any.</param>
/// <param name="Problem">Why HR's last change was refused (shown beside its field, that form open).</param>
/// <param name="Done">What HR just did.</param>
public sealed record PersonViewModel(
    PersonStanding Standing,
    IReadOnlyList<TimelineEntry> Timeline,
    Person Record,
    IReadOnlyList<Department> Departments,
    string? Email,
    bool HasAccount,
    IReadOnlyList<OpenTraining> Trainings,
    Exemption? Exemption,
    FieldProblem? Problem = null,
    string? Done = null)
{
    /// <summary>The person's 学时 this year.</summary>
    public Training.YearOfTraining? Hours { get; init; }

    /// <summary>The problem's message when it concerns <paramref name="field"/>.</summary>
    public string? ErrorFor(string field) => Problem?.Field == field ? Problem.Message : null;
}

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
    Audit.AuditLog audit,
    Training.TrainingHours hours,
    TimeProvider clock) : Controller
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
    public async Task<IActionResult> Commit(string? token, string? fileName, string[]? leavers, CancellationToken ct)
    {
        if (await uploads.ReadAsync("roster", token, ct) is not { } content)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Import), new RosterViewModel(null, null, null, Ui.Key("导入已失效，请重新上传文件。")));
        }

        // The audit entries name the file as HR uploaded it (the token when the form lost it).
        var name = Path.GetFileName(fileName?.Trim() ?? "") is { Length: > 0 and <= 100 } given ? given : token!;
        var result = await roster.CommitAsync(content, name, leavers ?? [], User.Identity!.Name!, ct);
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
            return View(nameof(Person), await PersonModelAsync(person, new FieldProblem("newNumber", error), null, ct));
        }

        TempData["Done"] = Ui.Key("工号已更正，本人今后用新工号登录。");
        return Redirect($"/staff/{Uri.EscapeDataString(newNumber!.Trim())}");
    }

    /// <summary>HR corrects the name, moves the person to another department or changes their e-mail (audited).</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}/edit")]
    public Task<IActionResult> Edit(string employeeNumber, string? name, int? departmentId, string? email, CancellationToken ct) =>
        OnPersonAsync(employeeNumber, id => records.UpdateAsync(id, name, departmentId, email, User.Identity!.Name!, ct), Ui.Key("人员信息已保存。"), ct);

    /// <summary>HR exempts the person (豁免) until a date, with a reason.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}/exemption")]
    public Task<IActionResult> Exempt(string employeeNumber, string? exemptReason, string? exemptUntil, CancellationToken ct) =>
        OnPersonAsync(employeeNumber, id => records.ExemptAsync(id, exemptReason, Day(exemptUntil), User.Identity!.Name!, ct), Ui.Key("已豁免。"), ct);

    /// <summary>HR ends the running exemption today.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}/exemption/end")]
    public Task<IActionResult> EndExemption(string employeeNumber, CancellationToken ct) =>
        OnPersonAsync(employeeNumber, id => records.EndExemptionAsync(id, User.Identity!.Name!, ct), Ui.Key("豁免已结束。"), ct);

    /// <summary>HR moves an open training assignment's due date (延期), with a reason.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("{employeeNumber:regex(^[[A-Za-z0-9_-]]+$)}/trainings/{trainingId:int}/extend")]
    public Task<IActionResult> Extend(string employeeNumber, int trainingId, string? dueOn, string? reason, CancellationToken ct) =>
        OnPersonAsync(employeeNumber, id => records.ExtendAsync(id, trainingId, Day(dueOn), reason, User.Identity!.Name!, ct), Ui.Key("培训已延期。"), ct);

    private async Task<IActionResult> OnPersonAsync(string employeeNumber, Func<int, Task<FieldProblem?>> change, string done, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.EmployeeNumber == employeeNumber, ct);
        if (person is null)
        {
            return NotFound();
        }

        if (await change(person.Id) is { } problem)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Person), await PersonModelAsync(person, problem, null, ct));
        }

        TempData["Done"] = done;
        return Redirect($"/staff/{Uri.EscapeDataString(employeeNumber)}");
    }

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : null;

    private async Task<PersonViewModel> PersonModelAsync(Person person, FieldProblem? problem, string? done, CancellationToken ct)
    {
        var current = (await compliance.StandingsAsync(person.DepartmentId, fresh: true, ct)).Single(p => p.PersonId == person.Id);
        var account = await db.Users.AsNoTracking().Where(u => u.PersonId == person.Id).Select(u => new { u.Email }).SingleOrDefaultAsync(ct);
        var trainings = await (from t in db.TrainingAssignments.AsNoTracking()
                               join x in db.ExamBlueprints on t.ExamId equals x.Id
                               where t.PersonId == person.Id && t.CompletedAt == null
                               orderby t.DueAt
                               select new OpenTraining(t.Id, x.Title, t.Reason, t.DueAt, t.OriginalDueAt, t.ExtensionReason, t.ExamSessionId != null))
            .ToListAsync(ct);
        var today = LocalTime.Date(clock.GetUtcNow());
        var exemption = await db.Exemptions.AsNoTracking().Where(e => e.PersonId == person.Id && e.EndedAt == null && e.EndsOn >= today)
            .OrderBy(e => e.StartsOn).FirstOrDefaultAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        return new PersonViewModel(current, await timeline.ForAsync(person, ct), person, departments, account?.Email, account is not null,
            trainings, exemption, problem, done)
        {
            Hours = await hours.YearOfAsync(person.Id, today.Year, ct),
        };
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
