using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Staff;

[Collection(SharedApp.Name)]
public sealed class StaffTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task HrSeesEveryoneAndCanFilterByDepartment(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (finance, _) = await SeedTwoDepartmentsAsync(app);
        var client = await app.SignInAsAsync(Roles.HR);

        var all = await client.GetStringAsync("/staff");
        var financeOnly = await client.GetStringAsync($"/staff?departmentId={finance}");

        Assert.Contains("赵会计", all);
        Assert.Contains("钱业务", all);
        Assert.Contains("赵会计", financeOnly);
        Assert.DoesNotContain("钱业务", financeOnly);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task HrAddsADepartmentAndADuplicateNameIsRefusedNextToTheField(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedTwoDepartmentsAsync(app);
        var hr = await app.SignInAsAsync(Roles.HR);

        var added = await hr.PostFormAsync("/staff", "/staff/departments", new() { ["name"] = " 机要室 " });
        var duplicate = await hr.PostFormAsync("/staff", "/staff/departments", new() { ["name"] = "机要室" });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("<option value=", await hr.GetStringAsync("/staff"));
        Assert.Contains(">机要室</option>", await hr.GetStringAsync("/staff"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("已有同名处室。", await duplicate.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task DepartmentHeadSeesOnlyOwnDepartment(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (finance, _) = await SeedTwoDepartmentsAsync(app);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.People.Add(new Person("u-depthead", "孙处长", finance));
            return await db.SaveChangesAsync();
        });
        var client = await app.SignInAsAsync(Roles.DeptHead);

        var page = await client.GetStringAsync("/staff/my-department");

        Assert.Contains("财务处", page);
        Assert.Contains("赵会计", page);
        Assert.Contains("出纳", page);
        Assert.DoesNotContain("钱业务", page);
        Assert.DoesNotContain("业务主管", page);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task PostsPageCountsPostsPerLevel(string provider)
    {
        var app = await databases.StartAsync(provider);
        await SeedTwoDepartmentsAsync(app);
        var client = await app.SignInAsAsync(Roles.SecrecyOffice);

        var page = await client.GetStringAsync("/posts");

        Assert.Contains("业务主管", page);
        Assert.Matches("核心</div>\\s*<div class=\"display-6\">1</div>", page);
        Assert.Matches("一般</div>\\s*<div class=\"display-6\">1</div>", page);
        Assert.Matches("重要</div>\\s*<div class=\"display-6\">0</div>", page);
    }

    private static Task<(int Finance, int Business)> SeedTwoDepartmentsAsync(AppFactory app) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var finance = new Department("财务处", 1);
        var business = new Department("业务处", 2);
        db.Departments.AddRange(finance, business);
        db.People.AddRange(new Person("900001", "赵会计", finance), new Person("900002", "钱业务", business));
        db.Posts.AddRange(new Post("出纳", PostLevel.General, finance), new Post("业务主管", PostLevel.Core, business));
        await db.SaveChangesAsync();
        return (finance.Id, business.Id);
    });
}
