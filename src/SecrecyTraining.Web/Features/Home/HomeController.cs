using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Home;

public sealed record HomeViewModel(string? DepartmentName, IReadOnlyList<NavigationEntry> Entries);

public sealed class HomeController(AppDbContext db) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var departmentName = await db.People
            .Where(p => p.EmployeeNumber == User.Identity!.Name)
            .Select(p => p.Department!.Name)
            .FirstOrDefaultAsync();
        return View(new HomeViewModel(departmentName, [.. Navigation.For(User).Where(e => e.Url != "/")]));
    }
}
