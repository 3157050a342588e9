using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Features.Posts;

public sealed record PostRow(string Department, string Title, PostLevel Level);

[Authorize(Policy = Policies.PostsOverview)]
[Route("posts")]
public sealed class PostsController(AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var posts = await db.Posts.AsNoTracking()
            .OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.Title)
            .Select(p => new { p.Department!.SortOrder, Row = new PostRow(p.Department!.Name, p.Title, p.Level) })
            .ToListAsync();
        // The level is stored by name, so it is ordered here (核心, 重要, 一般) rather than alphabetically in SQL.
        return View(posts.OrderBy(p => p.SortOrder).ThenBy(p => p.Row.Level).Select(p => p.Row).ToList());
    }
}
