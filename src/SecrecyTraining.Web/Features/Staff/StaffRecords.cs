using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Staff;

/// <summary>HR's corrections to a staff record; each is audited in the same transaction.</summary>
public sealed partial class StaffRecords(AppDbContext db, UserManager<AppUser> users, Audit.AuditLog audit, TimeProvider clock)
{
    /// <summary>The longest reason an exemption or an extension keeps.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>
    /// What changed of a person's name, department and e-mail, as the audit entry says it ("name 张伟 → 张维; department …");
    /// empty when nothing did. The roster import and the person page write the same.
    /// </summary>
    public static string Changes((string Name, string Department, string? Email) before, (string Name, string Department, string? Email) after)
    {
        var parts = new List<string>();
        if (before.Name != after.Name)
        {
            parts.Add($"name {before.Name} → {after.Name}");
        }

        if (before.Department != after.Department)
        {
            parts.Add($"department {before.Department} → {after.Department}");
        }

        if ((before.Email ?? "") != (after.Email ?? ""))
        {
            parts.Add($"e-mail {Or(before.Email)} → {Or(after.Email)}");
        }

        return string.Join("; ", parts);

        static string Or(string? email) => string.IsNullOrEmpty(email) ? "(none)" : email;
    }

    /// <summary>Whether an e-mail address is usable (empty is: it removes the address).</summary>
    public static bool IsEmail(string email) =>
        email.Length == 0 || (email.Length <= 256 && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email);

    /// <summary>
    /// HR corrects the person's name, moves them to another department (their department head's views follow) or changes the
    /// e-mail address of their account (where inbox messages are also mailed). Audited as one entry naming each change.
    /// </summary>
    public async Task<FieldProblem?> UpdateAsync(int personId, string? name, int? departmentId, string? email, string actor, CancellationToken ct = default)
    {
        var person = await db.People.Include(p => p.Department).SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return new FieldProblem("name", Ui.Key("人员不存在。"));
        }

        var newName = name?.Trim() ?? "";
        var newEmail = email?.Trim() ?? "";
        if (newName.Length == 0)
        {
            return new FieldProblem("name", Ui.Key("请填写姓名。"));
        }

        if (newName.Length > 100)
        {
            return new FieldProblem("name", Ui.Key("姓名最长 100 字。"));
        }

        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == departmentId, ct);
        if (department is null)
        {
            return new FieldProblem("departmentId", Ui.Key("请选择处室。"));
        }

        var account = await db.Users.SingleOrDefaultAsync(u => u.PersonId == personId, ct);
        if (!IsEmail(newEmail))
        {
            return new FieldProblem("email", Ui.Key("邮箱格式不正确。"));
        }

        if (account is null && newEmail.Length > 0)
        {
            return new FieldProblem("email", Ui.Key("该人员没有账号，邮箱用于账号接收通知邮件。"));
        }

        var changes = Changes((person.Name, person.Department!.Name, account?.Email), (newName, department.Name, account is null ? null : newEmail));
        if (changes.Length == 0)
        {
            return new FieldProblem("name", Ui.Key("没有修改任何信息。"));
        }

        person.Update(newName, department.Id);
        if (account is not null)
        {
            (account.Email, account.NormalizedEmail) = newEmail.Length == 0 ? (null, null) : (newEmail, newEmail.ToUpperInvariant());
            account.DisplayName = newName;
        }

        await audit.AppendAsync(actor, "person.updated", person.EmployeeNumber, changes, ct); // saves the change with it
        return null;
    }

    /// <summary>
    /// HR exempts the person (豁免: long leave, secondment) from today to <paramref name="endsOn"/>, with a reason; one
    /// exemption runs at a time.
    /// </summary>
    public async Task<FieldProblem?> ExemptAsync(int personId, string? reason, DateOnly? endsOn, string actor, CancellationToken ct = default)
    {
        var why = reason?.Trim() ?? "";
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return new FieldProblem("exemptReason", Ui.Key("人员不存在。"));
        }

        if (why.Length == 0 || why.Length > MaxReasonLength)
        {
            return new FieldProblem("exemptReason", Ui.Key("请填写豁免理由（最长 200 字）。"));
        }

        if (endsOn is not { } last || last < today)
        {
            return new FieldProblem("exemptUntil", Ui.Key("请按 yyyy-MM-dd 填写豁免截止日期，不早于今天。"));
        }

        if (last > today.AddYears(3))
        {
            return new FieldProblem("exemptUntil", Ui.Key("豁免最长三年。"));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync([personId], ct); // two HR officers at once give one exemption
        if (await db.Exemptions.AnyAsync(e => e.PersonId == personId && e.EndedAt == null && e.EndsOn >= today, ct))
        {
            return new FieldProblem("exemptReason", Ui.Key("该人员已有进行中的豁免。"));
        }

        db.Exemptions.Add(new Exemption(personId, why, today, last, actor, now));
        await audit.AppendAsync(actor, "person.exempted", person.EmployeeNumber,
            $"not exempt → exempt {Day(today)} to {Day(last)}: {why}", ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>HR ends the person's running exemption today (they came back early).</summary>
    public async Task<FieldProblem?> EndExemptionAsync(int personId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = LocalTime.Date(now);
        var running = await db.Exemptions.Where(e => e.PersonId == personId && e.EndedAt == null && e.EndsOn >= today).ToListAsync(ct);
        if (running.Count == 0)
        {
            return new FieldProblem("exemptReason", Ui.Key("该人员没有进行中的豁免。"));
        }

        var number = await db.People.Where(p => p.Id == personId).Select(p => p.EmployeeNumber).SingleAsync(ct);
        foreach (var exemption in running)
        {
            exemption.End(actor, now);
            await audit.AppendAsync(actor, "person.exemption-ended", number, $"exempt to {Day(exemption.EndsOn)} → ended {Day(today)}", ct);
        }

        return null;
    }

    /// <summary>HR moves an open training assignment's due date (延期) to the end of <paramref name="dueOn"/>, with a reason.</summary>
    public async Task<FieldProblem?> ExtendAsync(int personId, int trainingAssignmentId, DateOnly? dueOn, string? reason, string actor, CancellationToken ct = default)
    {
        var why = reason?.Trim() ?? "";
        var today = LocalTime.Date(clock.GetUtcNow());
        var assignment = await db.TrainingAssignments.SingleOrDefaultAsync(t => t.Id == trainingAssignmentId && t.PersonId == personId, ct);
        if (assignment is null || assignment.CompletedAt is not null)
        {
            return new FieldProblem($"due-{trainingAssignmentId}", Ui.Key("只有未完成的培训可以延期。"));
        }

        if (assignment.ExamSessionId is not null)
        {
            return new FieldProblem($"due-{trainingAssignmentId}", Ui.Key("考试安排的培训随考试时间，不能在这里延期；请给本人加时或安排补考。"));
        }

        var oldDue = LocalTime.Date(assignment.DueAt);
        if (dueOn is not { } day || day <= oldDue || day < today)
        {
            return new FieldProblem($"due-{trainingAssignmentId}", Ui.Key("请按 yyyy-MM-dd 填写新的截止日期，晚于原截止日期且不早于今天。"));
        }

        if (day > today.AddYears(1))
        {
            return new FieldProblem($"due-{trainingAssignmentId}", Ui.Key("延期最长一年。"));
        }

        if (why.Length == 0 || why.Length > MaxReasonLength)
        {
            return new FieldProblem($"due-{trainingAssignmentId}", Ui.Key("请填写延期理由（最长 200 字）。"));
        }

        assignment.Extend(LocalTime.EndOf(day), why);
        var number = await db.People.Where(p => p.Id == personId).Select(p => p.EmployeeNumber).SingleAsync(ct);
        await audit.AppendAsync(actor, "training.extended", $"{number}:training:{trainingAssignmentId}",
            $"due {Day(oldDue)} → {Day(day)}: {why}", ct);
        return null;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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
