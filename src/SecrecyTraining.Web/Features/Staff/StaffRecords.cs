using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Staff;

/// <summary>HR's corrections to a staff record; each is audited in the same transaction.</summary>
public sealed partial class StaffRecords(AppDbContext db, UserManager<AppUser> users, Audit.AuditLog audit)
{
    /// <summary>What an employee number may be: the characters the person pages' addresses take, at most 32.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    public static partial Regex EmployeeNumberPattern();

    /// <summary>
    /// Gives the person a new employee number; their account signs in with it from now on (its sessions end). Every record
    /// stays with the person. Returns the problem (a localization key) and changes nothing when the number is not usable.
    /// </summary>
    public async Task<string?> CorrectEmployeeNumberAsync(int personId, string? newNumber, string? reason, string actor, CancellationToken ct = default)
    {
        var number = newNumber?.Trim() ?? "";
        var why = reason?.Trim() ?? "";
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return Ui.Key("人员不存在。");
        }

        if (!EmployeeNumberPattern().IsMatch(number))
        {
            return Ui.Key("工号只能由字母、数字、下划线和连字符组成，最长 32 位。");
        }

        if (number == person.EmployeeNumber)
        {
            return Ui.Key("新工号与原工号相同。");
        }

        if (why.Length == 0)
        {
            return Ui.Key("请填写更正工号的理由。");
        }

        var account = await db.Users.SingleOrDefaultAsync(u => u.PersonId == personId, ct);
        if (await db.People.AnyAsync(p => p.EmployeeNumber == number, ct)
            || (await users.FindByNameAsync(number) is { } holder && holder.Id != account?.Id))
        {
            return Ui.Key("该工号已被他人使用。");
        }

        var old = person.EmployeeNumber;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        person.CorrectEmployeeNumber(number);
        await db.SaveChangesAsync(ct);
        if (account is not null)
        {
            var renamed = await users.SetUserNameAsync(account, number); // also renews the security stamp: old sessions end
            if (!renamed.Succeeded)
            {
                return string.Join(" ", renamed.Errors.Select(e => e.Description));
            }
        }

        await audit.AppendAsync(actor, "person.employee-number-corrected", $"person:{personId}",
            $"{old} → {number}{(account is null ? "" : " (account renamed)")}: {why}", ct);
        await transaction.CommitAsync(ct);
        return null;
    }
}
