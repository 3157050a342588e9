using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Exams;

[Collection(SharedApp.Name)]
public sealed partial class ExamTests(Databases databases)
{
    private static readonly int[] FirstOption = [0];

    [Theory, ClassData(typeof(Providers))]
    public async Task StartingDrawsTheBlueprintAndReopeningShowsTheSameQuestionsAndSavedAnswers(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();

        var exam = await AttemptPage.StartAsync(client);
        var first = Positions(exam.Page);
        var saved = await exam.SaveAsync(client, 1, [0]);
        var again = await client.GetStringAsync($"/attempts/{exam.Id}");

        Assert.Equal(3, first.Count);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(first, Positions(again));
        Assert.Equal(QuestionsShown(exam.Page), QuestionsShown(again));
        Assert.Matches("name=\"q1\" id=\"q1o0\" value=\"0\"\\s+checked=\"checked\"", again);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task RightAnswersPassAndTheResultShowsTheScoreChaptersAndReview(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);

        foreach (var (position, correct) in await exam.KeysAsync(app))
        {
            Assert.Equal(HttpStatusCode.OK, (await exam.SaveAsync(client, position, correct)).StatusCode);
        }

        var result = await client.FollowAsync(await exam.SubmitAsync(client));

        Assert.Contains("data-testid=\"score\">100 / 100", result);
        Assert.Contains("通过", result);
        Assert.Contains("一、秘密文件的保存", result);
        Assert.Contains("（正确答案）", result);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnAnswerAfterTheDeadlineIsRefusedAndTheAttemptIsFinalizedWithTheSavedAnswers(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);
        await exam.SaveAsync(client, 1, keys[1]);

        app.Clock.Advance(TimeSpan.FromMinutes(21));
        var late = await exam.SaveAsync(client, 2, keys[2]);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("考试已结束", await late.Content.ReadAsStringAsync());
        var attempt = await AttemptAsync(app, exam.Id);
        Assert.Equal(AttemptStatus.Finalized, attempt.Status);
        Assert.Equal(attempt.Questions.Single(q => q.Position == 1).Points, attempt.Score);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/attempts/{exam.Id}")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnOverdueAttemptIsFinalizedByTheFinalizerWithItsSavedAnswers(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);
        await exam.SaveAsync(client, 2, keys[2]);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var finalized = await app.WithScopeAsync(s => s.GetRequiredService<SecrecyTraining.Web.Features.Exams.ExamService>().FinalizeOverdueAsync());

        Assert.Equal(1, finalized);
        var attempt = await AttemptAsync(app, exam.Id);
        Assert.Equal(AttemptStatus.Finalized, attempt.Status);
        Assert.Equal(attempt.Questions.Single(q => q.Position == 2).Points, attempt.Score);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ConcurrentSubmitsGiveOneGradedAttempt(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);
        await exam.SaveAsync(client, 1, keys[1]);

        var submits = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => exam.SubmitAsync(client)));
        var first = await AttemptAsync(app, exam.Id);
        await exam.SubmitAsync(client);

        Assert.All(submits, r => Assert.Equal($"/attempts/{exam.Id}/result", r.Headers.Location!.OriginalString));
        var after = await AttemptAsync(app, exam.Id);
        Assert.Equal(AttemptStatus.Submitted, after.Status);
        Assert.Equal(first.SubmittedAt, after.SubmittedAt);
        Assert.Equal(first.Score, after.Score);
        Assert.Equal(1, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.CountAsync()));
    }

    /// <summary>
    /// Answers saved while the submit runs: each one the server acknowledged is graded, each it refused is not — the
    /// one-statement save and the submit's claim of the attempt are ordered on the attempt's row.
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task AnswersSavedDuringTheSubmitAreGradedExactlyWhenAcknowledged(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);

        var saves = keys.Select(async k => (k.Key, (await exam.SaveAsync(client, k.Key, k.Value)).StatusCode)).ToList();
        var submit = exam.SubmitAsync(client);
        var answered = await Task.WhenAll(saves);
        Assert.Equal(HttpStatusCode.Redirect, (await submit).StatusCode);

        Assert.All(answered, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var graded = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.AsNoTracking()
            .Include(a => a.Questions).Include(a => a.Responses).SingleAsync(a => a.Id == exam.Id));
        var acknowledged = answered.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Key).ToHashSet();
        Assert.All(graded.Responses, r => Assert.Equal(acknowledged.Contains(r.Position), r.Correct == true));
        Assert.Equal(graded.Questions.Where(q => acknowledged.Contains(q.Position)).Sum(q => q.Points), graded.Score);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheAttemptLimitAndTheCooldownAreEnforcedWithAClearMessage(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(Edit("exams/exam.yaml", "maxAttempts: 3", "maxAttempts: 2\ncooldownMinutes: 60"));
        var client = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");

        await (await AttemptPage.StartAsync(client)).SubmitAsync(client);
        var tooSoon = await client.FollowAsync(await client.PostFormAsync("/exams", "/exams/demo-exam/start", []));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await (await AttemptPage.StartAsync(client)).SubmitAsync(client);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var noMore = await client.FollowAsync(await client.PostFormAsync("/exams", "/exams/demo-exam/start", []));

        Assert.Contains("下一次考试将于", tooSoon);
        Assert.Contains("2 次考试机会已经用完", noMore);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnotherTraineeCanNeitherSeeNorAnswerMyAttempt(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var me = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var mine = await AttemptPage.StartAsync(me);
        var other = await app.SignInAsAsync(Roles.Trainee, Roles.DeptHead);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/attempts/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/attempts/{mine.Id}/result")).StatusCode);
        await app.CompleteCourseAsync("u-trainee-depthead", "basics");
        var othersExam = await AttemptPage.StartAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await (mine with { Token = othersExam.Token }).SaveAsync(other, 1, [0])).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnExamThatNeedsACourseOpensOnlyOnceEveryLessonIsRead(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.Trainee);

        // The page offers no 开始 for it yet (it says what to read); a crafted request is refused all the same.
        Assert.Contains("学完课程《保密基础》后开放", await client.GetStringAsync("/exams"));
        var refused = await client.FollowAsync(await client.CraftedPostAsync("/exams", "/account/logout", "/exams/demo-exam/start", []));
        var lesson = await client.GetStringAsync("/learn/basics/01-intro");
        var tooEarly = await client.FollowAsync(await client.PostFormAsync("/learn/basics/01-intro", "/learn/basics/01-intro/complete", []));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var read = await client.PostFormAsync("/learn/basics/01-intro", "/learn/basics/01-intro/complete", []);
        var started = await client.PostFormAsync("/exams", "/exams/demo-exam/start", []);

        Assert.Contains("请先学完课程“保密基础”", refused);
        Assert.Contains("秘密文件放在保密柜内", lesson);
        Assert.Contains("请再阅读约 5 分钟", tooEarly);
        Assert.Equal("/learn/basics", read.Headers.Location!.OriginalString);
        Assert.Contains("已学完", await client.GetStringAsync("/learn"));
        Assert.StartsWith("/attempts/", started.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScoreOnlyReviewPolicyShowsNoQuestionsAfterwards()
    {
        var app = await databases.StartAsync("Sqlite");
        await app.ImportAsync(Edit("exams/exam.yaml", "review: Full", "review: ScoreOnly"));
        var client = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");

        var result = await client.FollowAsync(await (await AttemptPage.StartAsync(client)).SubmitAsync(client));

        Assert.Contains("未通过", result);
        Assert.DoesNotContain("data-testid=\"review-question\"", result);
    }

    [Fact]
    public async Task ThePageDoesNotRevealTheAuthoredOptionOrder()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInTraineeReadyForTheExamAsync();

        var exam = await AttemptPage.StartAsync(client);

        foreach (var position in Positions(exam.Page))
        {
            var values = Regex.Matches(exam.Page, $"name=\"q{position}\" id=\"q{position}o(\\d+)\" value=\"(\\d+)\"").Select(m => m.Groups[2].Value).ToList();
            Assert.Equal(Enumerable.Range(0, values.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), values);
        }
    }

    [Fact]
    public async Task ASaveWhoseSignInHasExpiredIsAnsweredWith401NotARedirect()
    {
        var app = await databases.StartAsync("Sqlite");

        var response = await app.Browser().PostAsJsonAsync("/attempts/1/answers", new { position = 1, selected = FirstOption, flagged = false });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SubmittingTheFormWithAQuestionUntickedLeavesItUnanswered()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);
        await exam.SaveAsync(client, 1, keys[1]);

        await client.PostAsync($"/attempts/{exam.Id}/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = exam.Token,
            ["answers-in-form"] = "true",
        }));

        Assert.Equal(0, (await AttemptAsync(app, exam.Id)).Score);
    }

    /// <summary>The submitted form writes what the script had not saved and leaves the saved answers as they were.</summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task SubmittingTheFormSavesOnlyTheAnswersNotYetSaved(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        var keys = await exam.KeysAsync(app);
        (await exam.SaveAsync(client, 1, keys[1])).EnsureSuccessStatusCode();
        var savedFirst = await SavedAtAsync(app, exam.Id, 1);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        await client.PostAsync($"/attempts/{exam.Id}/submit", new FormUrlEncodedContent(
            new[] { ("__RequestVerificationToken", exam.Token), ("answers-in-form", "true") }
                .Concat(keys[1].Select(o => ("q1", o.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .Concat(keys[2].Select(o => ("q2", o.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

        var attempt = await AttemptAsync(app, exam.Id);
        Assert.Equal(attempt.Questions.Where(q => q.Position <= 2).Sum(q => q.Points), attempt.Score); // both graded right
        Assert.Equal(savedFirst, await SavedAtAsync(app, exam.Id, 1));                            // not written again
        Assert.True(await SavedAtAsync(app, exam.Id, 2) >= savedFirst.AddMinutes(1));              // written at the submit
    }

    private static Task<DateTimeOffset> SavedAtAsync(AppFactory app, int attempt, int position) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Responses.Where(r => r.AttemptId == attempt && r.Position == position).Select(r => r.SavedAt).SingleAsync());

    [Fact]
    public async Task ASaveWithoutTheAntiforgeryTokenIsRefused()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);

        var response = await client.PostAsJsonAsync($"/attempts/{exam.Id}/answers", new { position = 1, selected = FirstOption, flagged = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static List<SecrecyTraining.Web.Features.Content.ContentFile> Edit(string path, string find, string replace) =>
        [.. ContentFixtures.Valid().Select(f => f.Path == path ? f with { Text = f.Text.Replace(find, replace, StringComparison.Ordinal) } : f)];

    private static Task<Attempt> AttemptAsync(AppFactory app, int id) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Attempts.AsNoTracking().Include(a => a.Questions).SingleAsync(a => a.Id == id));

    private static List<string> Positions(string page) => [.. Position().Matches(page).Select(m => m.Groups[1].Value)];

    private static List<string> QuestionsShown(string page) => [.. Stem().Matches(page).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("class=\"card mb-3 exam-question\" id=\"q(\\d+)\"")]
    private static partial Regex Position();

    [GeneratedRegex("<p class=\"question-stem\">([^<]+)</p>")]
    private static partial Regex Stem();
}
