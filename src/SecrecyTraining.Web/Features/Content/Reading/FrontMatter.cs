namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>A Markdown file that starts with a YAML block between two <c>---</c> lines.</summary>
internal sealed record FrontMatter(YamlMap Fields, string Body, int BodyFirstLine)
{
    public static FrontMatter? Read(ContentFile file, ICollection<ContentProblem> problems)
    {
        var lines = file.Text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add(new(new SourceRef(file.Path, 1), "文件应以 --- 开头的 YAML 前置信息（front matter）开始。"));
            return null;
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problems.Add(new(new SourceRef(file.Path, 1), "前置信息没有以 --- 结束。"));
            return null;
        }

        var fields = YamlMap.Parse(string.Join('\n', lines[1..end]), file.Path, lineOffset: 1, problems);
        return fields is null ? null : new FrontMatter(fields, string.Join('\n', lines[(end + 1)..]), end + 2);
    }
}
