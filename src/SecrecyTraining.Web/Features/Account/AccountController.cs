using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Account;

[Route("account")]
public sealed class AccountController(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IStringLocalizer<SharedResource> localizer,
    Audit.AuditLog audit,
    Data.AppDbContext db,
    SignInAttempts attempts,
    ILogger<AccountController> logger) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect("/") : View(new LoginModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var userName = model.UserName.Trim();
        if (!attempts.TryAcquire(userName))
        {
            logger.LogWarning("Sign-in refused: too many attempts for {UserName}", userName);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        // A name with no account that may sign in (none, or disabled) is refused the way a wrong password is: same message,
        // same hashing work, same lockout after the same count.
        var user = await users.FindByNameAsync(userName);
        var result = await attempts.CheckingPasswordAsync(async () => user is not null && await signIn.CanSignInAsync(user)
            ? await signIn.PasswordSignInAsync(user, model.Password, isPersistent: false, lockoutOnFailure: true)
            : attempts.RefuseWithoutAccount(userName, model.Password, users.PasswordHasher));
        var action = result.Succeeded ? "sign-in.succeeded" : result.IsLockedOut ? "sign-in.locked-out" : "sign-in.failed";
        if (attempts.AuditDetails(userName, action, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "") is { } details)
        {
            await audit.AppendAsync(userName, action, userName, details);
        }

        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in of {UserName}", userName);
            return LocalRedirect(Url.IsLocalUrl(model.ReturnUrl) ? model.ReturnUrl : "/");
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {UserName} is locked out", userName);
            ModelState.AddModelError("", localizer["连续 {0} 次密码错误，账号已锁定 {1} 分钟。请稍后再试或联系管理员。",
                IdentitySetup.MaxFailedAttempts, (int)IdentitySetup.LockoutDuration.TotalMinutes]);
        }
        else
        {
            logger.LogWarning("Sign-in failed for {UserName}", userName);
            ModelState.AddModelError("", localizer["工号或密码不正确。"]);
        }

        return View(model);
    }

    [AllowedWhilePasswordChangeRequired]
    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        // A copy of the cookie taken before signing out stops working too: the stamp it carries is renewed.
        if (await users.GetUserAsync(User) is { } user)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await users.UpdateSecurityStampAsync(user);
            await audit.AppendAsync(user.UserName!, "sign-out", user.UserName!);
            await transaction.CommitAsync();
        }

        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [AllowedWhilePasswordChangeRequired]
    [HttpGet("change-password")]
    public IActionResult ChangePassword() => View(new ChangePasswordModel());

    [AllowedWhilePasswordChangeRequired]
    [HttpPost("change-password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (model.NewPassword == model.CurrentPassword)
        {
            ModelState.AddModelError(nameof(model.NewPassword), localizer["新密码不能与当前密码相同。"]);
            return View(model);
        }

        // The new password, the cleared must-change flag and the audit entry are written together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var changed = await users.ChangePasswordAsync(user, model.CurrentPassword, model.NewPassword);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(model.CurrentPassword) : nameof(model.NewPassword);
                ModelState.AddModelError(field, error.Description);
            }

            return View(model);
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await audit.AppendAsync(user.UserName!, "password.changed", user.UserName!);
        await transaction.CommitAsync();
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("Password changed by {UserName}", user.UserName);
        TempData["Message"] = localizer["密码已修改。"].Value;
        return LocalRedirect("/");
    }
}
