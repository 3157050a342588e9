using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Features.Exams;

/// <summary>
/// One question's answer as a page's form posts it: <c>q{position}</c> the options ticked (as shown), <c>q{position}t{i}</c>
/// the text of each blank (or the 简答 text), <c>flag{position}</c> the flag. The exam page's submit and the 保密办's key-in page use the same names.
/// </summary>
public static class AnswerForm
{
    public static (IReadOnlyList<int> Selected, IReadOnlyList<string> Texts) Read(IFormCollection form, AttemptQuestion question)
    {
        IReadOnlyList<int> selected = [.. form[$"q{question.Position}"].Select(v => int.TryParse(v, out var i) ? i : -1).Where(i => i >= 0).Distinct()];
        var fields = question.Question!.Type switch { QuestionType.FillBlank => question.Question.Blanks.Count, QuestionType.ShortAnswer => 1, _ => 0 };
        IReadOnlyList<string> texts = [.. Enumerable.Range(0, fields).Select(i => form[$"q{question.Position}t{i}"].ToString())];
        return (selected, texts);
    }

    /// <summary>The question's answer in the exam page's form, with its flag (<c>flag{position}</c>).</summary>
    public static SubmittedAnswer Submitted(IFormCollection form, AttemptQuestion question)
    {
        var (selected, texts) = Read(form, question);
        return new SubmittedAnswer(question.Position, selected, texts, form.ContainsKey($"flag{question.Position}"));
    }
}
