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

    /// <summary>填空: blanks (<c>____</c>) in the stem, each with its accepted answers; graded automatically, per blank.</summary>
    FillBlank,

    /// <summary>简答: free text beside a reference answer and a rubric, graded by the 保密办 in the grading queue.</summary>
    ShortAnswer,
}

public static class QuestionTypes
{
    /// <summary>Every type, in the order pickers list them.</summary>
    public static readonly IReadOnlyList<QuestionType> All =
        [QuestionType.Single, QuestionType.Multiple, QuestionType.TrueFalse, QuestionType.FillBlank, QuestionType.ShortAnswer];

    /// <summary>Whether the answer is a choice among options (the types scored by the options chosen).</summary>
    public static bool IsChoice(this QuestionType type) => type is QuestionType.Single or QuestionType.Multiple or QuestionType.TrueFalse;

    /// <summary>The name content files use (<c>type: fill</c>).</summary>
    public static string FileName(this QuestionType type) => type switch
    {
        QuestionType.FillBlank => "fill",
        QuestionType.ShortAnswer => "short",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// The blanks of a 填空 stem: runs of three or more underscores (half- or full-width). Matching an answer can forgive
/// full-width/half-width forms, case and spaces (<see cref="Normalize"/>), as a hand-marked paper would.
/// </summary>
public static partial class Blanks
{
    [System.Text.RegularExpressions.GeneratedRegex("[_＿]{3,}")]
    public static partial System.Text.RegularExpressions.Regex Marker();

    public static int Count(string stem) => Marker().Count(stem);

    /// <summary>The accepted answers as a page shows them: blanks separated by " | ", a blank's alternatives by " / ".</summary>
    public static string Describe(IEnumerable<IEnumerable<string>> blanks) => string.Join(" | ", blanks.Select(b => string.Join(" / ", b)));

    /// <summary>The stem's text around its blanks: one more part than there are blanks.</summary>
    public static IReadOnlyList<string> Parts(string stem) => Marker().Split(stem);

    /// <summary>Full-width letters, digits and punctuation as half-width, no white space, lower case.</summary>
    public static string Normalize(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }

    /// <summary>Whether <paramref name="given"/> is one of <paramref name="accepted"/>.</summary>
    public static bool Matches(string? given, IEnumerable<string> accepted, bool normalize)
    {
        var text = (given ?? "").Trim();
        return text.Length > 0 && accepted.Any(a => normalize ? Normalize(a) == Normalize(text) : a.Trim() == text);
    }
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

    /// <summary>A 填空 question's accepted answers, per blank of the stem in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Blanks { get; init; } = [];

    /// <summary>A 填空 question forgives full-width/half-width forms, case and spaces (the default).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>A 简答 question's reference answer (参考答案), shown to the grader and, after grading, as the review allows.</summary>
    public string? Reference { get; init; }

    /// <summary>A 简答 question's rubric (评分要点), shown to the grader.</summary>
    public string? Rubric { get; init; }
}
