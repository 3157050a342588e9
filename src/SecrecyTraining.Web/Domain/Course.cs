namespace SecrecyTraining.Web.Domain;

public class Course
{
    public required string Id { get; init; }

    public required string Title { get; set; }

    /// <summary>PreDuty, Refresher or All (see content/README.md).</summary>
    public required string Audience { get; set; }

    /// <summary>The post levels it is for, comma-separated (Core,Important,General).</summary>
    public required string Levels { get; set; }

    /// <summary>学时 credited on completion.</summary>
    public decimal Hours { get; set; }

    public string? Description { get; set; }

    public bool IsRetired { get; set; }

    public List<Lesson> Lessons { get; } = [];
}

/// <summary>A lesson of a course, identified within it by its slug (01-why-secrecy).</summary>
public class Lesson
{
    public int Id { get; init; }

    public required string CourseId { get; init; }

    public required string Slug { get; set; }

    public int Order { get; set; }

    public required string Title { get; set; }

    public int MinimumMinutes { get; set; }

    public required string Markdown { get; set; }

    /// <summary>Set when a clause it cites changed text; cleared by the 保密办 after review.</summary>
    public bool NeedsReview { get; set; }

    public bool IsRetired { get; set; }

    public List<LessonClause> Clauses { get; } = [];
}

public class LessonClause
{
    public int LessonId { get; init; }

    public required string ClauseId { get; init; }
}
