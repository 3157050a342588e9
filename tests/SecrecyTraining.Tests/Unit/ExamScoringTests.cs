using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Unit;

public sealed class ExamScoringTests
{
    [Theory]
    [InlineData(new[] { 1 }, true, 10)]
    [InlineData(new[] { 0 }, false, 0)]
    [InlineData(new int[0], false, 0)]
    public void SingleChoiceIsAllOrNothing(int[] selected, bool correct, int awarded) =>
        Assert.Equal((correct, (decimal)awarded), ExamScoring.Grade(QuestionType.Single, [1], selected, 10, partialCredit: true));

    [Theory]
    [InlineData(new[] { 0, 2 }, false, 10)]
    [InlineData(new[] { 0 }, false, 0)]
    [InlineData(new[] { 0, 1, 2 }, false, 0)]
    public void MultipleChoiceWithoutPartialCreditNeedsEveryCorrectOptionAndNoOther(int[] selected, bool _, int awarded) =>
        Assert.Equal((decimal)awarded, ExamScoring.Grade(QuestionType.Multiple, [0, 2], selected, 10, partialCredit: false).Awarded);

    [Theory]
    [InlineData(new[] { 0 }, 5)]
    [InlineData(new[] { 0, 2 }, 10)]
    [InlineData(new[] { 0, 1 }, 0)]
    public void PartialCreditGivesTheShareOfCorrectOptionsWhenNoWrongOneIsChosen(int[] selected, int awarded) =>
        Assert.Equal((decimal)awarded, ExamScoring.Grade(QuestionType.Multiple, [0, 2], selected, 10, partialCredit: true).Awarded);

    [Theory]
    [InlineData(80, 100, 80, true)]
    [InlineData(79.5, 100, 80, false)]
    [InlineData(36, 40, 90, true)]
    [InlineData(0, 0, 80, false)]
    public void PassingMeansReachingThePassMark(decimal score, decimal max, int passMark, bool passed) =>
        Assert.Equal(passed, ExamScoring.IsPass(score, max, passMark));
}
