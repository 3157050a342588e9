using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Features.Notifications;

/// <summary>The in-app inbox: every signed-in user's messages, newest first; opening one marks it read.</summary>
[Authorize]
[Route("inbox")]
public sealed class InboxController(AppDbContext db, UserManager<AppUser> users, TimeProvider clock) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var userId = users.GetUserId(User)!;
        var messages = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(PageSize).ToListAsync();
        return View(messages);
    }

    /// <summary>Marks the message read and follows its link (or returns to the inbox).</summary>
    [HttpPost("{id:int}/open")]
    public async Task<IActionResult> Open(int id)
    {
        var userId = users.GetUserId(User)!;
        var message = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId);
        if (message is null)
        {
            return NotFound();
        }

        message.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync();
        return LocalRedirect(message.Link is { Length: > 0 } link && Url.IsLocalUrl(link) ? link : "/inbox");
    }

    [HttpPost("read-all")]
    public async Task<IActionResult> ReadAll()
    {
        var userId = users.GetUserId(User)!;
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now));
        return Redirect("/inbox");
    }
}

/// <summary>The unread count shown beside 消息 in the navigation.</summary>
public sealed class UnreadCount(AppDbContext db, UserManager<AppUser> users)
{
    public async Task<int> ForAsync(System.Security.Claims.ClaimsPrincipal user) =>
        users.GetUserId(user) is { } id ? await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null) : 0;
}
