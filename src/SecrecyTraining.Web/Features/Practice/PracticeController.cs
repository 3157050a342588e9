using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Practice;

public sealed record PracticeHome(IReadOnlyList<PracticeChapter> Chapters, int OpenWrongAnswers);

public sealed record PracticeQuestion(string Scope, Question? Question, int OpenWrongAnswers);

public sealed record PracticeResult(string Scope, PracticeFeedback Feedback, int OpenWrongAnswers);

/// <summary>练习: one question at a time from a chapter, a clause or the 错题本, with the answer, explanation and clause at once.</summary>
[Authorize(Policy = Policies.Trainee)]
[RequiresStaffRecord]
[Route("practice")]
public sealed class PracticeController(
    PracticeService practice, Exams.ExamService exams, IStringLocalizer<SharedResource> localizer) : Controller
{
    private int PersonId => User.PersonId()!.Value;

    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        View(new PracticeHome(await practice.ChaptersAsync(), await practice.OpenWrongAnswersAsync(PersonId)));

    [HttpGet("{scope}")]
    public async Task<IActionResult> Question(string scope)
    {
        if (await exams.FormalAttemptOpenAsync(PersonId))
        {
            return Paused();
        }

        return View(new PracticeQuestion(scope, await practice.NextAsync(PersonId, scope), await practice.OpenWrongAnswersAsync(PersonId)));
    }

    [HttpPost("{scope}")]
    public async Task<IActionResult> Answer(string scope, int questionId, int[]? selected, string[]? texts)
    {
        if (await exams.FormalAttemptOpenAsync(PersonId))
        {
            return Paused();
        }

        var feedback = await practice.AnswerAsync(PersonId, questionId, selected ?? [], texts);
        return feedback is null
            ? NotFound()
            : View("Feedback", new PracticeResult(scope, feedback, await practice.OpenWrongAnswersAsync(PersonId)));
    }

    /// <summary>Practice shows keys and explanations from the banks the exams draw from: it waits while a formal exam runs.</summary>
    private RedirectToActionResult Paused()
    {
        TempData["Error"] = localizer["您有正在进行的考试，交卷后才能继续练习。"].Value;
        return RedirectToAction("Index", "Exams");
    }
}
