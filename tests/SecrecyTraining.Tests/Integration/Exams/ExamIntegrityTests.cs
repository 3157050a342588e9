using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Exams;

/// <summary>No key can be read while a formal exam is open, and an exam's review policy holds wherever its questions show.</summary>
[Collection(SharedApp.Name)]
public sealed class ExamIntegrityTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task WhileAFormalExamIsOpenNoOtherExamStartsAndNoResultShowsKeys(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(WithPracticeExam());
        var client = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var practice = await AttemptPage.StartAsync(client, "demo-practice");
        await practice.PassAsync(app, client);
        var practiceResult = $"/attempts/{practice.Id}/result";
        Assert.Contains("data-testid=\"review-question\"", await client.GetStringAsync(practiceResult)); // its keys, before

        var formal = await AttemptPage.StartAsync(client);

        var again = await client.FollowAsync(await client.PostFormAsync("/exams", "/exams/demo-practice/start", []));
        Assert.Contains("您有正在进行的考试，交卷后才能开始其他考试。", again);
        Assert.Equal(1, await AttemptsAsync(app, "demo-practice"));
        var result = await client.GetStringAsync(practiceResult);
        Assert.DoesNotContain("data-testid=\"review-question\"", result);
        Assert.Contains("交卷后才能查看答题回顾与解析", result);
        var wrongBook = await client.GetAsync("/practice/wrong");
        Assert.Equal(HttpStatusCode.Redirect, wrongBook.StatusCode);

        await formal.PassAsync(app, client);
        Assert.Contains("data-testid=\"review-question\"", await client.GetStringAsync(practiceResult)); // and after
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task MissesInAScoreOnlyExamNeverReachTheWrongAnswerBook(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(WithReview("ScoreOnly"));
        var client = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var exam = await AttemptPage.StartAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, (await exam.SubmitAsync(client)).StatusCode); // nothing answered: every question missed

        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().WrongAnswers.CountAsync()));
        Assert.DoesNotContain("data-testid=\"review-question\"", await client.GetStringAsync($"/attempts/{exam.Id}/result"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnAttemptKeepsTheReviewPolicyItStartedUnderAfterAContentImport(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(WithReview("ScoreOnly"));
        var client = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var exam = await AttemptPage.StartAsync(client);
        await exam.SubmitAsync(client);

        await app.ImportAsync(WithReview("Full")); // the 保密办 opens the review for future attempts

        Assert.DoesNotContain("data-testid=\"review-question\"", await client.GetStringAsync($"/attempts/{exam.Id}/result"));
        var next = await AttemptPage.StartAsync(client);
        await next.SubmitAsync(client);
        Assert.Contains("data-testid=\"review-question\"", await client.GetStringAsync($"/attempts/{next.Id}/result"));
    }

    private static Task<int> AttemptsAsync(AppFactory app, string examId) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.CountAsync(a => a.ExamId == examId));

    private static List<ContentFile> WithReview(string review) =>
        [.. ContentFixtures.Valid().Select(f => f.Path == "exams/exam.yaml" ? f with { Text = f.Text.Replace("review: Full", "review: " + review, StringComparison.Ordinal) } : f)];

    /// <summary>The fixture content plus a practice exam on the same chapters: unlimited tries, full review.</summary>
    private static List<ContentFile> WithPracticeExam()
    {
        var files = ContentFixtures.Valid().ToList();
        var exam = files.Single(f => f.Path == "exams/exam.yaml");
        files.Add(exam with
        {
            Path = "exams/practice.yaml",
            Text = exam.Text.Replace("id: demo-exam", "id: demo-practice", StringComparison.Ordinal)
                .Replace("kind: PreDuty", "kind: Practice", StringComparison.Ordinal)
                .Replace("title: 示例上岗考试", "title: 示例练习卷", StringComparison.Ordinal)
                .Replace("maxAttempts: 3", "maxAttempts: 0", StringComparison.Ordinal)
                .Replace("course: basics\n", "", StringComparison.Ordinal)
                .Replace("certification: demo-cert\n", "", StringComparison.Ordinal)
                .Replace("validityMonths: 12\n", "", StringComparison.Ordinal),
        });
        return files;
    }
}
