using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Home;

public sealed record HomeViewModel(string? DepartmentName, IReadOnlyList<NavigationEntry> Entries, IReadOnlyList<CourseProgress> Courses);

public sealed class HomeController(AppDbContext db, LearningService learning, UserManager<AppUser> users) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var departmentName = await db.People
            .Where(p => p.EmployeeNumber == User.Identity!.Name)
            .Select(p => p.Department!.Name)
            .FirstOrDefaultAsync();
        var courses = User.IsInRole(Roles.Trainee) ? await learning.CoursesAsync(users.GetUserId(User)!) : [];
        return View(new HomeViewModel(departmentName, [.. Navigation.For(User).Where(e => e.Url != "/")], courses));
    }
}
