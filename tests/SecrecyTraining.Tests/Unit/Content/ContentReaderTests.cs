using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Content.Gift;

namespace SecrecyTraining.Tests.Unit.Content;

public sealed class ContentReaderTests
{
    [Fact]
    public void TheFixtureContentIsValid()
    {
        var result = ContentReader.Read(ContentFixtures.Valid());

        Assert.Empty(result.Problems);
        Assert.Equal(6, result.Content.ClausesById.Count);
        Assert.Equal(6, result.Content.Questions.Count);
        Assert.Equal(["demo", "extra"], result.Content.Questions.Select(q => q.Bank).Distinct().Order());
    }

    [Fact]
    public void TheRealContentIsValidAndCoversTheRegulation()
    {
        var result = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Contains("QD.6.3", result.Content.ClausesById.Keys);
        Assert.Contains("BMF.43", result.Content.ClausesById.Keys);
        Assert.Contains("BMFSS.53", result.Content.ClausesById.Keys);
        Assert.Equal(31, result.Content.ClausesById.Keys.Count(id => System.Text.RegularExpressions.Regex.IsMatch(id, @"^QD\.\d\.\d$")));
        Assert.All(result.Content.Questions, q => Assert.NotEmpty(q.Clauses));
    }

    [Fact]
    public void EveryNumberedItemOfTheRegulationIsTaughtByALessonAndTestedByAtLeastFourQuestions()
    {
        var content = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory)).Content;

        var items = ContentCoverage.Compute(content).Where(r => System.Text.RegularExpressions.Regex.IsMatch(r.ClauseId, @"^QD\.\d\.\d(\.\d)?$")).ToList();

        Assert.Equal(35, items.Count);
        Assert.All(items, r => Assert.True(r.Lessons >= 1 && r.Total >= 4, $"{r.ClauseId}: {r.Lessons} lessons, {r.Total} questions"));
    }

    [Fact]
    public void EveryRuleOfEveryRealExamHasAtLeastThreeTimesTheQuestionsItDraws()
    {
        var content = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory)).Content;

        foreach (var exam in content.Exams)
        {
            foreach (var rule in exam.Rules)
            {
                var pool = content.Questions.Count(q => DrawRules.Matches(rule.Bank, rule.Type, rule.Clauses, q.Bank, q.Type, q.Clauses, content.Tree));
                Assert.True(pool >= 3 * rule.Count, $"{exam.Id} rule at {rule.Source}: {pool} questions for {rule.Count}");
            }
        }
    }

    [Theory, MemberData(nameof(ContentFixtures.MistakeNames), MemberType = typeof(ContentFixtures))]
    public void EachMistakeIsReportedWithItsFileAndLine(string mistake)
    {
        var m = ContentFixtures.Mistakes[mistake];
        var files = m.Apply();

        var problems = ContentReader.Read(files).Problems.Select(p => p.ToString()).ToList();

        var expected = m.ExpectedLocation(files) + ": ";
        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal) && p.Contains(m.Message, StringComparison.Ordinal)),
            $"Expected '{expected}…{m.Message}…' among:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void EveryProblemOfAFileIsReportedInOnePass()
    {
        var files = ContentFixtures.Mistakes["unknown-field"].Apply().ToList();
        var i = files.FindIndex(f => f.Path == "questions/demo.yaml");
        files[i] = files[i] with { Text = files[i].Text.Replace("answer: true", "answer: maybe", StringComparison.Ordinal).Replace("difficulty: 3", "difficulty: 9", StringComparison.Ordinal) };

        var problems = ContentReader.Read(files).Problems.Where(p => p.Where.Path == "questions/demo.yaml").ToList();

        Assert.Contains(problems, p => p.Message.Contains("dificulty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("true 或 false", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("1 到 5", StringComparison.Ordinal));
    }

    [Fact]
    public void CoverageHasOneCsvRowPerClauseCountingLessonsAndQuestionsByType()
    {
        var content = ContentReader.Read(ContentFixtures.Valid()).Content;

        var csv = ContentCoverage.ToCsv(ContentCoverage.Compute(content)).TrimEnd().Split('\n');

        Assert.Equal("clause,lessons,single,multiple,truefalse,fill,short,total", csv[0]);
        Assert.Equal(content.ClausesById.Count, csv.Length - 1);
        Assert.Contains("DEMO.1.1,1,1,1,0,0,0,2", csv);
        Assert.Contains("DEMO.2.1,1,1,0,1,0,0,2", csv);
        Assert.Contains("DEMO.1,0,0,0,0,0,0,0", csv);
    }

    [Fact]
    public void TheRealQuestionBankSurvivesExportToGiftAndImportBack()
    {
        var questions = ContentReader.Read(ContentFiles.FromDirectory(ContentFixtures.RealDirectory)).Content.Questions;

        var back = GiftReader.Read(GiftWriter.Write(questions), "questions/export.gift", "export");

        Assert.Empty(back.Problems);
        Assert.Equal(questions.Count, back.Questions.Count);
        foreach (var (original, imported) in questions.Zip(back.Questions))
        {
            Assert.Equal(ContentComparison.Fields(original), ContentComparison.Fields(imported));
        }
    }
}

internal static class ContentComparison
{
    public static string Fields(QuestionDoc q) => System.Text.Json.JsonSerializer.Serialize(new
    {
        q.Id,
        q.Bank,
        q.Type,
        q.Stem,
        q.Options,
        q.Correct,
        q.Explanation,
        q.Clauses,
        q.Difficulty,
        q.Tags,
    });
}
