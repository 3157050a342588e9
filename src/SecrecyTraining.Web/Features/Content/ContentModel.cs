namespace SecrecyTraining.Web.Features.Content;

// What the files under content/ say, as read by the loaders and before anything reaches the database.
// Every item keeps where it was written (SourceRef) so each problem can be reported as path:line: message.

/// <summary>A place in a content file: the path relative to the content directory (with '/') and a 1-based line.</summary>
public sealed record SourceRef(string Path, int Line)
{
    public override string ToString() => $"{Path}:{Line}";
}

/// <summary>One mistake in the content, reported as <c>path:line: message</c>.</summary>
public sealed record ContentProblem(SourceRef Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

public enum QuestionType
{
    Single,
    Multiple,
    TrueFalse,
}

public static class QuestionOptionText
{
    /// <summary>The option as the reader sees it: a true/false question's 正确 / 错误 in the reader's language, others as written.</summary>
    public static string Shown(this Microsoft.AspNetCore.Mvc.Localization.IHtmlLocalizer localizer, QuestionType type, string text) =>
        type == QuestionType.TrueFalse ? localizer[text].Value : text;
}

/// <summary>An answer option; <paramref name="Feedback"/> is the optional per-option feedback (GIFT's <c>#</c>).</summary>
public sealed record QuestionOption(string Text, string? Feedback = null)
{
    /// <summary>The letters options are written and shown with (A, B, C …); a bank allows at most this many options.</summary>
    public const string Letters = "ABCDEFGHIJ";

    /// <summary>"A. " before the i-th option shown; nothing before 正确 / 错误.</summary>
    public static string Prefix(QuestionType type, int shownIndex) => type == QuestionType.TrueFalse ? "" : $"{Letters[shownIndex]}. ";
}

/// <summary>
/// A question as written in a bank. <see cref="Correct"/> holds the indexes of the correct options. A true/false
/// question has the two options of <see cref="TrueFalseOptions"/> (正确, 错误), so scoring and review treat all types alike.
/// </summary>
public sealed record QuestionDoc(
    string Id,
    string Bank,
    QuestionType Type,
    string Stem,
    IReadOnlyList<QuestionOption> Options,
    IReadOnlyList<int> Correct,
    string? Explanation,
    IReadOnlyList<string> Clauses,
    int Difficulty,
    IReadOnlyList<string> Tags,
    SourceRef Source)
{
    public const string TrueText = "正确";
    public const string FalseText = "错误";

    public static IReadOnlyList<QuestionOption> TrueFalseOptions(string? trueFeedback = null, string? falseFeedback = null) =>
        [new(TrueText, trueFeedback), new(FalseText, falseFeedback)];

    /// <summary>For a true/false question: whether the statement is true.</summary>
    public bool IsTrue => Type == QuestionType.TrueFalse && Correct.Contains(0);
}
