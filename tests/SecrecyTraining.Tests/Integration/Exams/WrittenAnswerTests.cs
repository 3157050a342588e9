using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Exams;

/// <summary>
/// 填空 and 简答 in a certifying exam: a blank is graded on submit (full-width, case and spaces forgiven); a 简答 answer
/// leaves the attempt 待阅卷 with no result and no certificate until the 保密办 grades it in the queue, which then scores
/// the attempt and, on a pass, issues the certification — each grade audited.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class WrittenAnswerTests(Databases databases)
{
    private static readonly HtmlParser Parser = new();

    /// <summary>The fixture content with a 填空 and a 简答 question that its certifying exam draws too (130 points in all).</summary>
    public static List<ContentFile> WithWrittenQuestions() => [.. ContentFixtures.Valid().Select(f => f.Path switch
    {
        "questions/demo.yaml" => f with
        {
            Text = f.Text.TrimEnd() + "\n\n" + """
                  - id: q-fill-1
                    type: fill
                    stem: 秘密文件应当存放在____内，涉密计算机不得连接____。
                    blanks:
                      - [保密柜, 保密柜子]
                      - [互联网, Internet]
                    clauses: [DEMO.1.1, DEMO.2.1]
                    difficulty: 1

                  - id: q-short-1
                    type: short
                    stem: 简述涉密计算机为什么不能连接互联网。
                    reference: 连接互联网会使涉密信息面临被窃取的风险，DEMO.2.1 规定涉密计算机不得连接互联网。
                    rubric: 指出窃密风险 10 分；引用规定 10 分。
                    clauses: [DEMO.2.1]
                    difficulty: 3
                """ + "\n",
        },
        "exams/exam.yaml" => f with { Text = f.Text.TrimEnd() + "\n  - type: fill\n    count: 1\n    points: 10\n  - type: short\n    count: 1\n    points: 20\n" },
        _ => f,
    })];

    [Theory, ClassData(typeof(Providers))]
    public async Task AShortAnswerLeavesTheAttemptAwaitingGradingUntilTheOfficeGradesItThenTheCertificateIsIssued(string provider)
    {
        var app = await databases.StartAsync(provider);
        Assert.Equal(ImportStatus.Imported, (await app.ImportAsync(WithWrittenQuestions())).Status);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var session = await AttemptPage.StartAsync(trainee, "demo-exam");
        var positions = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AttemptQuestions.Where(q => q.AttemptId == session.Id)
            .Select(q => new { q.Position, q.Question!.Key }).ToDictionaryAsync(q => q.Key, q => q.Position));

        // The page shows an input per blank and a text area for the 简答 answer.
        var page = Parser.ParseDocument(session.Page);
        Assert.Equal(2, page.QuerySelectorAll($"#q{positions["q-fill-1"]} input.answer-text").Length);
        Assert.NotNull(page.QuerySelector($"#q{positions["q-short-1"]} textarea.answer-text"));

        foreach (var (position, keys) in await session.KeysAsync(app))
        {
            if (keys.Count > 0)
            {
                (await session.SaveAsync(trainee, position, keys)).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await SaveTextsAsync(trainee, session, positions["q-fill-1"], "保密柜", "互联网", "多余的一空")).StatusCode);
        (await SaveTextsAsync(trainee, session, positions["q-fill-1"], " 保密柜 ", "ＩＮＴＥＲＮＥＴ")).EnsureSuccessStatusCode();
        (await SaveTextsAsync(trainee, session, positions["q-short-1"], "涉密信息会被境外窃取；制度规定不得连接互联网。")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitAsync(trainee)).StatusCode);

        var result = Parser.ParseDocument(await trainee.GetStringAsync($"/attempts/{session.Id}/result"));
        Assert.Equal("待阅卷", result.QuerySelector("[data-testid=verdict]")!.TextContent.Trim());
        Assert.Null(result.QuerySelector("[data-testid=score]"));
        var attempt = await AttemptAsync(app, session.Id);
        Assert.Equal((true, (decimal?)null, (bool?)null), (attempt.AwaitingGrading, attempt.Score, attempt.Passed));
        Assert.Equal(10m, attempt.Responses.Single(r => r.Position == positions["q-fill-1"]).Awarded); // both blanks, forgiven
        Assert.Equal(0, await CertificationsAsync(app));

        // While it waits, no second attempt starts (its result decides whether one is needed), and nobody grades their own.
        var retry = await trainee.PostFormAsync("/exams", "/exams/demo-exam/start", []);
        Assert.Contains("上一次考试待阅卷，阅卷完成后才能再次参加。", await trainee.FollowAsync(retry));
        var own = await app.WithScopeAsync(async s => await s.GetRequiredService<Web.Features.Exams.ExamService>().GradeAsync(
            session.Id, positions["q-short-1"], 20, null, "u-trainee", attempt.PersonId));
        Assert.Equal(Web.Features.Exams.GradeOutcome.OwnAnswer, own);

        // The 保密办 sees the answer beside the reference answer and the rubric, without the examinee's name.
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var queue = await office.GetStringAsync("/grading");
        var pending = Parser.ParseDocument(queue).QuerySelector($"[data-testid=pending-answer][data-attempt='{session.Id}']")!;
        Assert.Equal("涉密信息会被境外窃取；制度规定不得连接互联网。", pending.QuerySelector("[data-testid=answer]")!.TextContent);
        Assert.Contains("DEMO.2.1 规定涉密计算机不得连接互联网", pending.QuerySelector("[data-testid=reference]")!.TextContent);
        Assert.Contains("指出窃密风险 10 分", pending.QuerySelector("[data-testid=rubric]")!.TextContent);
        Assert.DoesNotContain("u-trainee", pending.TextContent);

        var action = $"/grading/{session.Id}/{positions["q-short-1"]}";
        var tooMany = await office.SubmitFormAsync(queue, "/grading", action, new() { ["points"] = "25" });
        Assert.Contains("请填写 0 到满分之间的分数", await office.FollowAsync(tooMany));
        Assert.True((await AttemptAsync(app, session.Id)).AwaitingGrading);

        var graded = await office.SubmitFormAsync(queue, "/grading", action, new() { ["points"] = "16", ["comment"] = "风险说得对，规定引用不完整。" });
        Assert.Contains($"答卷 {session.Id} 已全部评完，成绩已公布。", await office.FollowAsync(graded));

        attempt = await AttemptAsync(app, session.Id);
        Assert.Equal((false, (decimal?)126m, (bool?)true), (attempt.AwaitingGrading, attempt.Score, attempt.Passed));
        Assert.Equal(1, await CertificationsAsync(app));
        await app.WithScopeAsync(s => s.GetRequiredService<Web.Features.Jobs.AttemptArchiver>().RunAsync(CancellationToken.None));
        var entries = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Subject == $"attempt:{session.Id}")
            .OrderBy(e => e.Sequence).Select(e => e.Actor + " " + e.Action + " " + e.Details).ToListAsync());
        Assert.Equal($"u-secrecyoffice answer.graded question {positions["q-short-1"]}: ungraded → 16/20", entries[^3]);
        Assert.Equal("u-secrecyoffice exam.graded u-trainee demo-exam: 126/130, passed", entries[^2]);
        Assert.StartsWith("system attempt.archived sha256 ", entries[^1]); // archived once concluded, graded answer included
        Assert.Contains("风险说得对，规定引用不完整。", await trainee.GetStringAsync($"/attempts/{session.Id}/result"));

        // Graded once: the same form again changes nothing.
        var again = await office.SubmitFormAsync(queue, "/grading", action, new() { ["points"] = "20" });
        Assert.Contains("已评分或不在待阅卷中", await office.FollowAsync(again));
        Assert.Equal(126m, (await AttemptAsync(app, session.Id)).Score);
    }

    [Fact]
    public void ABlankForgivesFullWidthCaseAndSpacesOnlyWhenAskedAndEarnsItsShareOfThePoints()
    {
        Assert.True(Blanks.Matches("ＩＮＴＥＲＮＥＴ", ["internet"], normalize: true));
        Assert.True(Blanks.Matches(" 保 密 柜 ", ["保密柜"], normalize: true));
        Assert.False(Blanks.Matches("ＩＮＴＥＲＮＥＴ", ["internet"], normalize: false));
        Assert.False(Blanks.Matches("", ["保密柜"], normalize: true));
        Assert.Equal((false, 5m), ExamScoring.GradeBlanks([["保密柜"], ["互联网"]], ["保密柜", "局域网"], normalize: true, points: 10));
        Assert.Equal((true, 10m), ExamScoring.GradeBlanks([["保密柜"], ["互联网", "Internet"]], ["保密柜", "internet"], normalize: true, points: 10));
        Assert.Equal(2, Blanks.Count("____与＿＿＿"));
    }

    private static Task<HttpResponseMessage> SaveTextsAsync(HttpClient client, AttemptPage session, int position, params string[] texts)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{session.Id}/answers")
        {
            Content = JsonContent.Create(new { position, selected = Array.Empty<int>(), texts, flagged = false }),
        };
        request.Headers.Add("RequestVerificationToken", session.Token);
        return client.SendAsync(request);
    }

    private static Task<Attempt> AttemptAsync(AppFactory app, int id) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Attempts.AsNoTracking().Include(a => a.Responses).SingleAsync(a => a.Id == id));

    private static Task<int> CertificationsAsync(AppFactory app) => app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.CountAsync());
}
