using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Commitments;

public sealed record CommitmentsViewModel(
    IReadOnlyList<PendingCommitment> Pending, IReadOnlyList<CommitmentSignature> Signed, int? ErrorTextId, int? ErrorAssignmentId, string? Error, bool JustSigned);

/// <summary>The trainee's 保密承诺书: read the text, confirm with the password, see what was signed.</summary>
[Authorize(Policy = Policies.Trainee)]
[RequiresStaffRecord]
[Route("commitments")]
public sealed class CommitmentsController(CommitmentService commitments, UserManager<AppUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await ModelAsync(null, null, null, TempData["Signed"] is true));

    [HttpPost("sign")]
    public async Task<IActionResult> Sign(int textId, string? textHash, int? postAssignmentId, string? password)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var outcome = await commitments.SignAsync(user, textId, textHash ?? "", postAssignmentId, password ?? "");
        if (outcome == SignOutcome.Signed)
        {
            TempData["Signed"] = true;
            return Redirect("/commitments");
        }

        var error = outcome switch
        {
            SignOutcome.WrongPassword => Ui.Key("密码不正确。"),
            SignOutcome.LockedOut => Ui.Key("密码错误次数过多，账号已暂时锁定，请稍后再试。"),
            SignOutcome.TextChanged => Ui.Key("承诺书内容已更新，请阅读新版本后再签署。"),
            _ => Ui.Key("没有需要签署的承诺书。"),
        };
        Response.StatusCode = outcome == SignOutcome.NotPending ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(nameof(Index), await ModelAsync(textId, postAssignmentId, error, false));
    }

    private async Task<CommitmentsViewModel> ModelAsync(int? textId, int? assignmentId, string? error, bool justSigned)
    {
        var personId = User.PersonId()!.Value;
        return new CommitmentsViewModel(await commitments.PendingAsync(personId), await commitments.SignedAsync(personId), textId, assignmentId, error, justSigned);
    }
}
