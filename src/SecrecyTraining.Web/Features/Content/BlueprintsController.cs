using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>What the blueprint editor shows: the form, each rule's feasibility, and a sample paper on request.</summary>
public sealed record BlueprintEditViewModel(
    BlueprintForm Form, ExamBlueprint? Current, BlueprintChoices Choices, IReadOnlyList<RuleFeasibility> Feasibility,
    IReadOnlyList<SampleQuestion>? Sample = null, bool SampleFailed = false)
{
    public bool IsNew => Current is null;
}

/// <summary>The 保密办's blueprint editor (试卷策略): list, 新建试卷, edit (a new version), check, draw a sample paper.</summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("content/exams")]
public sealed class BlueprintsController(BlueprintEditor editor, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Blueprints", await editor.ListAsync(ct));

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => await EditViewAsync(new BlueprintForm(), null, ct);

    [HttpPost("new")]
    public Task<IActionResult> New(BlueprintForm form, string? intent, CancellationToken ct) => SubmitAsync(null, form, intent, ct);

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct) =>
        await FindEditableAsync(id, ct) is { } current ? await EditViewAsync(BlueprintForm.From(current), current, ct) : NotFound();

    [HttpPost("{id}/edit")]
    public async Task<IActionResult> Edit(string id, BlueprintForm form, string? intent, CancellationToken ct) =>
        await FindEditableAsync(id, ct) is null ? NotFound() : await SubmitAsync(id, form, intent, ct);

    /// <summary>The generated content-change exams are the refresher job's, not content: they are not edited here.</summary>
    private async Task<ExamBlueprint?> FindEditableAsync(string id, CancellationToken ct) =>
        id.StartsWith(Jobs.ContentRefresher.ExamPrefix, StringComparison.Ordinal) ? null : await editor.FindAsync(id, ct);

    private async Task<IActionResult> SubmitAsync(string? id, BlueprintForm form, string? intent, CancellationToken ct)
    {
        var current = id is null ? null : await editor.FindAsync(id, ct);
        if (current is not null)
        {
            form.Id = current.Id;
        }

        if (intent is "check" or "sample")
        {
            var (blueprint, problems) = await editor.CheckAsync(form, isNew: current is null, ct);
            problems.AddTo(ModelState);
            var sample = intent == "sample" && blueprint is not null ? await editor.SampleAsync(blueprint, ct) : null;
            return await EditViewAsync(form, current, ct, sample, sampleFailed: intent == "sample" && sample is null);
        }

        var (saved, changed, refused) = await editor.SaveAsync(id, form, User.Identity!.Name!, ct);
        if (saved is null)
        {
            refused.AddTo(ModelState);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await EditViewAsync(form, current, ct);
        }

        TempData["Message"] = (changed
            ? localizer["试卷 {0} 已保存（第 {1} 版）。此后开始的考试按新策略抽题；已开始的答卷不受影响。", saved.Id, saved.Version]
            : localizer["试卷 {0} 没有变化。", saved.Id]).Value;
        return Redirect($"/content/exams/{saved.Id}/edit");
    }

    private async Task<IActionResult> EditViewAsync(
        BlueprintForm form, ExamBlueprint? current, CancellationToken ct, IReadOnlyList<SampleQuestion>? sample = null, bool sampleFailed = false)
    {
        form.WithBlankRows();
        return View("BlueprintEdit", new BlueprintEditViewModel(form, current, await editor.ChoicesAsync(ct), await editor.FeasibilityAsync(form, ct), sample, sampleFailed));
    }
}
