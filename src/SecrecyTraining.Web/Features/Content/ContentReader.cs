using SecrecyTraining.Web.Features.Content.Gift;
using SecrecyTraining.Web.Features.Content.Reading;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The outcome of reading a content set: the documents, or every problem found (then nothing may be imported).</summary>
public sealed record ContentReadResult(ContentSet Content, IReadOnlyList<ContentProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads a whole content set (see content/README.md for the layout and formats) and checks it across files:
/// unique ids, every cited clause exists, every blueprint rule can be filled from the bank.
/// </summary>
public static class ContentReader
{
    public static ContentReadResult Read(IReadOnlyList<ContentFile> files)
    {
        var context = new ReadContext();
        var regulations = new List<RegulationDoc>();
        var courses = new List<CourseDoc>();
        var questions = new List<QuestionDoc>();
        var exams = new List<ExamDoc>();
        var commitments = new List<CommitmentDoc>();
        var banks = new List<BankDoc>();
        PolicyDoc? policy = null;

        foreach (var file in files)
        {
            var parts = file.Path.Split('/');
            var extension = Path.GetExtension(file.Path).ToLowerInvariant();
            switch (parts[0], parts.Length, extension)
            {
                case ("regulations", 2, ".md"):
                    Add(regulations, RegulationReader.Read(file, context));
                    break;
                case ("courses", 3, ".yaml") when parts[2] == "course.yaml":
                    Add(courses, CourseReader.Read(file, files, context));
                    break;
                case ("courses", 4, ".md") when parts[2] == "lessons":
                    break; // read with its course.yaml, which reports lessons it does not list
                case ("questions", 2, ".yaml" or ".yml"):
                    questions.AddRange(QuestionBankReader.Read(file, context, out var bank));
                    Add(banks, bank);
                    break;
                case ("questions", 2, ".gift" or ".txt"):
                    var gift = GiftReader.Read(file.Text, file.Path, Path.GetFileNameWithoutExtension(file.Path));
                    context.Problems.AddRange(gift.Problems);
                    foreach (var q in gift.Questions)
                    {
                        q.Clauses.ToList().ForEach(c => context.Cite(c, q.Source));
                    }

                    questions.AddRange(gift.Questions);
                    banks.AddRange(gift.Questions.Select(q => q.Bank).Distinct().Select(b => new BankDoc(b, b)));
                    break;
                case ("exams", 2, ".yaml" or ".yml"):
                    Add(exams, ExamReader.Read(file, context));
                    break;
                case ("policy.yaml", 1, _):
                    policy = PolicyReader.Read(file, context);
                    break;
                case ("commitments", 2, ".md"):
                    Add(commitments, CommitmentReader.Read(file, context));
                    break;
                default:
                    context.Problem(new SourceRef(file.Path, 1),
                        "不认识的内容文件（见 content/README.md 的目录结构；课程须有 courses/<名称>/course.yaml）。");
                    break;
            }
        }

        var content = new ContentSet(ContentFiles.Hash(files), regulations, courses, questions, exams, policy, commitments)
        {
            Banks = [.. banks.DistinctBy(b => b.Id)],
        };
        ContentRules.Check(content, context);
        var problems = context.Problems
            .Distinct()
            .OrderBy(p => p.Where.Path, StringComparer.Ordinal).ThenBy(p => p.Where.Line)
            .ToList();
        return new ContentReadResult(content, problems);
    }

    private static void Add<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }
}
