using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// The demo organisation seeded on the first start in Development (never in Production): four departments of fifteen
/// people, posts of every level, one account per role, and — when the clock can be set back — a year of history made by
/// the application's own services (<see cref="DemoHistory"/>). Every demo account uses <see cref="Password"/>.
/// </summary>
public sealed class DemoOrganisation(AppDbContext db, AccountProvisioning accounts, TimeProvider clock, IServiceScopeFactory scopes)
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
            [("100101", "王芳"), ("100102", "李娜"), ("100103", "刘洋"), ("100104", "陈静"), ("100105", "杨磊"), ("100106", "赵雪"), ("100107", "钱坤"),
                ("100108", "孙浩"), ("100109", "周婷"), ("100110", "吴刚"), ("100111", "郑爽"), ("100112", "冯琳"), ("100113", "陈晨"), ("100114", "褚明"),
                ("100115", "卫东")],
            [("机要秘书", PostLevel.Core), ("保密管理员", PostLevel.Important), ("文书", PostLevel.General)]),
        ("财务处",
            [("100201", "赵敏"), ("100202", "黄强"), ("100203", "周杰"), ("100204", "吴霞"), ("100205", "徐涛"), ("100206", "何静"), ("100207", "吕鹏"),
                ("100208", "施雨"), ("100209", "张帆"), ("100210", "孔祥"), ("100211", "曹蕾"), ("100212", "严峰"), ("100213", "华颖"), ("100214", "金鑫"),
                ("100215", "魏然")],
            [("预算管理", PostLevel.Important), ("出纳", PostLevel.General)]),
        ("业务处",
            [("100301", "孙丽"), ("100302", "张伟"), ("100303", "马超"), ("100304", "朱琳"), ("100305", "胡军"), ("100306", "陶然"), ("100307", "姜山"),
                ("100308", "戚薇"), ("100309", "谢飞"), ("100310", "邹凯"), ("100311", "喻红"), ("100312", "柏松"), ("100313", "水清"), ("100314", "窦文"),
                ("100315", "章敏")],
            [("业务主管", PostLevel.Core), ("业务专员", PostLevel.Important), ("资料管理员", PostLevel.General)]),
        ("信息中心",
            [("100401", "郭亮"), ("100402", "何敏"), ("100403", "高峰"), ("100404", "林婷"), ("100405", "罗斌"), ("100406", "云飞"), ("100407", "苏航"),
                ("100408", "潘越"), ("100409", "葛亮"), ("100410", "奚悦"), ("100411", "范伟"), ("100412", "彭程"), ("100413", "郎平"), ("100414", "鲁阳"),
                ("100415", "韦东")],
            [("涉密网络管理员", PostLevel.Core), ("安全保密管理员", PostLevel.Core), ("系统运维", PostLevel.Important), ("终端管理", PostLevel.General)]),
    ];

    /// <summary>
    /// Seeds once (when no department exists yet) and always prints the demo accounts. On a clock that can be set back the
    /// content (<paramref name="importContent"/>) and the organisation are set up <see cref="DemoHistory.Days"/> days ago
    /// and the year is lived up to now; the clock is then back at the real time.
    /// </summary>
    public async Task SeedAsync(TextWriter console, Func<Task>? importContent = null)
    {
        var travel = clock as ITravellingClock;
        if (await db.Departments.AnyAsync())
        {
            await (importContent?.Invoke() ?? Task.CompletedTask);
        }
        else
        {
            var (end, offset) = (clock.GetUtcNow(), travel?.Offset);
            try
            {
                if (travel is not null)
                {
                    await console.WriteLineAsync("Making the demo organisation's year of history (a minute at most)…");
                    travel.Offset -= TimeSpan.FromDays(DemoHistory.Days);
                }

                await (importContent?.Invoke() ?? Task.CompletedTask);
                await using (var transaction = await db.Database.BeginTransactionAsync())
                {
                    await SeedOrganisationAsync();
                    await transaction.CommitAsync();
                }

                if (travel is not null && !await new DemoHistory(scopes, clock, travel).RunAsync(end))
                {
                    await console.WriteLineAsync("The demo's history needs the courses and exams of content/: the organisation is seeded without it.");
                }
            }
            finally
            {
                if (travel is not null)
                {
                    travel.Offset = offset!.Value;
                }
            }

            if (travel is not null)
            {
                await DemoHistory.CatchUpAsync(scopes);
            }
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
    }

    private async Task CreateAsync(string userName, string name, string[] roles)
    {
        var result = await accounts.CreateAsync("demo-seed", userName, name, roles, Password, mustChangePassword: false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {userName}: {string.Join(" ", result.Errors)}");
        }
    }
}
