using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Commitments;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Home;

public sealed record HeldCertification(Certification Certification, string TypeName, CertificationStatus Status);

/// <summary>An assigned training on 我的培训: the course's progress, the exam, the due date and the next step.</summary>
/// <summary><paramref name="SessionWindow"/>: the window of the exam session (考试安排) that assigned it, when one did.</summary>
public sealed record AssignedTraining(TrainingAssignment Assignment, string ExamTitle, CourseProgress? Course, bool Overdue, string? SessionWindow = null)
{
    /// <summary>Lessons read plus the exam, as one progress bar.</summary>
    public int Steps => (Course?.Lessons ?? 0) + 1;

    public int StepsDone => Assignment.CompletedAt is not null ? Steps : Course?.Completed ?? 0;

    /// <summary>The status label (zh-CN, also the localization key).</summary>
    public string Status => Assignment.CompletedAt is not null ? Ui.Key("已完成") : Overdue ? Ui.Key("已逾期") : StepsDone > 0 ? Ui.Key("进行中") : Ui.Key("未开始");

    /// <summary>Where to go next: the course until it is read, then the exam.</summary>
    public (string Text, string Url) Next => Course is { IsComplete: false } c
        ? (StepsDone == 0 ? Ui.Key("开始学习") : Ui.Key("继续学习"), $"/learn/{c.Course.Id}")
        : (Ui.Key("参加考试"), Assignment.ExamSessionId is { } session ? $"/exams#session-{session}" : "/exams");
}

public sealed record HomeViewModel(
    string? DepartmentName,
    IReadOnlyList<ToDoItem> ToDo,
    IReadOnlyList<AssignedTraining> Assigned,
    IReadOnlyList<CourseProgress> Courses,
    IReadOnlyList<HeldCertification> Certifications,
    int PendingCommitments)
{
    /// <summary>The trainee's 学时 this year (null for other roles).</summary>
    public Training.YearOfTraining? Hours { get; init; }

    /// <summary>Revoked certificates not followed by a newer one of the same type: the holder must take the exam again.</summary>
    public IEnumerable<HeldCertification> RevokedToRetake => Certifications.Where(h => h.Status == CertificationStatus.Revoked
        && !Certifications.Any(o => o.Status != CertificationStatus.Revoked
            && o.Certification.CertificationTypeId == h.Certification.CertificationTypeId && o.Certification.IssuedAt > h.Certification.IssuedAt));
}

public sealed class HomeController(
    AppDbContext db, LearningService learning, CommitmentService commitments, Standing standing, ToDoList toDo,
    Training.TrainingHours hours, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var personId = User.PersonId();
        var departmentName = await db.People
            .Where(p => p.Id == personId)
            .Select(p => p.Department!.Name)
            .FirstOrDefaultAsync();
        var trainee = User.IsInRole(Roles.Trainee) && personId is not null;
        var courses = trainee ? await learning.CoursesAsync(personId!.Value) : [];
        var window = await standing.WidestWindowDaysAsync();
        var now = clock.GetUtcNow();
        var assignments = trainee
            ? await (from t in db.TrainingAssignments.AsNoTracking()
                     join e in db.ExamBlueprints on t.ExamId equals e.Id
                     where t.PersonId == personId
                     select new { t, e.Title, Session = db.ExamSessions.FirstOrDefault(s => s.Id == t.ExamSessionId) }).ToListAsync()
            : [];
        // Open ones first, by due date; then the completed ones of the last year.
        var assigned = assignments
            .Where(a => a.t.CompletedAt is null || a.t.CompletedAt > now.AddYears(-1))
            .OrderBy(a => a.t.CompletedAt is not null).ThenBy(a => a.t.DueAt)
            .Select(a => new AssignedTraining(a.t, a.Title, courses.FirstOrDefault(c => c.Course.Id == a.t.CourseId), a.t.IsOverdue(now),
                a.Session is null ? null : Sessions.SessionService.Window(a.Session)))
            .ToList();
        var held = (await (from c in db.Certifications.AsNoTracking()
                           join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                           where c.PersonId == personId && c.State != CertificationState.Superseded
                           select new { c, t.Name }).ToListAsync())
            .OrderByDescending(x => x.c.IssuedAt)
            .Select(x => new HeldCertification(x.c, x.Name, x.c.StatusAt(now, window)))
            .ToList();
        var pending = trainee ? (await commitments.PendingAsync(personId!.Value)).Count : 0;
        return View(new HomeViewModel(departmentName, await toDo.ForAsync(User), assigned, courses, held, pending)
        {
            Hours = trainee ? await hours.YearOfAsync(personId!.Value, LocalTime.Year(now)) : null,
        });
    }
}
