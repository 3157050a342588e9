using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Notifications;

/// <summary>
/// Puts messages in users' inboxes, once per key: adding a message whose key exists does nothing. Adds to the caller's unit
/// of work (the caller saves), so a job's assignment and its notice are written together or not at all.
/// </summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock)
{
    /// <summary>Queues the message unless one with the same key exists; returns whether it was queued.</summary>
    public async Task<bool> AddAsync(string userId, string key, string title, string body, string? link, CancellationToken ct = default)
    {
        if (await db.Notifications.AnyAsync(n => n.Key == key, ct) || db.Notifications.Local.Any(n => n.Key == key))
        {
            return false;
        }

        db.Notifications.Add(new Notification
        {
            UserId = userId,
            Key = key,
            Title = title,
            Body = body,
            Link = link,
            CreatedAt = clock.GetUtcNow(),
        });
        return true;
    }

    /// <summary>The accounts holding a role (HR, for example), for notices that concern them.</summary>
    public async Task<List<string>> UsersInRoleAsync(string role, CancellationToken ct = default) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == role
               select ur.UserId).ToListAsync(ct);

    /// <summary>The department heads of the department of the person with this account.</summary>
    public async Task<List<string>> DepartmentHeadsOfAsync(string userId, CancellationToken ct = default)
    {
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync(ct);
        var department = await db.People.Where(p => p.EmployeeNumber == userName).Select(p => (int?)p.DepartmentId).SingleOrDefaultAsync(ct);
        if (department is null)
        {
            return [];
        }

        var heads = await UsersInRoleAsync(Roles.DeptHead, ct);
        return await (from u in db.Users
                      join p in db.People on u.UserName equals p.EmployeeNumber
                      where heads.Contains(u.Id) && p.DepartmentId == department
                      select u.Id).ToListAsync(ct);
    }
}
