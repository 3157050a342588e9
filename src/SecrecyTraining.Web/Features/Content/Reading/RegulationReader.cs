using System.Text.RegularExpressions;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// Reads <c>regulations/*.md</c>: front matter (id, title, issuer, version, effective, optional prefixes) and a body in
/// which every heading below the first level carries its clause id, e.g. <c>### （一）收发登记 {#QD.2.1}</c>.
/// A clause's text runs to the next heading; its parent is the nearest enclosing heading with an id.
/// </summary>
internal static partial class RegulationReader
{
    public static RegulationDoc? Read(ContentFile file, ReadContext context)
    {
        var front = FrontMatter.Read(file, context.Problems);
        if (front is null)
        {
            return null;
        }

        var f = front.Fields;
        f.OnlyKeys("id", "title", "issuer", "version", "effective", "prefixes");
        var id = f.Text("id");
        var title = f.Text("title");
        var issuer = f.Text("issuer");
        var version = f.Text("version");
        var effective = f.Date("effective");
        var prefixes = f.List("prefixes", required: false).Select(p => p.Value).ToList();
        if (id is not null && prefixes.Count == 0)
        {
            prefixes.Add(id);
        }

        var clauses = ReadClauses(file.Path, front.Body, front.BodyFirstLine, prefixes, context.Problems, out var preamble);
        if (clauses.Count == 0)
        {
            context.Problem(f.Where, "规章中没有任何条款（二级及以下标题须带 {#编号}）。");
        }

        return id is null || title is null || issuer is null || version is null || effective is null
            ? null
            : new RegulationDoc(id, title, issuer, version, effective.Value, preamble, clauses, f.Where);
    }

    private static List<ClauseDoc> ReadClauses(
        string path, string body, int firstLine, IReadOnlyList<string> prefixes, List<ContentProblem> problems, out string preamble)
    {
        var clauses = new List<ClauseDoc>();
        var open = new List<(int Level, string? Id)>();
        var text = new List<string>();
        var preambleLines = new List<string>();
        (string Id, string? Parent, string Heading, SourceRef Where)? current = null;

        void Close()
        {
            if (current is { } c)
            {
                clauses.Add(new ClauseDoc(c.Id, c.Parent, c.Heading, string.Join('\n', text).Trim(), clauses.Count, c.Where));
            }

            text.Clear();
        }

        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = new SourceRef(path, firstLine + i);
            var heading = Heading().Match(lines[i]);
            if (!heading.Success)
            {
                (current is null ? preambleLines : text).Add(lines[i]);
                continue;
            }

            Close();
            var level = heading.Groups["hashes"].Length;
            var id = heading.Groups["id"].Success ? heading.Groups["id"].Value : null;
            open.RemoveAll(h => h.Level >= level);
            var parent = open.LastOrDefault(h => h.Id is not null).Id;
            open.Add((level, id));
            current = null;

            if (id is null)
            {
                if (level > 1)
                {
                    problems.Add(new(where, $"标题“{heading.Groups["text"].Value.Trim()}”缺少条款编号，应写作 {{#编号}}。"));
                }

                continue;
            }

            if (!ClauseId().IsMatch(id))
            {
                problems.Add(new(where, $"条款编号 '{id}' 格式不正确（应如 QD.4.1）。"));
            }
            else if (!prefixes.Any(p => id.StartsWith(p + ".", StringComparison.Ordinal)))
            {
                problems.Add(new(where, $"条款编号 '{id}' 应以本规章的编号前缀开头（{string.Join(" / ", prefixes)}）。"));
            }

            current = (id, parent, heading.Groups["text"].Value.Trim(), where);
        }

        Close();
        preamble = string.Join('\n', preambleLines).Trim();

        foreach (var clause in clauses.Where(c => c.Text.Length == 0 && clauses.All(child => child.ParentId != c.Id)))
        {
            problems.Add(new(clause.Source, $"条款 {clause.Id} 没有正文。"));
        }

        return clauses;
    }

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<text>.*?)\s*(?:\{#(?<id>[^}\s]+)\})?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?:\.[0-9A-Za-z]+)+$")]
    private static partial Regex ClauseId();
}
