using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Features.Staff;

public sealed record StaffRow(string EmployeeNumber, string Name, string Department);

public sealed record StaffListViewModel(IReadOnlyList<Department> Departments, int? DepartmentId, string? Search, IReadOnlyList<StaffRow> People);

public sealed record DepartmentViewModel(string? DepartmentName, IReadOnlyList<StaffRow> People, IReadOnlyList<Post> Posts);

[Route("staff")]
public sealed class StaffController(AppDbContext db) : Controller
{
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
        return View(new StaffListViewModel(departments, departmentId, search, people));
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
        return View(new DepartmentViewModel(department.Name, people, [.. posts.OrderBy(p => p.Level)]));
    }
}
