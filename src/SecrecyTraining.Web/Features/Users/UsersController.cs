using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Users;

public sealed record UserRow(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, bool MustChangePassword, bool Disabled = false)
{
    /// <summary>The account's state in words (zh-CN, the localization key): what the administrator acts on.</summary>
    public string Status => Disabled ? Ui.Key("已停用") : LockedOut ? Ui.Key("已锁定") : MustChangePassword ? Ui.Key("待修改密码") : Ui.Key("正常");
}

public sealed record UsersViewModel(IReadOnlyList<UserRow> Users, string? Search);

[Authorize(Policy = Policies.Admin)]
[Route("admin/users")]
public sealed class UsersController(AppDbContext db, AccountProvisioning accounts, TimeProvider clock, IStringLocalizer<SharedResource> localizer)
    : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q)
    {
        var now = clock.GetUtcNow();
        var search = SearchTerm.Normalize(q);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync();
        var users = await db.Users.AsNoTracking()
            .Where(u => search == null || u.UserName!.Contains(search) || u.DisplayName.Contains(search))
            .OrderBy(u => u.UserName).ToListAsync();
        var rows = users.Select(u => new UserRow(
            u.UserName!,
            u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order()],
            u.LockoutEnd > now,
            u.MustChangePassword,
            u.DisabledAt is not null)).ToList();
        return View(new UsersViewModel(rows, search));
    }

    /// <summary>Gives the account exactly the ticked roles (audited); the holder's pages change within a minute.</summary>
    [HttpPost("{userName}/roles")]
    public async Task<IActionResult> SetRoles(string userName, string[]? roles)
    {
        var result = await accounts.SetRolesAsync(User.Identity!.Name!, userName, roles ?? []);
        TempData["Message"] = result.Succeeded ? localizer["已更新 {0} 的角色。", userName].Value : string.Join(" ", result.Errors);
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{userName}/reset-password")]
    public async Task<IActionResult> ResetPassword(string userName)
    {
        var result = await accounts.ResetPasswordAsync(User.Identity!.Name!, userName);
        TempData["Message"] = result.Succeeded
            ? localizer["已重置 {0} 的密码。一次性密码：{1}（首次登录须修改）", userName, result.OneTimePassword!].Value
            : string.Join(" ", result.Errors);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Disables the account (audited): it cannot sign in and its sessions end within a minute.</summary>
    [HttpPost("{userName}/disable")]
    public async Task<IActionResult> Disable(string userName)
    {
        var result = await accounts.DisableAsync(User.Identity!.Name!, userName, clock.GetUtcNow());
        TempData["Message"] = result.Succeeded ? localizer["已停用 {0} 的账号。", userName].Value : string.Join(" ", result.Errors);
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{userName}/enable")]
    public async Task<IActionResult> Enable(string userName)
    {
        var result = await accounts.EnableAsync(User.Identity!.Name!, userName);
        TempData["Message"] = result.Succeeded ? localizer["已启用 {0} 的账号。", userName].Value : string.Join(" ", result.Errors);
        return RedirectToAction(nameof(Index));
    }
}
