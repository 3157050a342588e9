using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Learning;

public sealed record CourseLessons(Course Course, IReadOnlyList<(Lesson Lesson, LessonProgress? Progress)> Lessons);

public sealed record LessonPage(Course Course, Lesson Lesson, IReadOnlyList<Clause> Clauses, LessonProgress Progress, TimeSpan Remaining, Lesson? Next);

/// <summary>Trainees read their courses here, lesson by lesson.</summary>
[Authorize(Policy = Policies.Trainee)]
[RequiresStaffRecord]
[Route("learn")]
public sealed class LearningController(
    LearningService learning, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : Controller
{
    private int PersonId => User.PersonId()!.Value;

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await learning.CoursesAsync(PersonId));

    [HttpGet("{courseId}")]
    public async Task<IActionResult> Course(string courseId)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Lessons.Where(l => !l.IsRetired)).SingleOrDefaultAsync(c => c.Id == courseId && !c.IsRetired);
        if (course is null)
        {
            return NotFound();
        }

        var ids = course.Lessons.Select(l => l.Id).ToList();
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == PersonId && ids.Contains(p.LessonId)).ToListAsync();
        return View(new CourseLessons(course, [.. course.Lessons.OrderBy(l => l.Order).Select(l => (l, progress.FirstOrDefault(p => p.LessonId == l.Id)))]));
    }

    [HttpGet("{courseId}/{slug}")]
    public async Task<IActionResult> Lesson(string courseId, string slug)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Lessons.Where(l => !l.IsRetired)).ThenInclude(l => l.Clauses)
            .SingleOrDefaultAsync(c => c.Id == courseId && !c.IsRetired);
        var lesson = course?.Lessons.SingleOrDefault(l => l.Slug == slug);
        if (course is null || lesson is null)
        {
            return NotFound();
        }

        var progress = await learning.OpenAsync(PersonId, lesson);
        var ids = lesson.Clauses.Select(c => c.ClauseId).ToList();
        var clauses = await db.Clauses.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.RegulationId).ThenBy(c => c.SortOrder).ToListAsync();
        var next = course.Lessons.Where(l => l.Order > lesson.Order).OrderBy(l => l.Order).FirstOrDefault();
        return View(new LessonPage(course, lesson, clauses, progress, LessonProgress.Remaining(progress.FirstOpenedAt, lesson.MinimumMinutes, clock.GetUtcNow()), next));
    }

    [HttpPost("{courseId}/{slug}/complete")]
    public async Task<IActionResult> Complete(string courseId, string slug)
    {
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.CourseId == courseId && l.Slug == slug && !l.IsRetired);
        if (lesson is null)
        {
            return NotFound();
        }

        var remaining = await learning.CompleteAsync(PersonId, User.Identity!.Name!, lesson);
        if (remaining > TimeSpan.Zero)
        {
            TempData["Error"] = localizer["本课至少需阅读 {0} 分钟，请再阅读约 {1} 分钟后确认学完。", lesson.MinimumMinutes, (int)Math.Ceiling(remaining.TotalMinutes)].Value;
            return RedirectToAction(nameof(Lesson), new { courseId, slug });
        }

        TempData["Message"] = localizer["已学完“{0}”。", lesson.Title].Value;
        var next = await db.Lessons.AsNoTracking().Where(l => l.CourseId == courseId && !l.IsRetired && l.Order > lesson.Order).OrderBy(l => l.Order).FirstOrDefaultAsync();
        return next is null ? RedirectToAction(nameof(Course), new { courseId }) : RedirectToAction(nameof(Lesson), new { courseId, slug = next.Slug });
    }
}
