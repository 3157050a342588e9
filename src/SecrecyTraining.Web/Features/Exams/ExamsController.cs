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

public sealed record AnswerRequest(int Position, int[]? Selected, bool Flagged, string[]? Texts = null);

/// <summary>Trainees take exams here: start or resume, answer (each answer saved as it is given), submit, see the result.</summary>
[Authorize(Policy = Policies.Trainee)]
[RequiresStaffRecord]
public sealed class ExamsController(
    ExamService exams, AppDbContext db, Learning.LearningService learning, TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    private int PersonId => User.PersonId()!.Value;

    [HttpGet("/exams")]
    public async Task<IActionResult> Index()
    {
        var blueprints = await exams.OpenTo(PersonId).ToListAsync();
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.PersonId == PersonId).OrderBy(a => a.Number).ToListAsync();
        var assigned = await db.TrainingAssignments.AsNoTracking().Where(t => t.PersonId == PersonId && t.CompletedAt == null).ToListAsync();
        var courses = await learning.CoursesAsync(PersonId);
        // Assigned exams first (soonest due), then the other formal exams, then practice.
        var items = blueprints
            .Select(e => new ExamListItem(e, e.Rules.Sum(r => r.Count), [.. attempts.Where(a => a.ExamId == e.Id)],
                assigned.Where(t => t.ExamId == e.Id).MinBy(t => t.DueAt),
                courses.FirstOrDefault(c => c.Course.Id == e.CourseId && !c.IsComplete)))
            .OrderBy(i => i.IsPractice).ThenBy(i => i.Assigned is null).ThenBy(i => i.Assigned?.DueAt).ThenBy(i => i.Exam.Kind).ThenBy(i => i.Exam.Id, StringComparer.Ordinal)
            .ToList();
        return View(items);
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

        if (attempt.Status != AttemptStatus.InProgress)
        {
            return RedirectToAction(nameof(Result), new { id });
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == attempt.ExamId);
        ViewData["Now"] = clock.GetUtcNow();
        return View(new AttemptViewModel(exam, attempt));
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
        var attempt = await exams.GetAsync(id, PersonId);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.Status == AttemptStatus.InProgress)
        {
            // The page's form holds every answer as shown (an unticked question sends nothing, which means no answer).
            if (form.ContainsKey("answers-in-form"))
            {
                foreach (var question in attempt.Questions)
                {
                    var selected = form[$"q{question.Position}"].Select(v => int.TryParse(v, out var i) ? i : -1).Where(i => i >= 0).ToList();
                    var texts = Enumerable.Range(0, question.Question!.Type switch { QuestionType.FillBlank => question.Question.Blanks.Count, QuestionType.ShortAnswer => 1, _ => 0 })
                        .Select(i => form[$"q{question.Position}t{i}"].ToString()).ToList();
                    await exams.SaveAsync(id, PersonId, question.Position, selected, texts, form.ContainsKey($"flag{question.Position}"));
                }
            }

            await exams.SubmitAsync(id, PersonId);
        }

        return RedirectToAction(nameof(Result), new { id });
    }

    [HttpGet("/attempts/{id:int}/result")]
    public async Task<IActionResult> Result(int id)
    {
        var attempt = await exams.GetAsync(id, PersonId);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.Status == AttemptStatus.InProgress)
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

public sealed record AttemptViewModel(ExamBlueprint Exam, Attempt Attempt)
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
