using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>Item analysis against four attempts whose statistics are worked out by hand.</summary>
[Collection(SharedApp.Name)]
public sealed class ItemAnalysisTests(Databases databases)
{
    // Q1 = q-single-1 (30 points, key B of 3 options), Q2 = q-single-2 (30, key B of 2), Q3 = q-multiple-1 (40, key A+B).
    //          Q1      Q2      Q3      score
    // A        B ✓     A ✗     AB ✓    70
    // B        B ✓     A ✗     AB ✓    70
    // C        A ✗     B ✓     C ✗     30
    // D        A ✗     B ✓     C ✗     30
    // Rest score = (score − this question's points earned) / (100 − its points).
    // Q1: rest A,B = 40/70, C,D = 30/70 → right 0.5714, wrong 0.4286, sd 0.0714, p = 0.5 → r = 1.0; option C never chosen.
    // Q2: rest A,B = 70/70, C,D = 0/70 → right 0, wrong 1, sd 0.5 → r = −1.0.
    // Q3: rest = 30/60 for everyone → no spread → no discrimination.
    [Theory, ClassData(typeof(Providers))]
    public async Task FacilityDiscriminationChoiceRatesAndFlagsEqualTheHandComputedValues(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        await SeedAsync(app);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:ItemStatistics:MinimumResponses"] = "4" }).Build();

        var summary = await app.WithScopeAsync(s => new ItemStatistics(s.GetRequiredService<AppDbContext>(), settings, app.Clock).RunAsync(CancellationToken.None));
        var again = await app.WithScopeAsync(s => new ItemStatistics(s.GetRequiredService<AppDbContext>(), settings, app.Clock).RunAsync(CancellationToken.None));
        var stats = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return await (from st in db.ItemStatistics join q in db.Questions on st.QuestionId equals q.Id select new { q.Key, st }).ToDictionaryAsync(x => x.Key, x => x.st);
        });

        Assert.Equal("3 question(s) analysed from 12 graded answer(s); 2 flagged.", summary);
        Assert.Equal(summary, again);
        Assert.Equal((4, 0.5m, 1.0m), (stats["q-single-1"].Responses, stats["q-single-1"].Facility, stats["q-single-1"].Discrimination));
        Assert.Equal([0.5m, 0.5m, 0m], stats["q-single-1"].OptionRates);
        Assert.Equal([ItemWarning.UnusedDistractor], stats["q-single-1"].FlagList);
        Assert.Equal(-1.0m, stats["q-single-2"].Discrimination);
        Assert.Equal([ItemWarning.NegativeDiscrimination], stats["q-single-2"].FlagList);
        Assert.Null(stats["q-multiple-1"].Discrimination);
        Assert.Empty(stats["q-multiple-1"].FlagList);

        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var page = await office.GetStringAsync("/content/items?flagged=true");
        Assert.Contains("data-question=\"q-single-1\"", page);
        Assert.Contains("data-question=\"q-single-2\"", page);
        Assert.DoesNotContain("data-question=\"q-multiple-1\"", page);
        Assert.Contains("data-rule=\"DEMO.1\"", page);
        Assert.Contains("干扰项无人选择", page);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await (await app.SignInAsAsync(Roles.HR)).GetAsync("/content/items")).StatusCode);
    }

    private static async Task SeedAsync(AppFactory app)
    {
        var user = await app.CreateUserAsync("u-items", "作答者", [Roles.Trainee]);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var ids = await db.Questions.Where(q => q.IsCurrent).ToDictionaryAsync(q => q.Key, q => q.Id);
            (string Key, decimal Points)[] questions = [("q-single-1", 30), ("q-single-2", 30), ("q-multiple-1", 40)];
            int[][][] selected =
            [
                [[1], [0], [0, 1]],
                [[1], [0], [0, 1]],
                [[0], [1], [2]],
                [[0], [1], [2]],
            ];
            bool[][] right = [[true, false, true], [true, false, true], [false, true, false], [false, true, false]];
            var now = app.Clock.GetUtcNow();
            for (var a = 0; a < 4; a++)
            {
                var attempt = new Attempt
                {
                    PersonId = user.PersonId!.Value,
                    ExamId = "demo-exam",
                    Number = a + 1,
                    StartedAt = now.AddMinutes(-30),
                    Deadline = now.AddMinutes(-10),
                    Status = AttemptStatus.Submitted,
                    SubmittedAt = now.AddMinutes(-15),
                    PassMarkPercent = 80,
                    MaxScore = 100,
                    Score = questions.Where((_, i) => right[a][i]).Sum(q => q.Points),
                };
                attempt.Questions.AddRange(questions.Select((q, i) => new AttemptQuestion
                {
                    Position = i + 1,
                    QuestionId = ids[q.Key],
                    Points = q.Points,
                    OptionOrder = [0, 1, 2],
                    Chapter = "DEMO.1",
                }));
                attempt.Responses.AddRange(questions.Select((q, i) => new Response
                {
                    Position = i + 1,
                    Selected = selected[a][i],
                    SavedAt = now.AddMinutes(-20),
                    Correct = right[a][i],
                    Awarded = right[a][i] ? q.Points : 0,
                }));
                db.Attempts.Add(attempt);
            }

            return await db.SaveChangesAsync();
        });
    }
}
