using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Staff;

public sealed record StaffRow(string EmployeeNumber, string Name, string Department)
{
    /// <summary>The status of the person's newest certification (not superseded); null when they never held one.</summary>
    public CertificationStatus? Certification { get; init; }

    /// <summary>The person's open or recently left posts, each with its state (zh-CN title and state key).</summary>
    public IReadOnlyList<(string Post, PostAssignmentState State, DateOnly? DecryptionEndsOn)> Posts { get; init; } = [];
}

public sealed record StaffListViewModel(
    IReadOnlyList<Department> Departments, int? DepartmentId, string? Search, IReadOnlyList<StaffRow> People, string? DepartmentError = null);

public sealed record RosterViewModel(RosterPreview? Preview, string? Token, string? FileName, string? Error);

public sealed record DepartmentViewModel(string? DepartmentName, IReadOnlyList<StaffRow> People, IReadOnlyList<Post> Posts);

[Route("staff")]
public sealed class StaffController(AppDbContext db, RosterImport roster, AppStorage storage, TimeProvider clock) : Controller
{
    /// <summary>Adds each row's certification status and posts (two queries for the whole page).</summary>
    private async Task<List<StaffRow>> WithStandingAsync(List<StaffRow> rows)
    {
        var numbers = rows.Select(r => r.EmployeeNumber).ToList();
        var window = await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync() ?? 0;
        var now = clock.GetUtcNow();
        var today = Infrastructure.Web.LocalTime.Date(now);
        var certifications = (await (from c in db.Certifications.AsNoTracking()
                                     join u in db.Users on c.UserId equals u.Id
                                     where numbers.Contains(u.UserName!) && c.State != CertificationState.Superseded
                                     select new { u.UserName, c }).ToListAsync())
            .GroupBy(x => x.UserName!)
            .ToDictionary(g => g.Key, g => g.MaxBy(x => x.c.IssuedAt)!.c.StatusAt(now, window));
        var posts = (await db.PostAssignments.AsNoTracking()
                .Where(a => numbers.Contains(a.Person!.EmployeeNumber))
                .Select(a => new { a.Person!.EmployeeNumber, a.Post!.Title, a.State, a.DecryptionEndsOn })
                .ToListAsync())
            .Where(a => a.State != PostAssignmentState.Ended || a.DecryptionEndsOn >= today)
            .ToLookup(a => a.EmployeeNumber);
        return [.. rows.Select(r => r with
        {
            Certification = certifications.TryGetValue(r.EmployeeNumber, out var status) ? status : null,
            Posts = [.. posts[r.EmployeeNumber].Select(p => (p.Title, p.State, p.DecryptionEndsOn))],
        })];
    }

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
            var list = (ViewResult)await Index(null, null);
            return View(nameof(Index), ((StaffListViewModel)list.Model!) with { DepartmentError = error });
        }

        var order = await db.Departments.Select(d => (int?)d.SortOrder).MaxAsync() ?? 0;
        db.Departments.Add(new Department(trimmed, order + 1));
        await db.SaveChangesAsync();
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
            token = Guid.NewGuid().ToString("N") + (Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ".csv" : ".xlsx");
            Directory.CreateDirectory(storage.PathFor("uploads"));
            await System.IO.File.WriteAllBytesAsync(storage.PathFor(Path.Combine("uploads", "roster-" + token)), content, ct);
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
        if (token is null || !System.Text.RegularExpressions.Regex.IsMatch(token, "^[0-9a-f]{32}\\.(csv|xlsx)$")
            || !System.IO.File.Exists(storage.PathFor(Path.Combine("uploads", "roster-" + token))))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Import), new RosterViewModel(null, null, null, Ui.Key("导入已失效，请重新上传文件。")));
        }

        var path = storage.PathFor(Path.Combine("uploads", "roster-" + token));
        var result = await roster.CommitAsync(await System.IO.File.ReadAllBytesAsync(path, ct), token, User.Identity!.Name!, ct);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Import), new RosterViewModel(result.Preview, null, null, Ui.Key("数据已变化，文件不能导入；请修改后重新上传。")));
        }

        System.IO.File.Delete(path);
        return View("Imported", result);
    }

    [Authorize(Policy = Policies.HR)]
    [HttpGet("")]
    public async Task<IActionResult> Index(int? departmentId, string? search)
    {
        var query = db.People.AsNoTracking();
        if (departmentId is not null)
        {
            query = query.Where(p => p.DepartmentId == departmentId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(p => p.Name.Contains(term) || p.EmployeeNumber.Contains(term));
        }

        var people = await query
            .OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.EmployeeNumber)
            .Select(p => new StaffRow(p.EmployeeNumber, p.Name, p.Department!.Name))
            .ToListAsync();
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync();
        return View(new StaffListViewModel(departments, departmentId, search, await WithStandingAsync(people)));
    }

    /// <summary>The department head's own department; another department is never shown.</summary>
    [Authorize(Policy = Policies.DeptHead)]
    [HttpGet("my-department")]
    public async Task<IActionResult> MyDepartment()
    {
        var department = await db.People.AsNoTracking()
            .Where(p => p.EmployeeNumber == User.Identity!.Name)
            .Select(p => p.Department)
            .FirstOrDefaultAsync();
        if (department is null)
        {
            return View(new DepartmentViewModel(null, [], []));
        }

        var people = await db.People.AsNoTracking()
            .Where(p => p.DepartmentId == department.Id)
            .OrderBy(p => p.EmployeeNumber)
            .Select(p => new StaffRow(p.EmployeeNumber, p.Name, department.Name))
            .ToListAsync();
        var posts = await db.Posts.AsNoTracking()
            .Where(p => p.DepartmentId == department.Id)
            .OrderBy(p => p.Title)
            .ToListAsync();
        return View(new DepartmentViewModel(department.Name, await WithStandingAsync(people), [.. posts.OrderBy(p => p.Level)]));
    }
}
