using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Exams;

/// <summary>
/// An exam on 考试与练习: its attempts, the training that assigns it to this trainee (when it does), and the course that must
/// be read first (when it is not read yet).
/// </summary>
public sealed record ExamListItem(
    ExamBlueprint Exam, int QuestionCount, IReadOnlyList<Attempt> Attempts, TrainingAssignment? Assigned, Learning.CourseProgress? LockedBy)
{
    public bool IsPractice => Exam.Kind == Content.ExamKind.Practice;
}

/// <summary>A session (考试安排) the trainee is an examinee of, with their paper's state.</summary>
public sealed record SessionListItem(ExamSession Session, string ExamTitle, int QuestionCount, Attempt Attempt, int ExtraMinutes)
{
    /// <summary>How long before the start 我的考试 shows the start form, counting down to the opening.</summary>
    public static readonly TimeSpan WaitingRoom = TimeSpan.FromMinutes(30);
}

/// <summary>What 考试与练习 shows: the trainee's exam sessions, then the exams they may start themselves.</summary>
public sealed record ExamsViewModel(IReadOnlyList<SessionListItem> Sessions, IReadOnlyList<ExamListItem> Exams);

public sealed record FocusRequest(string? Kind);

public sealed record AnswerRequest(int Position, int[]? Selected, bool Flagged, string[]? Texts = null);

/// <summary>Trainees take exams here: start or resume, answer (each answer saved as it is given), submit, see the result.</summary>
[Authorize(Policy = Policies.Trainee)]
[RequiresStaffRecord]
public sealed class ExamsController(
    ExamService exams, Sessions.SessionService sessions, AppDbContext db, Learning.LearningService learning, TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    private int PersonId => User.PersonId()!.Value;

    [HttpGet("/exams")]
    public async Task<IActionResult> Index()
    {
        var blueprints = await exams.OpenTo(PersonId).ToListAsync();
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.PersonId == PersonId && a.Status != AttemptStatus.NotStarted).OrderBy(a => a.Number).ToListAsync();
        var assigned = await db.TrainingAssignments.AsNoTracking().Where(t => t.PersonId == PersonId && t.CompletedAt == null).ToListAsync();
        var courses = await learning.CoursesAsync(PersonId);
        // Assigned exams first (soonest due), then the other formal exams, then practice.
        var items = blueprints
            .Select(e => new ExamListItem(e, e.Rules.Sum(r => r.Count), [.. attempts.Where(a => a.ExamId == e.Id)],
                assigned.Where(t => t.ExamId == e.Id).MinBy(t => t.DueAt),
                courses.FirstOrDefault(c => c.Course.Id == e.CourseId && !c.IsComplete)))
            .OrderBy(i => i.IsPractice).ThenBy(i => i.Assigned is null).ThenBy(i => i.Assigned?.DueAt).ThenBy(i => i.Exam.Kind).ThenBy(i => i.Exam.Id, StringComparer.Ordinal)
            .ToList();
        var mine = await (from e in db.SessionExaminees.AsNoTracking()
                          join s in db.ExamSessions on e.SessionId equals s.Id
                          join a in db.Attempts on e.AttemptId equals a.Id
                          join x in db.ExamBlueprints on s.ExamId equals x.Id
                          where e.PersonId == PersonId
                          orderby s.OpensAt descending
                          select new { Session = s, Attempt = a, x.Title, x.Rules, e.ExtraMinutes }).ToListAsync();
        var now = clock.GetUtcNow();
        // Sessions still to come or running first; the finished ones after, newest first.
        var sessionItems = mine.Select(m => new SessionListItem(m.Session, m.Title, m.Rules.Sum(r => r.Count), m.Attempt, m.ExtraMinutes))
            .OrderBy(i => i.Session.ClosesAt <= now).ThenBy(i => i.Session.ClosesAt <= now ? -i.Session.OpensAt.UtcTicks : i.Session.OpensAt.UtcTicks).ToList();
        ViewData["Now"] = now;
        return View(new ExamsViewModel(sessionItems, items));
    }

    /// <summary>Starts the paper drawn for the trainee in an exam session (考试安排), with the start code shown in the room.</summary>
    [HttpPost("/exams/sessions/{sessionId:int}/start")]
    public async Task<IActionResult> StartSession(int sessionId, string? startCode)
    {
        var result = await sessions.StartAsync(sessionId, PersonId, User.Identity!.Name!, startCode);
        if (result.AttemptId is { } id)
        {
            return RedirectToAction(nameof(Take), new { id });
        }

        TempData["Error"] = result.Refusal;
        return Redirect($"/exams#session-{sessionId}");
    }

    [HttpPost("/exams/{examId}/start")]
    public async Task<IActionResult> Start(string examId)
    {
        var result = await exams.StartAsync(PersonId, User.Identity!.Name!, examId);
        if (result.AttemptId is { } id)
        {
            return RedirectToAction(nameof(Take), new { id });
        }

        TempData["Error"] = result.Refusal;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("/attempts/{id:int}")]
    public async Task<IActionResult> Take(int id)
    {
        var attempt = await exams.GetAsync(id, PersonId);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.Status == AttemptStatus.NotStarted || (attempt.OnPaper && attempt.Status == AttemptStatus.InProgress))
        {
            return Redirect("/exams"); // a session's paper starts from its card, inside the window; a paper one is keyed in by the 保密办
        }

        if (attempt.Status != AttemptStatus.InProgress)
        {
            return RedirectToAction(nameof(Result), new { id });
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == attempt.ExamId);
        var session = attempt.ExamSessionId is { } sessionId ? await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId) : null;
        ViewData["Now"] = clock.GetUtcNow();
        return View(new AttemptViewModel(exam, attempt, session));
    }

    /// <summary>The deadline as the server holds it (extra time moves it): the page's countdown asks every few seconds.</summary>
    [HttpGet("/attempts/{id:int}/clock")]
    public async Task<IActionResult> Clock(int id)
    {
        var deadline = await exams.DeadlineAsync(id, PersonId);
        return Ok(new
        {
            open = deadline is not null,
            deadline = deadline?.ToUnixTimeMilliseconds(),
            deadlineText = deadline is { } d ? Infrastructure.Web.LocalTime.Format(d) : null,
            now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
    }

    /// <summary>
    /// The page reports that it was left (another tab or window): recorded with its time for the invigilator, and past the
    /// session's limit the attempt is submitted (409, as for any closed exam, with the reason).
    /// </summary>
    [HttpPost("/attempts/{id:int}/focus")]
    public async Task<IActionResult> Focus(int id, [FromBody] FocusRequest? request)
    {
        var loss = await exams.RecordFocusLossAsync(id, PersonId, request?.Kind ?? "hidden", User.Identity!.Name!);
        if (loss is null)
        {
            return Conflict(new { recorded = false, error = localizer["考试已结束。"].Value });
        }

        if (loss.Submitted)
        {
            return Conflict(new { recorded = true, count = loss.Count, error = localizer["离开考试页面 {0} 次，超过本场考试允许的 {1} 次，系统已按已保存的答案交卷。", loss.Count, loss.Limit!].Value });
        }

        var warning = loss.Limit is { } limit
            ? localizer["您已离开考试页面 {0} 次；超过 {1} 次将自动交卷。", loss.Count, limit]
            : localizer["您已离开考试页面 {0} 次，已记录。", loss.Count];
        return Ok(new { recorded = true, count = loss.Count, warning = warning.Value });
    }

    /// <summary>Saves one answer. 200 acknowledges it (it is then never lost); 409 says the exam is over and the answer was refused.</summary>
    [HttpPost("/attempts/{id:int}/answers")]
    public async Task<IActionResult> Answer(int id, [FromBody] AnswerRequest? request)
    {
        if (request is null || !ModelState.IsValid)
        {
            return BadRequest(new { saved = false, error = localizer["答案格式不正确，未保存。"].Value });
        }

        var result = await exams.SaveAsync(id, PersonId, request.Position, request.Selected ?? [], request.Texts ?? [], request.Flagged);
        return result.Status switch
        {
            SaveStatus.Saved => Ok(new { saved = true, savedAt = result.SavedAt }),
            SaveStatus.Closed => Conflict(new { saved = false, error = result.Message }),
            SaveStatus.Invalid => BadRequest(new { saved = false, error = result.Message }),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// Submits. The form carries every answer on the page too, so answers not yet saved by the script (no script, or
    /// offline until the click) are saved first, while the attempt is still open.
    /// </summary>
    [HttpPost("/attempts/{id:int}/submit")]
    public async Task<IActionResult> Submit(int id, IFormCollection form)
    {
        // The page's form holds every answer as shown (an unticked question sends nothing, which means no answer).
        Func<AttemptQuestion, SubmittedAnswer>? fromForm = form.ContainsKey("answers-in-form") ? q => AnswerForm.Submitted(form, q) : null;
        return await exams.SubmitAsync(id, PersonId, fromForm) ? RedirectToAction(nameof(Result), new { id }) : NotFound();
    }

    [HttpGet("/attempts/{id:int}/result")]
    public async Task<IActionResult> Result(int id)
    {
        var attempt = await exams.GetAsync(id, PersonId);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.Status is AttemptStatus.InProgress or AttemptStatus.NotStarted)
        {
            return RedirectToAction(nameof(Take), new { id });
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == attempt.ExamId);
        var chapters = attempt.Questions.Select(q => q.Chapter).Distinct().ToList();
        // A chapter is named with its regulation: the law and its implementing regulation both have a 第二章.
        var names = await (from c in db.Clauses.AsNoTracking()
                           join r in db.Regulations on c.RegulationId equals r.Id
                           where chapters.Contains(c.Id)
                           select new { c.Id, Name = r.Title + " · " + c.Heading }).ToDictionaryAsync(c => c.Id, c => c.Name);
        var regulations = await db.Regulations.AsNoTracking().Where(r => chapters.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title);
        var breakdown = attempt.Questions.GroupBy(q => q.Chapter)
            .Select(g => new ChapterScore(g.Key, names.GetValueOrDefault(g.Key) ?? regulations.GetValueOrDefault(g.Key) ?? g.Key,
                g.Sum(q => q.Points), g.Sum(q => attempt.Responses.FirstOrDefault(r => r.Position == q.Position)?.Awarded ?? 0)))
            .OrderBy(c => c.Chapter, StringComparer.Ordinal)
            .ToList();
        return View(new ResultViewModel(exam, attempt, breakdown, await exams.FormalAttemptOpenAsync(PersonId)));
    }
}

public sealed record AttemptViewModel(ExamBlueprint Exam, Attempt Attempt, ExamSession? Session = null)
{
    public Response? ResponseAt(int position) => Attempt.Responses.FirstOrDefault(r => r.Position == position);
}

public sealed record ChapterScore(string Chapter, string Name, decimal Points, decimal Awarded);

/// <summary>A submitted attempt's result; <paramref name="ExamOpen"/>: a formal exam is running now, so no key is shown.</summary>
public sealed record ResultViewModel(ExamBlueprint Exam, Attempt Attempt, IReadOnlyList<ChapterScore> Chapters, bool ExamOpen)
{
    /// <summary>The attempt's own review policy (frozen at its start), reduced to the score while a formal exam runs.</summary>
    public ReviewPolicy Review => ExamOpen ? ReviewPolicy.ScoreOnly : Attempt.Review;

    public Response? ResponseAt(int position) => Attempt.Responses.FirstOrDefault(r => r.Position == position);
}
