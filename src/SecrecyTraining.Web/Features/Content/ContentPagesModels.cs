using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

public sealed class QuestionFilter
{
    public string? Clause { get; set; }

    public QuestionType? Type { get; set; }

    public int? Difficulty { get; set; }

    public bool NeedsReview { get; set; }

    public string? Q { get; set; }

    public int Page { get; set; } = 1;

    /// <summary>The query string of these filters and <paramref name="page"/>, for the paging links.</summary>
    public string Query(int? page = null) => Infrastructure.Web.FilterQuery.Of(
        ("clause", Clause), ("type", Type), ("difficulty", Difficulty), ("needsReview", NeedsReview), ("q", Q), ("page", page));
}

public sealed record QuestionRow(Question Question, IReadOnlyList<string> Clauses);

public sealed record QuestionBankViewModel(QuestionFilter Filter, IReadOnlyList<QuestionRow> Questions, int Total, int Pages, int NeedsReviewCount);

public sealed record CourseViewModel(Course Course, IReadOnlyList<(Lesson Lesson, IReadOnlyList<string> Clauses)> Lessons);

public sealed record LessonViewModel(Course Course, Lesson Lesson, IReadOnlyList<Clause> Clauses);

public sealed record UploadViewModel(string? FileName, IReadOnlyList<ContentProblem> Problems, string? Message)
{
    /// <summary>What the import would do (its report, from a run rolled back), waiting for approval under <see cref="Token"/>.</summary>
    public string? Preview { get; init; }

    public string? Token { get; init; }

    public bool OverAppEdits { get; init; }
}
