using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Exams;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Grading;

/// <summary>One 简答 answer waiting for its grade, beside what the grader needs: the question, its reference answer and rubric.</summary>
public sealed record PendingAnswer(int AttemptId, int Position, string ExamTitle, DateTimeOffset SubmittedAt, Question Question, decimal Points, string Answer);

/// <summary>
/// The grading queue (阅卷): every 简答 answer of an attempt 待阅卷, oldest attempt first. Answers are shown without the
/// examinee's name (the attempt number only), so they are graded on what is written. The last grade of an attempt gives
/// it its score and result, and a pass its certification.
/// </summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("grading")]
public sealed class GradingController(AppDbContext db, ExamService exams, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PendingAsync(db, User.PersonId(), ct));

    /// <summary>The answers waiting for a grade, but not those of the grader's own attempts.</summary>
    public static async Task<IReadOnlyList<PendingAnswer>> PendingAsync(AppDbContext db, int? graderPersonId, CancellationToken ct = default)
    {
        var rows = await (from r in db.Responses.AsNoTracking()
                          join a in db.Attempts on r.AttemptId equals a.Id
                          join q in db.AttemptQuestions on new { r.AttemptId, r.Position } equals new { q.AttemptId, q.Position }
                          join e in db.ExamBlueprints on a.ExamId equals e.Id
                          where a.AwaitingGrading && r.Awarded == null && a.PersonId != graderPersonId
                          orderby a.SubmittedAt, a.Id, r.Position
                          select new { r.AttemptId, r.Position, e.Title, a.SubmittedAt, q.QuestionId, q.Points, r.Texts }).ToListAsync(ct);
        var ids = rows.Select(r => r.QuestionId).Distinct().ToList();
        var questions = await db.Questions.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct);
        return [.. rows.Select(r => new PendingAnswer(r.AttemptId, r.Position, r.Title, r.SubmittedAt!.Value, questions[r.QuestionId], r.Points, string.Join("\n", r.Texts)))];
    }

    [HttpPost("{attemptId:int}/{position:int}")]
    public async Task<IActionResult> Grade(int attemptId, int position, decimal? points, string? comment, CancellationToken ct)
    {
        var outcome = points is { } value && (comment?.Length ?? 0) <= 1000
            ? await exams.GradeAsync(attemptId, position, value, comment, User.Identity!.Name!, User.PersonId(), ct)
            : GradeOutcome.InvalidPoints;
        switch (outcome)
        {
            case GradeOutcome.InvalidPoints:
                TempData["Error"] = localizer["答卷 {0} 第 {1} 题：请填写 0 到满分之间的分数（最多两位小数），阅卷意见最多 1000 字。", attemptId, position].Value;
                break;
            case GradeOutcome.OwnAnswer:
                TempData["Error"] = localizer["答卷 {0} 是您本人的考试，须由其他保密办人员阅卷。", attemptId].Value;
                break;
            case GradeOutcome.NotPending:
                TempData["Error"] = localizer["答卷 {0} 第 {1} 题已评分或不在待阅卷中。", attemptId, position].Value;
                break;
            case GradeOutcome.Concluded:
                TempData["Message"] = localizer["答卷 {0} 已全部评完，成绩已公布。", attemptId].Value;
                break;
            default:
                TempData["Message"] = localizer["答卷 {0} 第 {1} 题已评分。", attemptId, position].Value;
                break;
        }

        return Redirect("/grading");
    }
}
