using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Support;

public static class Learning
{
    public static async Task<int> CompleteCourseAsync(AppDbContext db, string userName, string courseId, DateTimeOffset now)
    {
        var personId = await db.People.Where(p => p.EmployeeNumber == userName).Select(p => p.Id).SingleAsync();
        foreach (var lesson in await db.Lessons.Where(l => l.CourseId == courseId && !l.IsRetired).ToListAsync())
        {
            db.LessonProgress.Add(new LessonProgress { PersonId = personId, LessonId = lesson.Id, FirstOpenedAt = now.AddHours(-1), CompletedAt = now });
        }

        return await db.SaveChangesAsync();
    }
}
