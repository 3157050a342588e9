using System.Text;

namespace SecrecyTraining.Web.Features.Content;

public sealed record CoverageRow(string ClauseId, string Heading, int Lessons, int Single, int Multiple, int TrueFalse, int Fill = 0, int Short = 0)
{
    public int Total => Single + Multiple + TrueFalse + Fill + Short;
}

/// <summary>The clause × (lessons, questions by type) matrix: which rules are taught and tested, and which are not.</summary>
public static class ContentCoverage
{
    public const string CsvHeader = "clause,lessons,single,multiple,truefalse,fill,short,total";

    public static IReadOnlyList<CoverageRow> Compute(ContentSet content) =>
        [.. content.Regulations.SelectMany(r => r.Clauses).Select(clause =>
        {
            var questions = content.Questions.Where(q => q.Clauses.Contains(clause.Id)).ToList();
            return new CoverageRow(
                clause.Id,
                clause.Heading,
                content.Courses.SelectMany(c => c.Lessons).Count(l => l.Clauses.Contains(clause.Id)),
                questions.Count(q => q.Type == QuestionType.Single),
                questions.Count(q => q.Type == QuestionType.Multiple),
                questions.Count(q => q.Type == QuestionType.TrueFalse),
                questions.Count(q => q.Type == QuestionType.FillBlank),
                questions.Count(q => q.Type == QuestionType.ShortAnswer));
        })];

    public static string ToCsv(IEnumerable<CoverageRow> rows)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in rows)
        {
            csv.Append($"{r.ClauseId},{r.Lessons},{r.Single},{r.Multiple},{r.TrueFalse},{r.Fill},{r.Short},{r.Total}\n");
        }

        return csv.ToString();
    }

    public static string ToTable(IReadOnlyList<CoverageRow> rows)
    {
        var table = new StringBuilder();
        var width = rows.Count == 0 ? 6 : Math.Max(6, rows.Max(r => r.ClauseId.Length));
        table.Append($"{"clause".PadRight(width)}  lessons  single  multiple  truefalse  fill  short  total  heading\n");
        foreach (var r in rows)
        {
            table.Append($"{r.ClauseId.PadRight(width)}  {r.Lessons,7}  {r.Single,6}  {r.Multiple,8}  {r.TrueFalse,9}  {r.Fill,4}  {r.Short,5}  {r.Total,5}  {r.Heading}\n");
        }

        var untested = rows.Count(r => r.Total == 0);
        var untaught = rows.Count(r => r.Lessons == 0);
        table.Append($"\n{rows.Count} clauses: {untested} without questions, {untaught} without lessons.\n");
        return table.ToString();
    }
}
