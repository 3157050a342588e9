using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Web.Domain;

/// <summary>
/// One version of a question. Rows are never edited once imported: a changed question becomes a new row with the same
/// <see cref="Key"/> and the next <see cref="Version"/>, so an attempt keeps exactly the version it used.
/// </summary>
public class Question
{
    public int Id { get; init; }

    public required string Key { get; init; }

    public int Version { get; init; }

    /// <summary>False once a newer version exists or the question left the content.</summary>
    public bool IsCurrent { get; set; }

    public bool NeedsReview { get; set; }

    public required string Bank { get; init; }

    public QuestionType Type { get; init; }

    public required string Stem { get; init; }

    public required IReadOnlyList<QuestionOption> Options { get; init; }

    public required IReadOnlyList<int> Correct { get; init; }

    public string? Explanation { get; init; }

    /// <summary>A 填空 question's accepted answers per blank (empty for the other types).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Blanks { get; init; } = [];

    /// <summary>Whether a 填空 answer is compared with full-width/half-width forms, case and spaces forgiven.</summary>
    public bool NormalizeAnswers { get; init; } = true;

    /// <summary>A 简答 question's reference answer (参考答案).</summary>
    public string? ReferenceAnswer { get; init; }

    /// <summary>A 简答 question's rubric (评分要点).</summary>
    public string? Rubric { get; init; }

    public int Difficulty { get; init; }

    /// <summary>Comma-separated.</summary>
    public string Tags { get; init; } = "";

    /// <summary>SHA-256 of the question's content, to tell a changed question from an unchanged one.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The import that brought this version; null for a version made in the question editor.</summary>
    public int? ContentImportId { get; init; }

    /// <summary>Who made this version in the question editor (null: it came from an import of content/).</summary>
    public string? EditedBy { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Who retired the question in the page; an import of content/ does not bring it back unless approved.</summary>
    public string? RetiredBy { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    public List<QuestionClause> Clauses { get; } = [];
}

public class QuestionClause
{
    public int QuestionId { get; init; }

    public required string ClauseId { get; init; }
}

public static class QuestionTypeNames
{
    /// <summary>The type's name as exams print it; also the localization key of its label.</summary>
    public static string ChineseName(QuestionType type) => type switch
    {
        QuestionType.Single => "单选题",
        QuestionType.Multiple => "多选题",
        QuestionType.TrueFalse => "判断题",
        QuestionType.FillBlank => "填空题",
        QuestionType.ShortAnswer => "简答题",
        _ => type.ToString(),
    };
}
