using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Learning;

public sealed record CourseProgress(Course Course, int Lessons, int Completed)
{
    public bool IsComplete => Lessons > 0 && Completed == Lessons;

    public int Percent => Lessons == 0 ? 0 : Completed * 100 / Lessons;
}

/// <summary>Lesson reading and course completion, per trainee. See <see cref="LessonProgress"/> for the rule.</summary>
public sealed class LearningService(AppDbContext db, TimeProvider clock, Audit.AuditLog audit)
{
    public async Task<IReadOnlyList<CourseProgress>> CoursesAsync(int personId, CancellationToken ct = default)
    {
        var courses = await db.Courses.AsNoTracking().Where(c => !c.IsRetired).Include(c => c.Lessons.Where(l => !l.IsRetired)).OrderBy(c => c.Audience).ThenBy(c => c.Id).ToListAsync(ct);
        var done = await CompletedLessonIdsAsync(personId, ct);
        return [.. courses.Select(c => new CourseProgress(c, c.Lessons.Count, c.Lessons.Count(l => done.Contains(l.Id))))];
    }

    public async Task<bool> IsCourseCompleteAsync(int personId, string courseId, CancellationToken ct = default)
    {
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId && !l.IsRetired).Select(l => l.Id).ToListAsync(ct);
        var done = await CompletedLessonIdsAsync(personId, ct);
        return lessons.Count > 0 && lessons.All(done.Contains);
    }

    /// <summary>Records the first opening of a lesson (the reading time counts from it) and returns the trainee's progress in it.</summary>
    public async Task<LessonProgress> OpenAsync(int personId, Lesson lesson, CancellationToken ct = default)
    {
        var progress = await db.LessonProgress.AsNoTracking().SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lesson.Id, ct);
        if (progress is not null)
        {
            return progress;
        }

        progress = new LessonProgress { PersonId = personId, LessonId = lesson.Id, FirstOpenedAt = clock.GetUtcNow() };
        db.LessonProgress.Add(progress);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Opened in two tabs at once: the first opening counts.
            db.ChangeTracker.Clear();
            progress = await db.LessonProgress.AsNoTracking().SingleAsync(p => p.PersonId == personId && p.LessonId == lesson.Id, ct);
        }

        return progress;
    }

    /// <summary>Marks the lesson read, or says how much longer it must stay open.</summary>
    public async Task<TimeSpan> CompleteAsync(int personId, string actor, Lesson lesson, CancellationToken ct = default)
    {
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lesson.Id, ct);
        var now = clock.GetUtcNow();
        if (progress is null)
        {
            return TimeSpan.FromMinutes(lesson.MinimumMinutes);
        }

        var remaining = LessonProgress.Remaining(progress.FirstOpenedAt, lesson.MinimumMinutes, now);
        if (remaining == TimeSpan.Zero && progress.CompletedAt is null)
        {
            progress.CompletedAt = now;
            await audit.AppendAsync(actor, "lesson.completed", $"lesson:{lesson.Id}", $"{lesson.CourseId}/{lesson.Slug}", ct); // saves the progress with it
        }

        return remaining;
    }

    private async Task<HashSet<int>> CompletedLessonIdsAsync(int personId, CancellationToken ct) =>
        [.. await db.LessonProgress.Where(p => p.PersonId == personId && p.CompletedAt != null).Select(p => p.LessonId).ToListAsync(ct)];
}
