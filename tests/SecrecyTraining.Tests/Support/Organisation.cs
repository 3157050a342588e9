using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Support;

/// <summary>Departments, people and posts for tests, and the HR and trainee steps of putting someone on a post.</summary>
public static class Organisation
{
    /// <summary>A department 业务处 with a post of <paramref name="level"/>, and the staff record of the account <paramref name="userName"/>.</summary>
    public static Task<(int PersonId, int PostId)> PersonOnNewPostAsync(AppFactory app, string userName, string name, PostLevel level = PostLevel.Important) =>
        app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var department = await db.Departments.SingleOrDefaultAsync(d => d.Name == "业务处") ?? db.Departments.Add(new Department("业务处", 1)).Entity;
            var person = new Person(userName, name, department);
            var post = new Post("业务专员" + level.ChineseName(), level, department);
            db.AddRange(person, post);
            await db.SaveChangesAsync();
            return (person.Id, post.Id);
        });

    /// <summary>HR proposes the person for the post through the page; returns the new assignment's id.</summary>
    public static async Task<int> ProposeAsync(HttpClient hr, string employeeNumber, int postId)
    {
        var response = await hr.PostFormAsync("/posts/assignments", "/posts/assignments",
            new() { ["employeeNumber"] = employeeNumber, ["postId"] = postId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>HR submits a form of the assignment's page; the answer redirects back to that page, which is returned (done or refused).</summary>
    public static async Task<string> HrPageAsync(HttpClient hr, int assignmentId, string action, Dictionary<string, string>? fields = null)
    {
        var response = await HrAsync(hr, assignmentId, action, fields);
        Assert.Equal($"/posts/assignments/{assignmentId}", response.Headers.Location?.OriginalString);
        return await hr.FollowAsync(response);
    }

    public static Task<HttpResponseMessage> HrAsync(HttpClient hr, int assignmentId, string action, Dictionary<string, string>? fields = null) =>
        hr.PostFormAsync($"/posts/assignments/{assignmentId}", $"/posts/assignments/{assignmentId}/{action}", fields ?? []);

    /// <summary>The trainee signs the first pending commitment on /commitments with <paramref name="password"/>.</summary>
    public static async Task<HttpResponseMessage> SignFirstPendingAsync(HttpClient trainee, string password = AppFactory.Password)
    {
        return await trainee.PostFormAsync("/commitments", "/commitments/sign", new Dictionary<string, string> { ["password"] = password });
    }

    public static Task<PostAssignment> AssignmentAsync(AppFactory app, int id) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().PostAssignments.AsNoTracking().Include(a => a.Events).SingleAsync(a => a.Id == id));

    /// <summary>The refusal box of a page (data-testid="problems"), without the history below it.</summary>
    public static string Problems(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"problems\">(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(match.Success, "the page shows no refusal");
        return match.Groups[1].Value;
    }
}
