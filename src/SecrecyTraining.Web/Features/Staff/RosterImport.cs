using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Staff;

public enum RosterAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>One roster row as read, what committing it would do, and every problem with it (zh-CN, also localization keys).</summary>
public sealed record RosterRow(
    int Line, string EmployeeNumber, string Name, string Department, string? PostTitle, string? Level, RosterAction Action, IReadOnlyList<string> Problems)
{
    /// <summary>Optional: where inbox messages are also mailed when the intranet mail server is configured.</summary>
    public string? Email { get; init; }
}

/// <summary>
/// Someone on the staff whom the file does not list (a leaver, or a file of part of the organisation): HR chooses to keep
/// them or record that they left.
/// </summary>
public sealed record RosterMissing(string EmployeeNumber, string Name, string Department, IReadOnlyList<string> OpenPosts, bool HasAccount);

/// <summary>What recording a leaver did: posts withdrawn or ended, posts whose 离岗 waits for the commitment, the account.</summary>
public sealed record RosterLeaver(string EmployeeNumber, string Name, int Ended, int WaitingForCommitment, bool AccountDisabled);

public sealed record RosterPreview(IReadOnlyList<RosterRow> Rows, IReadOnlyList<SheetProblem> FileProblems)
{
    /// <summary>People on the staff (not recorded as left) whom the file does not list.</summary>
    public IReadOnlyList<RosterMissing> Missing { get; init; } = [];

    public bool CanCommit => FileProblems.Count == 0 && Rows.Count > 0 && Rows.All(r => r.Problems.Count == 0);
}

/// <summary>A new account and its one-time password, shown once for HR to print.</summary>
public sealed record NewAccount(string EmployeeNumber, string Name, string Department, string OneTimePassword);

public sealed record RosterCommit(bool Succeeded, IReadOnlyList<NewAccount> Accounts, int Updated, int Proposed, RosterPreview Preview)
{
    public IReadOnlyList<RosterLeaver> Leavers { get; init; } = [];
}

/// <summary>
/// The staff roster from xlsx or CSV (UTF-8 or GB18030, as Excel saves it in China). Columns by header: 工号, 姓名, 部门, and
/// optionally 岗位 and 级别 (the person is then proposed for that post of their department, created if new) and 邮箱 (the
/// account's e-mail). Every row's problems are listed before anything is written; the commit is all or nothing. New people
/// get Trainee accounts with one-time passwords. People on the staff whom the file leaves out are listed; HR chooses per
/// person to record that they left (离职: their posts are left, their account disabled) or keep them.
/// </summary>
public sealed class RosterImport(
    AppDbContext db, AccountProvisioning accounts, PostAssignmentService posts, Audit.AuditLog audit, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>An .xlsx is a zip: a roster of 100,000 people expands to well under this; a decompression bomb does not.</summary>
    public const long MaxExpandedBytes = 200 * 1024 * 1024;

    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["工号"] = "no",
        ["职工号"] = "no",
        ["employee number"] = "no",
        ["employeenumber"] = "no",
        ["姓名"] = "name",
        ["name"] = "name",
        ["部门"] = "department",
        ["处室"] = "department",
        ["department"] = "department",
        ["岗位"] = "post",
        ["涉密岗位"] = "post",
        ["post"] = "post",
        ["级别"] = "level",
        ["涉密等级"] = "level",
        ["岗位级别"] = "level",
        ["level"] = "level",
        ["邮箱"] = "email",
        ["电子邮箱"] = "email",
        ["电子邮件"] = "email",
        ["email"] = "email",
        ["e-mail"] = "email",
    };

    private static readonly Dictionary<string, PostLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["核心"] = PostLevel.Core,
        ["核心涉密人员"] = PostLevel.Core,
        ["core"] = PostLevel.Core,
        ["重要"] = PostLevel.Important,
        ["重要涉密人员"] = PostLevel.Important,
        ["important"] = PostLevel.Important,
        ["一般"] = PostLevel.General,
        ["一般涉密人员"] = PostLevel.General,
        ["general"] = PostLevel.General,
    };

    private static readonly string[] RequiredColumns = ["no", "name", "department"];

    public async Task<RosterPreview> PreviewAsync(byte[] content, string fileName, CancellationToken ct = default)
    {
        var (rows, problems) = Read(content, fileName);
        if (problems.Count > 0)
        {
            return new RosterPreview([], problems);
        }

        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Name, ct);
        var people = await db.People.AsNoTracking().Include(p => p.Department).ToDictionaryAsync(p => p.EmployeeNumber, ct);
        var emails = await db.Users.AsNoTracking().Where(u => u.PersonId != null)
            .ToDictionaryAsync(u => u.PersonId!.Value, u => u.Email, ct);
        var existingPosts = await db.Posts.AsNoTracking().Include(p => p.Department).ToListAsync(ct);
        var counts = rows.Where(r => r.No.Length > 0).GroupBy(r => r.No).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<RosterRow>();
        foreach (var r in rows)
        {
            var rowProblems = new List<string>();
            if (r.No.Length == 0)
            {
                rowProblems.Add(Ui.Key("缺少工号"));
            }
            else if (r.No.Length > 32 || !r.No.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                rowProblems.Add(Ui.Key("工号只能由字母、数字、- 和 _ 组成，最长 32 位"));
            }
            else if (counts[r.No] > 1)
            {
                rowProblems.Add(Ui.Key("工号在文件中重复"));
            }

            if (r.Name.Length == 0)
            {
                rowProblems.Add(Ui.Key("缺少姓名"));
            }
            else if (r.Name.Length > 100)
            {
                rowProblems.Add(Ui.Key("姓名过长"));
            }

            if (r.Department.Length == 0)
            {
                rowProblems.Add(Ui.Key("缺少部门"));
            }
            else if (!departments.ContainsKey(r.Department))
            {
                rowProblems.Add(Ui.Key("未知部门"));
            }

            if (r.Level.Length > 0 && !Levels.ContainsKey(r.Level))
            {
                rowProblems.Add(Ui.Key("岗位级别应为 核心、重要 或 一般"));
            }

            if (r.Post.Length > 0 && r.Level.Length == 0
                && !existingPosts.Any(p => p.Title == r.Post && p.Department!.Name == r.Department))
            {
                rowProblems.Add(Ui.Key("新岗位需要填写级别"));
            }

            if (r.Post.Length == 0 && r.Level.Length > 0)
            {
                rowProblems.Add(Ui.Key("填写了级别但缺少岗位"));
            }

            if (r.Post.Length > 0 && Levels.TryGetValue(r.Level, out var level)
                && existingPosts.FirstOrDefault(p => p.Title == r.Post && p.Department!.Name == r.Department) is { } post && post.Level != level)
            {
                rowProblems.Add(Ui.Key("岗位级别与已有岗位不一致"));
            }

            if (!StaffRecords.IsEmail(r.Email))
            {
                rowProblems.Add(Ui.Key("邮箱格式不正确"));
            }

            // An empty 邮箱 cell leaves the account's address as it is; a person who had left and is listed again rejoins.
            var action = people.TryGetValue(r.No, out var person)
                ? person.Name == r.Name && person.Department!.Name == r.Department && person.LeftAt is null
                  && (r.Email.Length == 0 || !emails.ContainsKey(person.Id) || emails[person.Id] == r.Email)
                    ? RosterAction.Unchanged
                    : RosterAction.Update
                : RosterAction.Create;
            result.Add(new RosterRow(r.Line, r.No, r.Name, r.Department, NullIfEmpty(r.Post), NullIfEmpty(r.Level), action, rowProblems)
            {
                Email = NullIfEmpty(r.Email),
            });
        }

        var listed = rows.Select(r => r.No).ToHashSet(StringComparer.Ordinal);
        var missing = people.Values.Where(p => p.LeftAt is null && !listed.Contains(p.EmployeeNumber)).ToList();
        var missingIds = missing.Select(p => p.Id).ToList();
        var openPosts = (await db.PostAssignments.AsNoTracking()
                .Where(a => missingIds.Contains(a.PersonId) && a.State != PostAssignmentState.Ended)
                .Select(a => new { a.PersonId, a.Post!.Title }).ToListAsync(ct))
            .ToLookup(a => a.PersonId, a => a.Title);
        return new RosterPreview(result, rows.Count == 0 ? [new SheetProblem(Ui.Key("文件中没有人员数据"))] : [])
        {
            Missing = [.. missing.OrderBy(p => p.Department!.SortOrder).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal)
                .Select(p => new RosterMissing(p.EmployeeNumber, p.Name, p.Department!.Name, [.. openPosts[p.Id]], emails.ContainsKey(p.Id)))],
        };
    }

    /// <summary>
    /// Checks the file again and writes it in one transaction; nothing is written when any row has a problem, or when a
    /// person chosen as a leaver is no longer among the people the file leaves out.
    /// </summary>
    /// <param name="content">The file as uploaded.</param>
    /// <param name="fileName">Its name, for the audit entries.</param>
    /// <param name="leavers">Employee numbers of the people left out of the file whom HR records as having left.</param>
    /// <param name="actor">HR's user name.</param>
    /// <param name="ct">Cancels the work.</param>
    public async Task<RosterCommit> CommitAsync(
        byte[] content, string fileName, IReadOnlyCollection<string> leavers, string actor, CancellationToken ct = default)
    {
        var preview = await PreviewAsync(content, fileName, ct);
        var missing = preview.Missing.Select(m => m.EmployeeNumber).ToHashSet(StringComparer.Ordinal);
        if (leavers.FirstOrDefault(l => !missing.Contains(l)) is { } notMissing)
        {
            preview = preview with { FileProblems = [new SheetProblem(Ui.Key("{0} 已不在名单之外的人员中，请重新上传文件。"), notMissing)] };
        }

        if (!preview.CanCommit)
        {
            return new RosterCommit(false, [], 0, 0, preview);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var departments = await db.Departments.ToDictionaryAsync(d => d.Name, ct);
            var people = await db.People.ToDictionaryAsync(p => p.EmployeeNumber, ct);
            var accountEmails = await db.Users.AsNoTracking().Where(u => u.PersonId != null)
                .ToDictionaryAsync(u => u.PersonId!.Value, u => u.Email, ct);
            var created = new List<NewAccount>();
            var updated = 0;
            var namesOf = departments.Values.ToDictionary(d => d.Id, d => d.Name);
            var changes = new List<Audit.AuditRecord>();
            foreach (var row in preview.Rows)
            {
                var department = departments[row.Department];
                if (people.TryGetValue(row.EmployeeNumber, out var person))
                {
                    if (row.Action == RosterAction.Update)
                    {
                        var email = accountEmails.TryGetValue(person.Id, out var had) ? had : null;
                        var changed = StaffRecords.Changes((person.Name, namesOf[person.DepartmentId], email),
                            (row.Name.Trim(), department.Name, row.Email is not null && accountEmails.ContainsKey(person.Id) ? row.Email : email));
                        if (changed.Length > 0)
                        {
                            changes.Add(new Audit.AuditRecord(actor, "person.updated", row.EmployeeNumber, $"{changed} ({fileName})"));
                        }

                        if (person.LeftAt is not null)
                        {
                            changes.Add(new Audit.AuditRecord(actor, "person.rejoined", row.EmployeeNumber, $"left → on staff ({fileName})"));
                            person.Rejoin();
                        }

                        person.Update(row.Name, department.Id);
                        updated++;
                    }
                }
                else
                {
                    person = new Person(row.EmployeeNumber, row.Name, department.Id);
                    db.People.Add(person);
                    people[row.EmployeeNumber] = person;
                    changes.Add(new Audit.AuditRecord(actor, "person.created", row.EmployeeNumber, $"{row.Name.Trim()}, {department.Name} ({fileName})"));
                }
            }

            await audit.AppendAsync(changes, ct); // saves the people with their audit records
            await db.SaveChangesAsync(ct);
            foreach (var row in preview.Rows.Where(r => r.Action == RosterAction.Create))
            {
                if (await accounts.LinkAsync(actor, people[row.EmployeeNumber]))
                {
                    continue;
                }

                var account = await accounts.CreateAsync(actor, row.EmployeeNumber, row.Name, [Roles.Trainee]);
                if (!account.Succeeded)
                {
                    throw new InvalidOperationException($"{row.EmployeeNumber}: {string.Join(" ", account.Errors)}");
                }

                created.Add(new NewAccount(row.EmployeeNumber, row.Name, row.Department, account.OneTimePassword!));
            }

            // E-mail addresses given in the roster replace the accounts' ones.
            foreach (var row in preview.Rows.Where(r => r.Email is not null))
            {
                var personId = people[row.EmployeeNumber].Id;
                await db.Users.Where(u => u.PersonId == personId)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.Email, row.Email).SetProperty(u => u.NormalizedEmail, row.Email!.ToUpperInvariant()), ct);
            }

            var left = new List<RosterLeaver>();
            foreach (var number in leavers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                left.Add(await LeaveAsync(people[number], fileName, actor, ct));
            }

            var proposed = 0;
            foreach (var row in preview.Rows.Where(r => r.PostTitle is not null))
            {
                var department = departments[row.Department];
                var post = await db.Posts.SingleOrDefaultAsync(p => p.DepartmentId == department.Id && p.Title == row.PostTitle, ct);
                if (post is null)
                {
                    post = new Post(row.PostTitle!, Levels[row.Level!], department.Id);
                    db.Posts.Add(post);
                    await audit.AppendAsync(actor, "post.created", post.Title, $"{post.Level.ChineseName()}, {department.Name} ({fileName})", ct);
                }

                var person = people[row.EmployeeNumber];
                if (await db.PostAssignments.AnyAsync(a => a.PersonId == person.Id && a.PostId == post.Id && a.State != PostAssignmentState.Ended, ct))
                {
                    continue;
                }

                var outcome = await posts.ProposeAsync(person.Id, post.Id, actor, ct);
                if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException($"{row.EmployeeNumber}: {string.Join("；", outcome.Problems)}");
                }

                proposed++;
            }

            await transaction.CommitAsync(ct);
            return new RosterCommit(true, created, updated, proposed, preview) { Leavers = left };
        });
    }

    /// <summary>
    /// Records that the person left the organisation: a proposal is withdrawn, a post whose 离岗 commitment is signed ends
    /// (its 脱密期 starts), any other open post starts its leaving procedure and ends once they sign; the account is
    /// disabled now when no post waits, else when the last one ends.
    /// </summary>
    private async Task<RosterLeaver> LeaveAsync(Person person, string fileName, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        person.Leave(now);
        await audit.AppendAsync(actor, "person.left", person.EmployeeNumber, $"on staff → left ({fileName})", ct);
        var open = await db.PostAssignments.Where(a => a.PersonId == person.Id && a.State != PostAssignmentState.Ended)
            .Select(a => new { a.Id, a.State, a.LeavingRequestedAt }).ToListAsync(ct);
        var signed = await db.CommitmentSignatures.Where(s => s.PersonId == person.Id && s.Kind == CommitmentKind.OffDuty && s.PostAssignmentId != null)
            .Select(s => s.PostAssignmentId!.Value).ToListAsync(ct);
        int ended = 0, waiting = 0;
        foreach (var assignment in open)
        {
            if (assignment.State == PostAssignmentState.Proposed || signed.Contains(assignment.Id))
            {
                ended += (await posts.EndAsync(assignment.Id, actor, ct)).Succeeded ? 1 : 0;
                continue;
            }

            if (assignment.LeavingRequestedAt is null)
            {
                await posts.RequestLeavingAsync(assignment.Id, actor, ct);
            }

            waiting++;
        }

        await accounts.DisableLeaverAsync(actor, person.Id, now); // the last post ended above may have done it already
        var disabled = await db.Users.AnyAsync(u => u.PersonId == person.Id && u.DisabledAt != null, ct);
        return new RosterLeaver(person.EmployeeNumber, person.Name, ended, waiting, disabled);
    }

    private sealed record RawRow(int Line, string No, string Name, string Department, string Post, string Level, string Email);

    private static (List<RawRow> Rows, IReadOnlyList<SheetProblem> Problems) Read(byte[] content, string fileName)
    {
        var (table, problems) = Spreadsheet.Read(content, fileName, MaxExpandedBytes);
        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var columns = (table.Count > 0 ? table[0] : null)?.Cells.Keys
            .Select(k => (Key: k, Column: Headers.GetValueOrDefault(k)))
            .Where(c => c.Column is not null)
            .ToDictionary(c => c.Column!, c => c.Key) ?? [];
        if (table.Count > 0 && RequiredColumns.Any(c => !columns.ContainsKey(c)))
        {
            return ([], [new(Ui.Key("第一行缺少必需的列：需要 工号、姓名、部门（可选 岗位、级别）"))]);
        }

        string Cell(SheetRow row, string column) => columns.TryGetValue(column, out var key) ? row.Cells.GetValueOrDefault(key, "") : "";

        return ([.. table.Select(row => new RawRow(row.Line, Cell(row, "no"), Cell(row, "name"), Cell(row, "department"), Cell(row, "post"),
                Cell(row, "level"), Cell(row, "email")))
            .Where(r => (r.No + r.Name + r.Department + r.Post + r.Level + r.Email).Length > 0)], []);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
