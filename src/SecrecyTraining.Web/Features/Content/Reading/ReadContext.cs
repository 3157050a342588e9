namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>What reading the files collects besides the documents: the problems, and every clause citation with its line.</summary>
internal sealed class ReadContext
{
    public List<ContentProblem> Problems { get; } = [];

    public List<(string ClauseId, SourceRef Where)> Citations { get; } = [];

    public void Problem(SourceRef where, string message) => Problems.Add(new(where, message));

    public void Cite(string clauseId, SourceRef where) => Citations.Add((clauseId, where));
}
