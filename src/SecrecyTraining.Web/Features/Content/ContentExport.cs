using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>
/// The live content (what the database holds now, edits in the page included) written back in the content/ formats, so
/// it can be reviewed, kept in git and imported elsewhere: <c>content export [DIR]</c> and the download on the import
/// page. Read back, it gives the same regulations, questions, courses, blueprints, policy and current commitment texts.
/// Retired items are left out, as are the blueprints the content-refresher job made.
/// </summary>
public sealed class ContentExport(AppDbContext db)
{
    public async Task<IReadOnlyList<ContentFile>> FilesAsync(CancellationToken ct = default)
    {
        var files = new List<ContentFile>();
        files.AddRange(await RegulationsAsync(ct));
        files.AddRange(await CoursesAsync(ct));
        files.AddRange(await BanksAsync(ct));
        files.AddRange((await ExamsAsync(ct)).Select(e => new ContentFile(ExamPath(e.Id), BlueprintYaml.Write(e).Yaml)));
        files.Add(new ContentFile("policy.yaml", await PolicyAsync(ct)));
        files.AddRange(await CommitmentsAsync(ct));
        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private static readonly string[] Folders = ["regulations/", "courses/", "questions/", "exams/", "commitments/"];

    /// <summary>Whether an export writes files at <paramref name="path"/> (a content folder, or policy.yaml).</summary>
    public static bool Writes(string path) => path == "policy.yaml" || Folders.Any(f => path.StartsWith(f, StringComparison.Ordinal));

    /// <summary>
    /// A file name for an id (a bank's may be any text, 保密法规 or a/b): its letters, digits, '-' and '_', the rest as '-',
    /// numbered when two ids come out the same. The file's own <c>bank:</c> key keeps the id itself.
    /// </summary>
    private static string FileName(string id, HashSet<string> taken)
    {
        var name = Safe(id);
        var unique = name;
        for (var n = 2; !taken.Add(unique.ToLowerInvariant()); n++)
        {
            unique = $"{name}-{n}";
        }

        return unique;
    }

    private static string Safe(string id)
    {
        var name = new string([.. id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return name.Length == 0 ? "content" : name;
    }

    /// <summary>Where the export writes a blueprint (the blueprint editor checks a form as that file).</summary>
    public static string ExamPath(string id) => $"exams/{Safe(id)}.yaml";

    /// <summary>The blueprints an export writes (content files, not the refresher's generated ones).</summary>
    public Task<List<ExamBlueprint>> ExamsAsync(CancellationToken ct = default) =>
        db.ExamBlueprints.AsNoTracking()
            .Where(e => !e.IsRetired && !e.Id.StartsWith(Jobs.ContentRefresher.ExamPrefix))
            .OrderBy(e => e.Id).ToListAsync(ct);

    public async Task<string> PolicyAsync(CancellationToken ct = default) =>
        PolicyYaml.Write(await db.CertificationTypes.AsNoTracking().ToListAsync(ct), await db.PostLevelPolicies.AsNoTracking().ToListAsync(ct)).Yaml;

    /// <summary>Writes the files under <paramref name="directory"/> (created if missing); returns how many.</summary>
    public async Task<int> WriteDirectoryAsync(string directory, CancellationToken ct = default)
    {
        var files = await FilesAsync(ct);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Text, new UTF8Encoding(false), ct);
        }

        return files.Count;
    }

    /// <summary>The files as a zip with every path under <c>content/</c>, the layout the upload page accepts.</summary>
    public async Task<byte[]> ZipAsync(CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in await FilesAsync(ct))
            {
                using var entry = zip.CreateEntry("content/" + file.Path, CompressionLevel.Optimal).Open();
                entry.Write(Encoding.UTF8.GetBytes(file.Text));
            }
        }

        return buffer.ToArray();
    }

    private async Task<IEnumerable<ContentFile>> RegulationsAsync(CancellationToken ct)
    {
        var regulations = await db.Regulations.AsNoTracking().Where(r => !r.IsRetired).OrderBy(r => r.SortOrder).ToListAsync(ct);
        var clauses = (await db.Clauses.AsNoTracking().Where(c => !c.IsRetired).ToListAsync(ct)).ToLookup(c => c.RegulationId);
        var names = new HashSet<string>(StringComparer.Ordinal);
        return [.. regulations.Select(r => new ContentFile($"regulations/{FileName(r.Id, names).ToLowerInvariant()}.md", Regulation(r, [.. clauses[r.Id].OrderBy(c => c.SortOrder)])))];
    }

    private static string Regulation(Regulation regulation, IReadOnlyList<Clause> clauses)
    {
        var text = new StringBuilder("---\n");
        text.Append($"id: {ContentYaml.Quote(regulation.Id)}\n");
        text.Append($"title: {ContentYaml.Quote(regulation.Title)}\n");
        text.Append($"issuer: {ContentYaml.Quote(regulation.Issuer)}\n");
        text.Append($"version: {ContentYaml.Quote(regulation.Version)}\n");
        text.Append($"effective: {regulation.Effective:yyyy-MM-dd}\n");
        var prefixes = clauses.Select(c => c.Id.Split('.')[0]).Distinct().ToList();
        if (!prefixes.SequenceEqual([regulation.Id]))
        {
            text.Append($"prefixes: {ContentYaml.List(prefixes)}\n");
        }

        text.Append("---\n\n").Append($"# {regulation.Title}\n\n");
        if (regulation.Preamble.Length > 0)
        {
            text.Append(regulation.Preamble).Append("\n\n");
        }

        var depth = new Dictionary<string, int>();
        foreach (var clause in clauses)
        {
            var level = clause.ParentId is { } parent && depth.TryGetValue(parent, out var d) ? d + 1 : 2;
            depth[clause.Id] = level;
            text.Append(new string('#', Math.Min(level, 6))).Append(' ').Append(clause.Heading).Append(" {#").Append(clause.Id).Append("}\n\n");
            if (clause.Text.Length > 0)
            {
                text.Append(clause.Text).Append("\n\n");
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private async Task<IEnumerable<ContentFile>> CoursesAsync(CancellationToken ct)
    {
        var courses = await db.Courses.AsNoTracking().Where(c => !c.IsRetired).Include(c => c.Lessons).ThenInclude(l => l.Clauses)
            .AsSplitQuery().OrderBy(c => c.Id).ToListAsync(ct);
        var files = new List<ContentFile>();
        foreach (var course in courses)
        {
            var lessons = course.Lessons.Where(l => !l.IsRetired).OrderBy(l => l.Order).ToList();
            var levels = course.Levels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => Enum.Parse<PostLevel>(l).ChineseName());
            var yaml = new YamlLines()
                .Add($"id: {ContentYaml.Quote(course.Id)}")
                .Add($"title: {ContentYaml.Quote(course.Title)}")
                .Add($"audience: {course.Audience}")
                .Add($"levels: [{string.Join(", ", levels)}]")
                .Add($"hours: {ContentYaml.Number(course.Hours)}");
            if (course.Description is { } description)
            {
                yaml.Add($"description: {ContentYaml.Quote(description)}");
            }

            yaml.Add("lessons:");
            foreach (var lesson in lessons)
            {
                yaml.Add($"  - {lesson.Slug}");
                var clauses = lesson.Clauses.Select(c => c.ClauseId).Order(StringComparer.Ordinal);
                files.Add(new ContentFile($"courses/{course.Id}/lessons/{lesson.Slug}.md",
                    $"---\ntitle: {ContentYaml.Quote(lesson.Title)}\nclauses: {ContentYaml.List(clauses)}\nminutes: {lesson.MinimumMinutes}\n---\n\n{lesson.Markdown}\n"));
            }

            files.Add(new ContentFile($"courses/{course.Id}/course.yaml", yaml.ToString()));
        }

        return files;
    }

    private async Task<IEnumerable<ContentFile>> BanksAsync(CancellationToken ct)
    {
        var questions = await db.Questions.AsNoTracking().Where(q => q.IsCurrent).Include(q => q.Clauses).ToListAsync(ct);
        var titles = await db.QuestionBanks.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Title, ct);
        var names = new HashSet<string>(StringComparer.Ordinal);
        return questions.GroupBy(q => q.Bank).OrderBy(g => g.Key, StringComparer.Ordinal).ToList().Select(bank =>
        {
            var yaml = new StringBuilder()
                .Append($"bank: {ContentYaml.Quote(bank.Key)}\n")
                .Append($"title: {ContentYaml.Quote(titles.GetValueOrDefault(bank.Key, bank.Key))}\n")
                .Append("questions:\n");
            foreach (var q in bank.OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                yaml.Append(QuestionYaml(ContentImporter.ToDoc(q)));
            }

            return new ContentFile($"questions/{FileName(bank.Key, names)}.yaml", yaml.ToString());
        });
    }

    /// <summary>One question as an item of a YAML bank's <c>questions</c> list.</summary>
    public static string QuestionYaml(QuestionDoc q)
    {
        var y = new StringBuilder();
        y.Append($"  - id: {ContentYaml.Quote(q.Id)}\n");
        y.Append($"    type: {q.Type.FileName()}\n");
        y.Append($"    stem: {ContentYaml.Quote(q.Stem)}\n");
        if (q.Type == QuestionType.FillBlank)
        {
            y.Append("    blanks:\n");
            foreach (var accepted in q.Blanks)
            {
                y.Append($"      - {ContentYaml.List(accepted)}\n");
            }

            if (!q.Normalize)
            {
                y.Append("    normalize: false\n");
            }
        }
        else if (q.Type == QuestionType.ShortAnswer)
        {
            y.Append($"    reference: {ContentYaml.Quote(q.Reference ?? "")}\n");
            if (q.Rubric is { } rubric)
            {
                y.Append($"    rubric: {ContentYaml.Quote(rubric)}\n");
            }
        }
        else if (q.Type == QuestionType.TrueFalse)
        {
            y.Append($"    answer: {ContentYaml.Bool(q.IsTrue)}\n");
        }
        else
        {
            y.Append("    options:\n");
            foreach (var option in q.Options)
            {
                y.Append(option.Feedback is { } feedback
                    ? $"      - {{ text: {ContentYaml.Quote(option.Text)}, feedback: {ContentYaml.Quote(feedback)} }}\n"
                    : $"      - {ContentYaml.Quote(option.Text)}\n");
            }

            y.Append($"    answer: [{string.Join(", ", q.Correct.Select(i => QuestionOption.Letters[i]))}]\n");
        }

        if (q.Explanation is { } explanation)
        {
            y.Append($"    explanation: {ContentYaml.Quote(explanation)}\n");
        }

        y.Append($"    clauses: {ContentYaml.List(q.Clauses)}\n");
        y.Append($"    difficulty: {q.Difficulty}\n");
        y.Append($"    tags: {ContentYaml.List(q.Tags)}\n\n");
        return y.ToString();
    }

    private async Task<IEnumerable<ContentFile>> CommitmentsAsync(CancellationToken ct)
    {
        var current = await db.CommitmentTexts.AsNoTracking().Where(t => t.IsCurrent).OrderBy(t => t.Kind).ToListAsync(ct);
        return current.Select(t => new ContentFile(
            $"commitments/{(t.Kind == CommitmentKind.OnDuty ? "on-duty" : "off-duty")}.md",
            $"---\nkind: {(t.Kind == CommitmentKind.OnDuty ? "上岗" : "离岗")}\nversion: {ContentYaml.Quote(t.Version)}\ntitle: {ContentYaml.Quote(t.Title)}\n---\n\n{t.Markdown}\n"));
    }
}
