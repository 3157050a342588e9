using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// The demo organisation seeded on the first start in Development (never in Production): four departments, twenty
/// people, posts of every level, and one account per role. Every demo account uses <see cref="Password"/>.
/// </summary>
public sealed class DemoOrganisation(AppDbContext db, AccountProvisioning accounts, Features.Posts.PostAssignmentService posts)
{
    public const string Password = "Baomi@2026";

    public sealed record DemoAccount(string UserName, string Name, string[] Roles);

    /// <summary>The accounts to try each role with (listed in the README as well).</summary>
    public static IReadOnlyList<DemoAccount> RoleAccounts { get; } =
    [
        new("100302", "张伟", [Roles.Trainee]),
        new("100101", "王芳", [Roles.HR]),
        new("100102", "李娜", [Roles.SecrecyOffice]),
        new("100301", "孙丽", [Roles.DeptHead, Roles.Trainee]),
        new("100103", "刘洋", [Roles.Auditor]),
        new("admin", "系统管理员", [Roles.Admin]),
    ];

    private static readonly (string Department, (string No, string Name)[] People, (string Title, PostLevel Level)[] Posts)[] Organisation =
    [
        ("办公室",
            [("100101", "王芳"), ("100102", "李娜"), ("100103", "刘洋"), ("100104", "陈静"), ("100105", "杨磊")],
            [("机要秘书", PostLevel.Core), ("保密管理员", PostLevel.Important), ("文书", PostLevel.General)]),
        ("财务处",
            [("100201", "赵敏"), ("100202", "黄强"), ("100203", "周杰"), ("100204", "吴霞"), ("100205", "徐涛")],
            [("预算管理", PostLevel.Important), ("出纳", PostLevel.General)]),
        ("业务处",
            [("100301", "孙丽"), ("100302", "张伟"), ("100303", "马超"), ("100304", "朱琳"), ("100305", "胡军")],
            [("业务主管", PostLevel.Core), ("业务专员", PostLevel.Important), ("资料管理员", PostLevel.General)]),
        ("信息中心",
            [("100401", "郭亮"), ("100402", "何敏"), ("100403", "高峰"), ("100404", "林婷"), ("100405", "罗斌")],
            [("涉密网络管理员", PostLevel.Core), ("安全保密管理员", PostLevel.Core), ("系统运维", PostLevel.Important), ("终端管理", PostLevel.General)]),
    ];

    /// <summary>Seeds once (when no department exists yet) and always prints the demo accounts.</summary>
    public async Task SeedAsync(TextWriter console)
    {
        if (!await db.Departments.AnyAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await SeedOrganisationAsync();
            await transaction.CommitAsync();
        }

        await console.WriteLineAsync("Development demo accounts (password for all: " + Password + "):");
        foreach (var account in RoleAccounts)
        {
            await console.WriteLineAsync($"  {account.UserName,-8} {account.Name,-6} {string.Join(", ", account.Roles)}");
        }
    }

    private async Task SeedOrganisationAsync()
    {
        var order = 0;
        foreach (var (departmentName, people, posts) in Organisation)
        {
            var department = new Department(departmentName, ++order);
            db.Departments.Add(department);
            db.People.AddRange(people.Select(p => new Person(p.No, p.Name, department)));
            db.Posts.AddRange(posts.Select(p => new Post(p.Title, p.Level, department)));
        }

        await db.SaveChangesAsync();

        var everyone = Organisation.SelectMany(d => d.People).ToList();
        foreach (var (no, name) in everyone)
        {
            var roles = RoleAccounts.FirstOrDefault(a => a.UserName == no)?.Roles ?? [Roles.Trainee];
            await CreateAsync(no, name, roles);
        }

        var admin = RoleAccounts.Single(a => a.Roles.Contains(Roles.Admin));
        await CreateAsync(admin.UserName, admin.Name, admin.Roles);

        // A few people proposed for posts, so the demo trainee has onboarding training and HR has a gate to try.
        foreach (var (no, post) in Proposals)
        {
            var personId = await db.People.Where(p => p.EmployeeNumber == no).Select(p => p.Id).SingleAsync();
            var postId = await db.Posts.Where(p => p.Title == post).Select(p => p.Id).SingleAsync();
            await posts.ProposeAsync(personId, postId, "demo");
        }
    }

    private static readonly (string No, string Post)[] Proposals = [("100302", "业务专员"), ("100303", "资料管理员"), ("100402", "系统运维")];

    private async Task CreateAsync(string userName, string name, string[] roles)
    {
        var result = await accounts.CreateAsync("demo-seed", userName, name, roles, Password, mustChangePassword: false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {userName}: {string.Join(" ", result.Errors)}");
        }
    }
}
