using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Support;

/// <summary>Departments, people and posts for tests, and the HR and trainee steps of putting someone on a post.</summary>
public static class Organisation
{
    /// <summary>Where test accounts' staff records are made unless a test moves them.</summary>
    public const string DefaultDepartment = "业务处";

    /// <summary>
    /// The staff record <paramref name="employeeNumber"/>: made in <paramref name="department"/> (or <see cref="DefaultDepartment"/>)
    /// when missing; an existing one takes <paramref name="name"/> and moves to <paramref name="department"/> when one is given,
    /// as a roster row would.
    /// </summary>
    public static Task<int> PersonAsync(AppFactory app, string employeeNumber, string name, string? department = null) =>
        app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var person = await db.People.SingleOrDefaultAsync(p => p.EmployeeNumber == employeeNumber);
            if (person is not null && department is null)
            {
                return person.Id;
            }

            var wanted = department ?? DefaultDepartment;
            var target = await db.Departments.SingleOrDefaultAsync(d => d.Name == wanted)
                         ?? db.Departments.Add(new Department(wanted, await db.Departments.CountAsync() + 1)).Entity;
            await db.SaveChangesAsync();
            if (person is null)
            {
                person = db.People.Add(new Person(employeeNumber, name, target)).Entity;
            }
            else
            {
                person.Update(name, target.Id);
            }

            await db.SaveChangesAsync();
            return person.Id;
        });

    /// <summary>A post of <paramref name="level"/> in 业务处, and the staff record of the account <paramref name="userName"/>.</summary>
    public static async Task<(int PersonId, int PostId)> PersonOnNewPostAsync(AppFactory app, string userName, string name, PostLevel level = PostLevel.Important)
    {
        var personId = await PersonAsync(app, userName, name, DefaultDepartment);
        return await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var department = await db.Departments.SingleAsync(d => d.Name == DefaultDepartment);
            var post = db.Posts.Add(new Post("业务专员" + level.ChineseName(), level, department)).Entity;
            await db.SaveChangesAsync();
            return (personId, post.Id);
        });
    }

    /// <summary>
    /// An assignment brought to <paramref name="state"/> through its own transitions (the gate passed on facts that hold),
    /// as the years before a test would have left it; ended ones with a 脱密期 to <paramref name="decryptionEnds"/>.
    /// </summary>
    public static PostAssignment AssignmentIn(int personId, Post post, PostAssignmentState state, DateTimeOffset proposedAt, DateOnly? decryptionEnds = null)
    {
        var assignment = PostAssignment.Propose(personId, post, "test", proposedAt);
        if (state == PostAssignmentState.Proposed)
        {
            return assignment;
        }

        Assert.Empty(assignment.RecordVetting(true, null, "test", proposedAt.AddDays(1)));
        Assert.Empty(assignment.Activate(new GateFacts([], [], new Dictionary<string, string>(), true, VettingResult.Passed), "test", proposedAt.AddDays(2)));
        if (state == PostAssignmentState.Suspended)
        {
            Assert.Empty(assignment.Suspend("test", "test", proposedAt.AddDays(3)));
        }
        else if (state == PostAssignmentState.Ended)
        {
            Assert.Empty(assignment.End(offDutySigned: true, decryptionMonths: 1, "test", proposedAt.AddDays(3)));
            if (decryptionEnds is { } ends)
            {
                Assert.Empty(assignment.ChangeDecryptionEnd(ends, "test", "test", proposedAt.AddDays(4)));
            }
        }

        return assignment;
    }

    /// <summary>
    /// A passed attempt of demo-exam and the valid demo-cert certification it granted, written as a paper exam keyed in by
    /// the 保密办 would leave them (the person needs no account); returns the certification's id.
    /// </summary>
    public static async Task<int> CertifiedAsync(AppDbContext db, int personId, string number, DateTimeOffset now)
    {
        var attempt = db.Attempts.Add(new Attempt
        {
            PersonId = personId,
            ExamId = "demo-exam",
            Number = 1,
            StartedAt = now.AddHours(-2),
            Deadline = now.AddHours(-1),
            Status = AttemptStatus.Submitted,
            SubmittedAt = now.AddHours(-1),
            PassMarkPercent = 80,
            MaxScore = 100,
            Score = 95,
            Passed = true,
        }).Entity;
        await db.SaveChangesAsync();
        var certification = db.Certifications.Add(new Certification
        {
            Number = number,
            PersonId = personId,
            CertificationTypeId = "demo-cert",
            AttemptId = attempt.Id,
            IssuedAt = now,
            ValidUntil = now.AddYears(1),
            ScorePercent = 95,
        }).Entity;
        await db.SaveChangesAsync();
        return certification.Id;
    }

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
