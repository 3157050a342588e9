using System.Text.RegularExpressions;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// Reads <c>courses/&lt;slug&gt;/course.yaml</c> and the lessons it lists, <c>courses/&lt;slug&gt;/lessons/NN-&lt;slug&gt;.md</c>,
/// in the order the course gives. A lesson file the course does not list is a mistake, not an orphan to ignore.
/// </summary>
internal static partial class CourseReader
{
    public static CourseDoc? Read(ContentFile courseFile, IReadOnlyList<ContentFile> all, ReadContext context)
    {
        var map = YamlMap.Parse(courseFile.Text, courseFile.Path, 0, context.Problems);
        if (map is null)
        {
            return null;
        }

        map.OnlyKeys("id", "title", "audience", "levels", "hours", "description", "lessons");
        var folder = courseFile.Path[..courseFile.Path.LastIndexOf('/')];
        var id = map.Text("id");
        var title = map.Text("title");
        var audience = map.Enum<CourseAudience>("audience");
        var levels = map.List("levels")
            .Select(l => map.ParseEnum(l.Value, l.Where, "levels", Aliases.Levels))
            .OfType<Domain.PostLevel>().Distinct().ToList();
        var hours = map.Decimal("hours", 0.5m, 200m);
        var description = map.Text("description", required: false);

        var lessons = new List<LessonDoc>();
        var listed = map.List("lessons");
        foreach (var (slug, where) in listed)
        {
            var lessonPath = $"{folder}/lessons/{slug}.md";
            var lessonFile = all.FirstOrDefault(f => f.Path == lessonPath);
            if (lessonFile is null)
            {
                context.Problem(where, $"课时文件 {lessonPath} 不存在。");
                continue;
            }

            if (ReadLesson(lessonFile, slug, lessons.Count + 1, context) is { } lesson)
            {
                lessons.Add(lesson);
            }
        }

        foreach (var orphan in all.Where(f => f.Path.StartsWith(folder + "/lessons/", StringComparison.Ordinal)
                                              && !listed.Any(l => f.Path == $"{folder}/lessons/{l.Value}.md")))
        {
            context.Problem(new SourceRef(orphan.Path, 1), $"课时文件未在 {courseFile.Path} 的 lessons 中列出。");
        }

        return id is null || title is null || audience is null || hours is null || levels.Count == 0
            ? null
            : new CourseDoc(id, title, audience.Value, levels, hours.Value, description, lessons, map.Where);
    }

    private static LessonDoc? ReadLesson(ContentFile file, string slug, int order, ReadContext context)
    {
        if (!LessonName().IsMatch(slug))
        {
            context.Problem(new SourceRef(file.Path, 1), $"课时文件名 '{slug}.md' 应为 NN-名称.md（如 01-why-secrecy.md）。");
        }

        var front = FrontMatter.Read(file, context.Problems);
        if (front is null)
        {
            return null;
        }

        var f = front.Fields;
        f.OnlyKeys("title", "clauses", "minutes");
        var title = f.Text("title");
        var clauses = f.List("clauses");
        foreach (var (clause, where) in clauses)
        {
            context.Cite(clause, where);
        }

        var minutes = f.Int("minutes", 1, 240);
        if (string.IsNullOrWhiteSpace(front.Body))
        {
            context.Problem(new SourceRef(file.Path, front.BodyFirstLine), "课时没有正文。");
        }

        return title is null || minutes is null
            ? null
            : new LessonDoc(slug, order, title, [.. clauses.Select(c => c.Value)], minutes.Value, front.Body.Trim(), f.Where);
    }

    [GeneratedRegex(@"^\d{2}-[a-z0-9][a-z0-9-]*$")]
    private static partial Regex LessonName();
}
