using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Home;

public sealed record HeldCertification(Certification Certification, string TypeName, CertificationStatus Status);

public sealed record HomeViewModel(
    string? DepartmentName, IReadOnlyList<NavigationEntry> Entries, IReadOnlyList<CourseProgress> Courses, IReadOnlyList<HeldCertification> Certifications);

public sealed class HomeController(AppDbContext db, LearningService learning, UserManager<AppUser> users, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var departmentName = await db.People
            .Where(p => p.EmployeeNumber == User.Identity!.Name)
            .Select(p => p.Department!.Name)
            .FirstOrDefaultAsync();
        var userId = users.GetUserId(User)!;
        var courses = User.IsInRole(Roles.Trainee) ? await learning.CoursesAsync(userId) : [];
        var window = await db.PostLevelPolicies.Select(p => (int?)p.RecertificationWindowDays).MaxAsync() ?? 0;
        var now = clock.GetUtcNow();
        var held = (await (from c in db.Certifications.AsNoTracking()
                           join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                           where c.UserId == userId && c.State != CertificationState.Superseded
                           select new { c, t.Name }).ToListAsync())
            .OrderByDescending(x => x.c.IssuedAt)
            .Select(x => new HeldCertification(x.c, x.Name, x.c.StatusAt(now, window)))
            .ToList();
        return View(new HomeViewModel(departmentName, [.. Navigation.For(User).Where(e => e.Url != "/")], courses, held));
    }
}
