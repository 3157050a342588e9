using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>What the question editor shows: the form, its problems beside the fields, and the trainee's view on request.</summary>
public sealed record QuestionEditViewModel(
    QuestionForm Form, Question? Current, IReadOnlyList<string> Banks, IReadOnlyList<Clause> Clauses, QuestionDoc? Preview = null)
{
    public bool IsNew => Current is null;
}

/// <summary>The 保密办's question editor: 新建题目, edit (a new version), preview, retire and restore.</summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("content/questions")]
public sealed class QuestionEditorController(QuestionEditor editor, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(string? bank, CancellationToken ct) =>
        View("QuestionEdit", await ModelAsync(new QuestionForm { Bank = bank }, null, ct));

    [HttpPost("new")]
    public Task<IActionResult> New(QuestionForm form, string? intent, CancellationToken ct) => SubmitAsync(null, form, intent, ct);

    [HttpGet("{key}/edit")]
    public async Task<IActionResult> Edit(string key, CancellationToken ct) =>
        await editor.LatestAsync(key, ct) is { } current
            ? View("QuestionEdit", await ModelAsync(QuestionForm.From(current), current, ct))
            : NotFound();

    [HttpPost("{key}/edit")]
    public Task<IActionResult> Edit(string key, QuestionForm form, string? intent, CancellationToken ct) => SubmitAsync(key, form, intent, ct);

    /// <summary>The clause picker: current clauses whose id, heading or text holds <paramref name="q"/> (at most 20).</summary>
    [HttpGet("/content/clauses")]
    public async Task<IActionResult> Clauses(string? q, CancellationToken ct)
    {
        var term = (q ?? "").Trim();
        if (term.Length == 0 || term.Length > 50)
        {
            return Json(Array.Empty<object>());
        }

        var matches = (await editor.ClausesAsync(ct))
            .Where(c => c.Id.Contains(term, StringComparison.OrdinalIgnoreCase) || c.Heading.Contains(term, StringComparison.Ordinal) || c.Text.Contains(term, StringComparison.Ordinal))
            .Take(20)
            .Select(c => new { id = c.Id, heading = c.Heading, excerpt = Excerpt(c.Text, term) });
        return Json(matches);

        static string Excerpt(string text, string term)
        {
            var at = Math.Max(0, text.IndexOf(term, StringComparison.Ordinal));
            var start = Math.Max(0, at - 15);
            return string.Concat((start > 0 ? "…" : "").AsSpan(), text.AsSpan(start, Math.Min(60, text.Length - start)), (start + 60 < text.Length ? "…" : "").AsSpan());
        }
    }

    [HttpPost("{key}/retire")]
    public Task<IActionResult> Retire(string key, CancellationToken ct) => SetRetiredAsync(key, true, ct);

    [HttpPost("{key}/restore")]
    public Task<IActionResult> Restore(string key, CancellationToken ct) => SetRetiredAsync(key, false, ct);

    private async Task<IActionResult> SubmitAsync(string? key, QuestionForm form, string? intent, CancellationToken ct)
    {
        var current = key is null ? null : await editor.LatestAsync(key, ct);
        if (key is not null && current is null)
        {
            return NotFound();
        }

        if (intent == "preview")
        {
            var (doc, problems) = await editor.CheckAsync(form, isNew: current is null, ct);
            problems.AddTo(ModelState);
            return View("QuestionEdit", await ModelAsync(form, current, ct, doc));
        }

        var (saved, refused) = await editor.SaveAsync(key, form, User.Identity!.Name!, ct);
        if (saved is null)
        {
            refused.AddTo(ModelState);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("QuestionEdit", await ModelAsync(form, current, ct));
        }

        TempData["Message"] = localizer["题目 {0} 已保存（第 {1} 版）。", saved.Key, saved.Version].Value;
        return Redirect($"/content/questions/{saved.Key}/edit");
    }

    private async Task<IActionResult> SetRetiredAsync(string key, bool retired, CancellationToken ct)
    {
        if (await editor.SetRetiredAsync(key, retired, User.Identity!.Name!, ct) is null)
        {
            return NotFound();
        }

        TempData["Message"] = (retired ? localizer["题目 {0} 已停用：考试不再抽到它，已有的答卷不受影响。", key] : localizer["题目 {0} 已恢复。", key]).Value;
        return Redirect($"/content/questions/{key}/edit");
    }

    private async Task<QuestionEditViewModel> ModelAsync(QuestionForm form, Question? current, CancellationToken ct, QuestionDoc? preview = null)
    {
        while (form.Options.Count < QuestionForm.OptionSlots)
        {
            form.Options.Add(null);
        }

        return new QuestionEditViewModel(form, current, await editor.BanksAsync(ct), await editor.ClausesAsync(ct), preview);
    }
}
