using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Practice;

[Collection(SharedApp.Name)]
public sealed partial class PracticeTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task PractisingAChapterGivesInstantFeedbackWithTheExplanationAndClause(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.Trainee);

        var chapters = await client.GetStringAsync("/practice");
        // Both questions on DEMO.2.2 carry an explanation, whichever is drawn.
        var page = await client.GetStringAsync("/practice/DEMO.2.2");
        var (id, key) = await QuestionOnAsync(app, page);
        var right = await AnswerAsync(client, page, "DEMO.2.2", key.Correct);

        Assert.Contains("href=\"/practice/DEMO.1\"", chapters);
        Assert.Contains("回答正确", right);
        Assert.Contains("解析", right);
        Assert.Contains("href=\"/regulations/clause/DEMO.2.2\"", right);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AWrongAnswerGoesIntoTheWrongBookAndLeavesAfterTwoRightAnswersInARow(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var client = await app.SignInAsAsync(Roles.Trainee);
        var question = await client.GetStringAsync("/practice/DEMO.1.1");
        var (id, key) = await QuestionOnAsync(app, question);
        var wrong = Enumerable.Range(0, key.Options).Where(i => !key.Correct.Contains(i)).Take(1).ToArray();

        Assert.Contains("回答错误", await AnswerAsync(client, question, "DEMO.1.1", wrong));
        Assert.Contains("练习错题（1 道）", await client.GetStringAsync("/practice"));
        Assert.Contains(Regex.Escape(key.Stem), Regex.Escape(await client.GetStringAsync("/practice/wrong")));

        Assert.Contains("连续答对 1/2 次", await AnswerAsync(client, await client.GetStringAsync("/practice/wrong"), "wrong", key.Correct));
        Assert.Contains("已从错题本移出", await AnswerAsync(client, await client.GetStringAsync("/practice/wrong"), "wrong", key.Correct));
        Assert.Contains("错题本是空的", await client.GetStringAsync("/practice"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task QuestionsAnsweredWrongInAnExamAreInTheWrongBook(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        await (await AttemptPage.StartAsync(client)).SubmitAsync(client);

        Assert.Contains("练习错题（3 道）", await client.GetStringAsync("/practice"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task PracticePausesWhileAFormalExamIsOpen(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);

        var during = await client.GetAsync("/practice/DEMO.1");
        var explained = await client.GetStringAsync("/exams");
        await exam.SubmitAsync(client);
        var after = await client.GetAsync("/practice/DEMO.1");

        Assert.Equal("/exams", during.Headers.Location!.OriginalString);
        Assert.Contains("交卷后才能继续练习", explained);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task PracticeIsForTrainees()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.HR);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/practice")).StatusCode);
    }

    private sealed record Key(string Stem, int Options, int[] Correct);

    private static async Task<(int Id, Key Key)> QuestionOnAsync(AppFactory app, string page)
    {
        var id = int.Parse(QuestionId().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var question = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.AsNoTracking().SingleAsync(q => q.Id == id));
        return (id, new Key(question.Stem, question.Options.Count, [.. question.Correct]));
    }

    /// <summary>Ticks <paramref name="selected"/> on the question page and submits it.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, string page, string scope, int[] selected)
    {
        var fields = selected.Select(s => new KeyValuePair<string, string>("selected", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var response = await client.SubmitFormValuesAsync(page, $"/practice/{scope}", $"/practice/{scope}", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"questionId\" value=\"(\\d+)\"")]
    private static partial Regex QuestionId();
}
