using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Notifications;

/// <summary>A message to put in an inbox; its key names the event it reports.</summary>
public sealed record NotificationDraft(string UserId, string Key, string Title, string Body, string? Link);

/// <summary>
/// Puts messages in users' inboxes, once per key: adding a message whose key exists does nothing. Adds to the caller's unit
/// of work (the caller saves), so a job's assignment and its notice are written together or not at all.
/// </summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock)
{
    /// <summary>Queues the message unless one with the same key exists; returns whether it was queued.</summary>
    public async Task<bool> AddAsync(string userId, string key, string title, string body, string? link, CancellationToken ct = default) =>
        await AddAsync([new NotificationDraft(userId, key, title, body, link)], ct) == 1;

    /// <summary>Queues every message whose key is new (one query for the batch); returns how many were queued.</summary>
    public async Task<int> AddAsync(IReadOnlyCollection<NotificationDraft> drafts, CancellationToken ct = default)
    {
        var keys = drafts.Select(d => d.Key).ToList();
        var taken = (await db.Notifications.Where(n => keys.Contains(n.Key)).Select(n => n.Key).ToListAsync(ct))
            .Concat(db.Notifications.Local.Select(n => n.Key)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var draft in drafts.Where(d => taken.Add(d.Key)))
        {
            db.Notifications.Add(new Notification
            {
                UserId = draft.UserId,
                Key = draft.Key,
                Title = draft.Title,
                Body = draft.Body,
                Link = draft.Link,
                CreatedAt = now,
            });
            added++;
        }

        return added;
    }

    /// <summary>The accounts holding a role (HR, for example), for notices that concern them.</summary>
    public async Task<List<string>> UsersInRoleAsync(string role, CancellationToken ct = default) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == role
               select ur.UserId).ToListAsync(ct);

    /// <summary>The account of each person that has one (people without an account have no inbox).</summary>
    public async Task<Dictionary<int, string>> AccountsOfAsync(IReadOnlyCollection<int> personIds, CancellationToken ct = default) =>
        await db.Users.Where(u => u.PersonId != null && personIds.Contains(u.PersonId.Value))
            .ToDictionaryAsync(u => u.PersonId!.Value, u => u.Id, ct);

    /// <summary>For many people at once: the accounts of the department heads of each one's department.</summary>
    public async Task<Dictionary<int, List<string>>> DepartmentHeadsOfAsync(IReadOnlyCollection<int> personIds, CancellationToken ct = default)
    {
        var heads = await UsersInRoleAsync(Roles.DeptHead, ct);
        var headsByDepartment = (await (from u in db.Users
                                        join p in db.People on u.PersonId equals p.Id
                                        where heads.Contains(u.Id)
                                        select new { u.Id, p.DepartmentId }).ToListAsync(ct))
            .GroupBy(h => h.DepartmentId).ToDictionary(g => g.Key, g => g.Select(h => h.Id).ToList());
        var departments = await db.People.Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.DepartmentId }).ToListAsync(ct);
        return departments.ToDictionary(d => d.Id, d => headsByDepartment.GetValueOrDefault(d.DepartmentId) ?? []);
    }
}
