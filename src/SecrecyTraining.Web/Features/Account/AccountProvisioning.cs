using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Account;

/// <param name="Succeeded">Whether it was done.</param>
/// <param name="Errors">Why not.</param>
/// <param name="OneTimePassword">The generated password, shown once.</param>
/// <param name="PersonId">A new account's staff record, when one has its employee number.</param>
public sealed record ProvisioningResult(bool Succeeded, IReadOnlyList<string> Errors, string? OneTimePassword = null, int? PersonId = null)
{
    public static ProvisioningResult Failed(params string[] errors) => new(false, errors);
}

/// <summary>
/// Creates accounts, changes their roles and resets passwords on behalf of someone else (CLI, administrator, HR, the demo
/// seed); each is recorded in the audit log under <c>actor</c>. Such an account must change its password at its first
/// sign-in unless the caller says otherwise (the demo seed). An account belongs to the staff record with its employee number
/// when there is one (linked once, at creation); the training records hang off that person, not off the account.
/// </summary>
public sealed class AccountProvisioning(UserManager<AppUser> users, AppDbContext db, Audit.AuditLog audit, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The actor recorded for changes made with the command-line verbs on the server.</summary>
    public static string CommandLineActor => $"cli:{Environment.UserName}";

    public async Task<ProvisioningResult> CreateAsync(
        string actor, string employeeNumber, string displayName, IReadOnlyCollection<string> roles, string? password = null, bool mustChangePassword = true)
    {
        var unknown = roles.Where(r => Roles.Normalize(r) is null).ToList();
        if (unknown.Count > 0)
        {
            return ProvisioningResult.Failed(localizer["未知角色：{0}。可用角色：{1}。", string.Join(", ", unknown), string.Join(", ", Roles.All)]);
        }

        if (SeparationProblem(roles.Select(r => Roles.Normalize(r)!).ToList()) is { } separation)
        {
            return ProvisioningResult.Failed(separation);
        }

        if (await users.FindByNameAsync(employeeNumber) is not null)
        {
            return ProvisioningResult.Failed(localizer["账号 {0} 已存在。", employeeNumber]);
        }

        var generated = password is null ? OneTimePassword.Generate() : null;
        var number = employeeNumber.Trim();
        var personId = await db.People.Where(p => p.EmployeeNumber == number && !db.Users.Any(u => u.PersonId == p.Id))
            .Select(p => (int?)p.Id).SingleOrDefaultAsync();
        var user = new AppUser { UserName = number, DisplayName = displayName.Trim(), MustChangePassword = mustChangePassword, PersonId = personId };

        // Joins the caller's transaction (the demo seed) or makes its own, so a failed role never leaves a half account.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync() : null;
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded)
        {
            return ProvisioningResult.Failed([.. created.Errors.Select(e => e.Description)]);
        }

        var granted = roles.Select(r => Roles.Normalize(r)!).Distinct().Order(StringComparer.Ordinal).ToList();
        var added = await users.AddToRolesAsync(user, granted);
        if (!added.Succeeded)
        {
            return ProvisioningResult.Failed([.. added.Errors.Select(e => e.Description)]);
        }

        await audit.AppendAsync(actor, "account.created", user.UserName, $"roles: {string.Join(",", granted)}");

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return new ProvisioningResult(true, [], generated, personId);
    }

    /// <summary>
    /// Links the account signing in as the person's employee number to the person, when that account belongs to nobody yet
    /// (an account made before the person was on the roster). Returns whether the person now has an account.
    /// </summary>
    public async Task<bool> LinkAsync(string actor, Person person)
    {
        if (await db.Users.AnyAsync(u => u.PersonId == person.Id))
        {
            return true;
        }

        var user = await users.FindByNameAsync(person.EmployeeNumber);
        if (user is null || user.PersonId is not null)
        {
            return false;
        }

        user.PersonId = person.Id;
        await db.SaveChangesAsync();
        await audit.AppendAsync(actor, "account.linked", user.UserName!, $"person:{person.Id}");
        return true;
    }

    /// <summary>
    /// Disables the account: it cannot sign in, and its open sessions end at their next security-stamp check (within a
    /// minute). Nobody disables their own account or the last administrator's. Audited.
    /// </summary>
    public async Task<ProvisioningResult> DisableAsync(string actor, string employeeNumber, DateTimeOffset at, string? reason = null)
    {
        var user = await users.FindByNameAsync(employeeNumber);
        if (user is null)
        {
            return ProvisioningResult.Failed(localizer["账号 {0} 不存在。", employeeNumber]);
        }

        if (IsSelf(actor, employeeNumber))
        {
            return ProvisioningResult.Failed(localizer["不能停用本人的账号。"]);
        }

        if (user.DisabledAt is not null)
        {
            return new ProvisioningResult(true, []);
        }

        if (await users.IsInRoleAsync(user, Roles.Admin)
            && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(a => a.DisabledAt is null) == 1)
        {
            return ProvisioningResult.Failed(localizer["{0} 是唯一的系统管理员，不能停用。", employeeNumber]);
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync() : null;
        (user.DisabledAt, user.DisabledBy) = (at, actor);
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(actor, "account.disabled", user.UserName!, reason ?? "");
        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return new ProvisioningResult(true, []);
    }

    /// <summary>
    /// Disables the account of a person who left the organisation (<see cref="Person.LeftAt"/>) once none of their posts is
    /// open any more, i.e. nothing waits for their 离岗 commitment; joins the caller's transaction. Returns whether an
    /// account was disabled.
    /// </summary>
    public async Task<bool> DisableLeaverAsync(string actor, int personId, DateTimeOffset at)
    {
        var gone = await db.People.AnyAsync(p => p.Id == personId && p.LeftAt != null)
                   && !await db.PostAssignments.AnyAsync(a => a.PersonId == personId && a.State != PostAssignmentState.Ended);
        var userName = gone
            ? await db.Users.Where(u => u.PersonId == personId && u.DisabledAt == null).Select(u => u.UserName).SingleOrDefaultAsync()
            : null;
        return userName is not null && (await DisableAsync(actor, userName, at, "left the organisation")).Succeeded;
    }

    /// <summary>Lets a disabled account sign in again (audited).</summary>
    public async Task<ProvisioningResult> EnableAsync(string actor, string employeeNumber)
    {
        var user = await users.FindByNameAsync(employeeNumber);
        if (user is null)
        {
            return ProvisioningResult.Failed(localizer["账号 {0} 不存在。", employeeNumber]);
        }

        if (user.DisabledAt is null)
        {
            return new ProvisioningResult(true, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        (user.DisabledAt, user.DisabledBy) = (null, null);
        await users.UpdateAsync(user);
        await audit.AppendAsync(actor, "account.enabled", user.UserName!);
        await transaction.CommitAsync();
        return new ProvisioningResult(true, []);
    }

    /// <summary>Gives the account a new one-time password, lifts a lockout, and makes the holder choose a new password.</summary>
    public async Task<ProvisioningResult> ResetPasswordAsync(string actor, string employeeNumber)
    {
        if (IsSelf(actor, employeeNumber))
        {
            return ProvisioningResult.Failed(localizer["不能在这里重置本人的密码；请用“修改密码”。"]);
        }

        var user = await users.FindByNameAsync(employeeNumber);
        if (user is null)
        {
            return ProvisioningResult.Failed(localizer["账号 {0} 不存在。", employeeNumber]);
        }

        var password = OneTimePassword.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return ProvisioningResult.Failed([.. reset.Errors.Select(e => e.Description)]);
        }

        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.AppendAsync(actor, "password.reset", user.UserName!);
        return new ProvisioningResult(true, [], password);
    }

    /// <summary>
    /// Gives the account exactly <paramref name="roles"/>. Refuses to leave it with none, and refuses to take the last
    /// administrator's Admin role (nobody could manage accounts any more). The change is audited as before → after.
    /// </summary>
    public async Task<ProvisioningResult> SetRolesAsync(string actor, string employeeNumber, IReadOnlyCollection<string> roles)
    {
        if (IsSelf(actor, employeeNumber))
        {
            return ProvisioningResult.Failed(localizer["不能修改本人的角色。"]);
        }

        var user = await users.FindByNameAsync(employeeNumber);
        if (user is null)
        {
            return ProvisioningResult.Failed(localizer["账号 {0} 不存在。", employeeNumber]);
        }

        var unknown = roles.Where(r => Roles.Normalize(r) is null).ToList();
        if (unknown.Count > 0)
        {
            return ProvisioningResult.Failed(localizer["未知角色：{0}。可用角色：{1}。", string.Join(", ", unknown), string.Join(", ", Roles.All)]);
        }

        var wanted = roles.Select(r => Roles.Normalize(r)!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return ProvisioningResult.Failed(localizer["至少须保留一个角色。"]);
        }

        if (SeparationProblem(wanted) is { } separation)
        {
            return ProvisioningResult.Failed(separation);
        }

        var current = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        if (current.SequenceEqual(wanted))
        {
            return new ProvisioningResult(true, []);
        }

        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 1)
        {
            return ProvisioningResult.Failed(localizer["{0} 是唯一的系统管理员，不能取消其管理员角色。", employeeNumber]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var removed = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        var added = removed.Succeeded ? await users.AddToRolesAsync(user, wanted.Except(current)) : removed;
        if (!added.Succeeded)
        {
            return ProvisioningResult.Failed([.. added.Errors.Select(e => e.Description)]);
        }

        // Counted again inside the transaction: two administrators demoting each other at once must not both succeed.
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0)
        {
            await transaction.RollbackAsync();
            return ProvisioningResult.Failed(localizer["{0} 是唯一的系统管理员，不能取消其管理员角色。", employeeNumber]);
        }

        await audit.AppendAsync(actor, "role.changed", user.UserName!, $"{string.Join(",", current)} → {string.Join(",", wanted)}");
        await transaction.CommitAsync();
        return new ProvisioningResult(true, []);
    }

    public Task<bool> AnyAccountExistsAsync() => db.Users.AnyAsync();

    /// <summary>三员分立: the message when <paramref name="roles"/> joins two roles that must be different people.</summary>
    private string? SeparationProblem(IReadOnlyCollection<string> roles) =>
        Roles.SeparationBreach(roles) is var (a, b)
            ? localizer["{0}与{1}不能由同一人担任（三员分立）。", localizer[Roles.ChineseName(a)], localizer[Roles.ChineseName(b)]].Value
            : null;

    private static bool IsSelf(string actor, string employeeNumber) =>
        string.Equals(actor, employeeNumber.Trim(), StringComparison.OrdinalIgnoreCase);
}
