using System.Globalization;
using System.Text;

namespace SecrecyTraining.Web.Features.Content.Gift;

// Writes question banks as Moodle GIFT, so they can be edited in Moodle or any GIFT tool and read back by GiftReader
// into the same questions. Our metadata goes into comment lines, which Moodle ignores on import.
public static class GiftWriter
{
    public static string Write(IEnumerable<QuestionDoc> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var gift = new StringBuilder();
        string? bank = null;
        foreach (var question in questions)
        {
            if (gift.Length > 0)
                gift.Append('\n');
            if (question.Bank != bank)
            {
                bank = question.Bank;
                gift.Append("$CATEGORY: ").Append(bank.Replace("/", "//", StringComparison.Ordinal)).Append("\n\n");
            }

            WriteQuestion(gift, question);
            gift.Append('\n');
        }

        return gift.ToString();
    }

    private static void WriteQuestion(StringBuilder gift, QuestionDoc question)
    {
        if (question.Type == QuestionType.FillBlank && question.Blanks.Count != 1)
        {
            // GIFT's short answer has one blank; a 填空 question with several has no GIFT form.
            gift.Append("// ").Append(question.Id).Append(": 填空题有 ").Append(question.Blanks.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" 个空，GIFT 只能表示一个空，未导出（请用 YAML 或 Excel）。\n");
            return;
        }

        if (question.Clauses.Count > 0)
            gift.Append("// clauses: ").AppendJoin(", ", question.Clauses).Append('\n');
        gift.Append("// difficulty: ").Append(question.Difficulty.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (question.Tags.Count > 0)
            gift.Append("// tags: ").AppendJoin(", ", question.Tags).Append('\n');
        if (question.Reference is { } reference)
            gift.Append("// reference: ").Append(reference.ReplaceLineEndings(" ")).Append('\n');
        if (question.Rubric is { } rubric)
            gift.Append("// rubric: ").Append(rubric.ReplaceLineEndings(" ")).Append('\n');
        if (!string.IsNullOrWhiteSpace(question.Id))
            gift.Append("::").Append(Escape(question.Id)).Append("::");
        if (question.Type == QuestionType.FillBlank)
        {
            WriteFill(gift, question);
            return;
        }

        gift.Append(EscapeText(question.Stem));
        if (question.Type == QuestionType.ShortAnswer)
            WriteEssay(gift, question);
        else if (question.Type == QuestionType.TrueFalse)
            WriteTrueFalse(gift, question);
        else
            WriteChoices(gift, question);
    }

    // Moodle's short answer in the missing-word position: "text {=answer =alternative} text".
    private static void WriteFill(StringBuilder gift, QuestionDoc question)
    {
        var parts = Blanks.Parts(question.Stem);
        gift.Append(EscapeText(parts[0])).Append('{');
        gift.AppendJoin(' ', question.Blanks[0].Select(a => "=" + Escape(a)));
        if (!string.IsNullOrEmpty(question.Explanation))
            gift.Append("####").Append(EscapeText(question.Explanation));
        gift.Append('}').Append(Escape(parts[1]));
    }

    // Moodle's essay: an empty answer block. The reference answer and the rubric travel in our comment metadata.
    private static void WriteEssay(StringBuilder gift, QuestionDoc question)
    {
        gift.Append(" {");
        if (!string.IsNullOrEmpty(question.Explanation))
            gift.Append("####").Append(EscapeText(question.Explanation));
        gift.Append('}');
    }

    private static void WriteTrueFalse(StringBuilder gift, QuestionDoc question)
    {
        // GIFT gives the feedback for a wrong answer first, then the one for a right answer.
        var isTrue = question.IsTrue;
        var right = FeedbackOf(question, isTrue ? 0 : 1);
        var wrong = FeedbackOf(question, isTrue ? 1 : 0);
        gift.Append(isTrue ? "{T" : "{F");
        if (wrong is not null || right is not null)
            gift.Append('#').Append(EscapeText(wrong ?? ""));
        if (right is not null)
            gift.Append('#').Append(EscapeText(right));
        if (!string.IsNullOrEmpty(question.Explanation))
            gift.Append("####").Append(EscapeText(question.Explanation));
        gift.Append('}');
    }

    private static void WriteChoices(StringBuilder gift, QuestionDoc question)
    {
        var correct = question.Correct.ToHashSet();
        var share = Weight(100.0 / Math.Max(1, correct.Count));
        gift.Append("{\n");
        for (var i = 0; i < question.Options.Count; i++)
        {
            var option = question.Options[i];
            var isCorrect = correct.Contains(i);
            gift.Append('\t');
            if (question.Type == QuestionType.Multiple)
                gift.Append("~%").Append(isCorrect ? share : "-100").Append('%');
            else if (option.Text.TrimStart().StartsWith('%'))
                gift.Append(isCorrect ? "=%100%" : "~%0%"); // an explicit weight keeps a leading '%' from reading as one
            else
                gift.Append(isCorrect ? '=' : '~');
            gift.Append(EscapeText(option.Text));
            if (!string.IsNullOrEmpty(option.Feedback))
                gift.Append('#').Append(EscapeText(option.Feedback));
            gift.Append('\n');
        }

        if (!string.IsNullOrEmpty(question.Explanation))
            gift.Append("\t####").Append(EscapeText(question.Explanation)).Append('\n');
        gift.Append('}');
    }

    private static string? FeedbackOf(QuestionDoc question, int option) =>
        option < question.Options.Count && !string.IsNullOrEmpty(question.Options[option].Feedback)
            ? question.Options[option].Feedback
            : null;

    // Five decimals are what Moodle itself writes (33.33333); the reader accepts any sum that rounds to 100%.
    private static string Weight(double percent) =>
        Math.Round(percent, 5).ToString("0.#####", CultureInfo.InvariantCulture);

    // Text that starts like a format marker gets an explicit [plain], which the reader strips instead of the text's own.
    private static string EscapeText(string text)
    {
        var escaped = Escape(text);
        var start = escaped.TrimStart();
        return Array.Exists(GiftReader.FormatMarkers, m => start.StartsWith(m, StringComparison.OrdinalIgnoreCase))
            ? "[plain]" + escaped
            : escaped;
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings("\n"))
        {
            if (c is '\\' or '~' or '=' or '#' or '{' or '}' or ':')
                escaped.Append('\\').Append(c);
            else if (c == '\n')
                escaped.Append("\\n");
            else
                escaped.Append(c);
        }

        return escaped.ToString();
    }
}
