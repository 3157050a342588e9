using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The policy page: the certification types, and one form per post level; <see cref="Edited"/> is the level whose form was refused.</summary>
public sealed record PolicyViewModel(
    IReadOnlyList<CertificationType> Types, IReadOnlyList<PostLevelPolicy> Levels, PostLevel? Edited = null, LevelPolicyForm? EditedForm = null);

/// <summary>What the commitment texts page shows: every version with its signers, and who on a post has not signed the current 上岗 text.</summary>
public sealed record CommitmentTextsViewModel(
    IReadOnlyList<CommitmentVersionRow> Versions, IReadOnlyList<UnsignedPerson> Unsigned, CommitmentTextForm Form, bool ShowForm = false);

/// <summary>The 保密办's policy editor (岗位策略) and commitment texts (承诺书文本).</summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("content")]
public sealed class PolicyController(PolicyEditor policy, CommitmentTextEditor commitments, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("policy")]
    public async Task<IActionResult> Policy(CancellationToken ct)
    {
        var (types, levels) = await policy.LoadAsync(ct);
        return View(new PolicyViewModel(types, levels));
    }

    [HttpPost("policy/{level}")]
    public async Task<IActionResult> Policy(PostLevel level, LevelPolicyForm form, CancellationToken ct)
    {
        if (!Enum.IsDefined(level))
        {
            return NotFound();
        }

        var (changed, problems) = await policy.SaveAsync(level, form, User.Identity!.Name!, ct);
        if (problems.Count > 0)
        {
            problems.AddTo(ModelState);

            var (types, levels) = await policy.LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new PolicyViewModel(types, levels, level, form));
        }

        TempData["Message"] = (changed
            ? localizer["{0}岗位的策略已保存，此后的考试、证书和离岗按新策略执行；已颁发的证书不变。", localizer[level.ChineseName()]]
            : localizer["{0}岗位的策略没有变化。", localizer[level.ChineseName()]]).Value;
        return Redirect("/content/policy#level-" + level);
    }

    [HttpGet("commitments")]
    public async Task<IActionResult> Commitments(CancellationToken ct) => View(await CommitmentsModelAsync(new CommitmentTextForm(), false, ct));

    [HttpGet("commitments/new")]
    public async Task<IActionResult> NewCommitment(CommitmentKind kind, CancellationToken ct)
    {
        var current = (await commitments.VersionsAsync(ct)).FirstOrDefault(v => v.Text.Kind == kind && v.Text.IsCurrent)?.Text;
        var form = new CommitmentTextForm { Kind = kind, Title = current?.Title, Markdown = current?.Markdown };
        return View("Commitments", await CommitmentsModelAsync(form, true, ct));
    }

    [HttpPost("commitments/new")]
    public async Task<IActionResult> NewCommitment(CommitmentTextForm form, CancellationToken ct)
    {
        var (created, problems) = await commitments.CreateAsync(form, User.Identity!.Name!, ct);
        if (created is null)
        {
            problems.AddTo(ModelState);

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Commitments", await CommitmentsModelAsync(form, true, ct));
        }

        TempData["Message"] = localizer["已保存{0}承诺书第 {1} 版；启用后才会要求签署。", localizer[CommitmentTextEditor.KindName(created.Kind)], created.Version].Value;
        return Redirect("/content/commitments#text-" + created.Id);
    }

    [HttpPost("commitments/{id:int}/make-current")]
    public async Task<IActionResult> MakeCurrent(int id, CancellationToken ct)
    {
        if (await commitments.MakeCurrentAsync(id, User.Identity!.Name!, ct) is not { } text)
        {
            return NotFound();
        }

        TempData["Message"] = localizer["{0}承诺书第 {1} 版自今日起启用。", localizer[CommitmentTextEditor.KindName(text.Kind)], text.Version].Value;
        return Redirect("/content/commitments#text-" + text.Id);
    }

    private async Task<CommitmentTextsViewModel> CommitmentsModelAsync(CommitmentTextForm form, bool showForm, CancellationToken ct) =>
        new(await commitments.VersionsAsync(ct), await commitments.UnsignedCurrentOnDutyAsync(ct), form, showForm);
}
