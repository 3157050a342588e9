using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// A YAML mapping read field by field: each getter reports a missing or malformed value as a problem at the line where it
/// was written (or where it should have been) and returns null, so one pass collects every mistake of a file.
/// </summary>
internal sealed class YamlMap(YamlMappingNode node, string path, int lineOffset, ICollection<ContentProblem> problems)
{
    public SourceRef Where => Ref(node);

    /// <summary>Parses a whole document (or a front-matter block starting after <paramref name="lineOffset"/> lines) whose root must be a mapping.</summary>
    public static YamlMap? Parse(string text, string path, int lineOffset, ICollection<ContentProblem> problems)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            problems.Add(new(new SourceRef(path, (int)e.Start.Line + lineOffset), $"YAML 格式错误：{FirstLine(e.Message)}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this (not a YamlException) on an unclosed [ or {; the last event read is where it opened.
            problems.Add(new(new SourceRef(path, (int)parser.LastLine + lineOffset), "YAML 格式错误：括号 [ 或 { 没有闭合。"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new(new SourceRef(path, lineOffset + 1), "文件内容应为 YAML 映射（key: value）。"));
            return null;
        }

        return new YamlMap(root, path, lineOffset, problems);
    }

    public SourceRef Ref(YamlNode value) => new(path, (int)value.Start.Line + lineOffset);

    public SourceRef At(string key) => Node(key) is { } value ? Ref(value) : Where;

    public void Problem(SourceRef where, string message) => problems.Add(new(where, message));

    public YamlNode? Node(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public bool Has(string key) => Node(key) is not null;

    /// <summary>Reports every key not in <paramref name="known"/>: a misspelt field would otherwise be silently ignored.</summary>
    public void OnlyKeys(params string[] known)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Where(k => !known.Contains(k.Value)))
        {
            Problem(Ref(key), $"未知字段 '{key.Value}'（可用字段：{string.Join(", ", known)}）。");
        }
    }

    public string? Text(string key, bool required = true)
    {
        switch (Node(key))
        {
            case null when required:
                Problem(Where, $"缺少必填字段 '{key}'。");
                return null;
            case null:
                return null;
            case YamlScalarNode { Value: { } value } when !string.IsNullOrWhiteSpace(value):
                return value.Trim();
            case YamlScalarNode when !required:
                return null;
            case var other:
                Problem(Ref(other), $"字段 '{key}' 应为非空文本。");
                return null;
        }
    }

    public int? Int(string key, int min, int max, int? fallback = null) => Number(key, min, max, NumberStyles.Integer, "整数", fallback);

    public decimal? Decimal(string key, decimal min, decimal max) => Number<decimal>(key, min, max, NumberStyles.Number, "数", null);

    private T? Number<T>(string key, T min, T max, NumberStyles styles, string kind, T? fallback)
        where T : struct, System.Numerics.INumber<T>
    {
        var text = Text(key, required: fallback is null);
        if (text is null)
        {
            return fallback;
        }

        if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(At(key), $"字段 '{key}' 应为 {min} 到 {max} 之间的{kind}，实际为 '{text}'。");
        return null;
    }

    public bool? Bool(string key, bool? fallback = null)
    {
        var text = Text(key, required: fallback is null);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "true" or "yes" or "是" or "正确" or "对":
                return true;
            case "false" or "no" or "否" or "错误" or "错":
                return false;
            default:
                Problem(At(key), $"字段 '{key}' 应为 true 或 false，实际为 '{text}'。");
                return null;
        }
    }

    public DateOnly? Date(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Problem(At(key), $"字段 '{key}' 应为日期 yyyy-MM-dd，实际为 '{text}'。");
        return null;
    }

    public TEnum? Enum<TEnum>(string key, IReadOnlyDictionary<string, TEnum>? aliases = null, bool required = true)
        where TEnum : struct, Enum
    {
        var text = Text(key, required);
        return text is null ? null : ParseEnum(text, At(key), key, aliases);
    }

    public TEnum? ParseEnum<TEnum>(string text, SourceRef where, string key, IReadOnlyDictionary<string, TEnum>? aliases = null)
        where TEnum : struct, Enum
    {
        if (aliases is not null && aliases.TryGetValue(text, out var aliased))
        {
            return aliased;
        }

        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var allowed = System.Enum.GetNames<TEnum>().Concat(aliases?.Keys ?? []);
        Problem(where, $"字段 '{key}' 的值 '{text}' 无效（可用值：{string.Join(", ", allowed)}）。");
        return null;
    }

    /// <summary>A list of scalars; a single scalar counts as a list of one.</summary>
    public IReadOnlyList<(string Value, SourceRef Where)> List(string key, bool required = true)
    {
        switch (Node(key))
        {
            case null when required:
                Problem(Where, $"缺少必填字段 '{key}'。");
                return [];
            case null:
                return [];
            case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                return [(scalar.Value!.Trim(), Ref(scalar))];
            case YamlSequenceNode sequence:
                var items = new List<(string, SourceRef)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v))
                    {
                        items.Add((v.Trim(), Ref(item)));
                    }
                    else
                    {
                        Problem(Ref(item), $"字段 '{key}' 的每一项应为非空文本。");
                    }
                }

                if (items.Count == 0 && required)
                {
                    Problem(Ref(sequence), $"字段 '{key}' 不能为空列表。");
                }

                return items;
            case var other:
                Problem(Ref(other), $"字段 '{key}' 应为列表。");
                return [];
        }
    }

    /// <summary>The mappings of a sequence field (each item must be a mapping).</summary>
    public IReadOnlyList<YamlMap> Maps(string key, bool required = true)
    {
        switch (Node(key))
        {
            case null when required:
                Problem(Where, $"缺少必填字段 '{key}'。");
                return [];
            case null:
                return [];
            case YamlSequenceNode sequence:
                var maps = new List<YamlMap>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlMappingNode mapping)
                    {
                        maps.Add(new YamlMap(mapping, path, lineOffset, problems));
                    }
                    else
                    {
                        Problem(Ref(item), $"字段 '{key}' 的每一项应为映射（key: value）。");
                    }
                }

                return maps;
            case var other:
                Problem(Ref(other), $"字段 '{key}' 应为列表。");
                return [];
        }
    }

    /// <summary>A mapping field whose keys are names (as in <c>levels: { Core: …, Important: … }</c>).</summary>
    public IReadOnlyList<(string Key, SourceRef Where, YamlMap Value)> Entries(string key)
    {
        switch (Node(key))
        {
            case null:
                Problem(Where, $"缺少必填字段 '{key}'。");
                return [];
            case YamlMappingNode mapping:
                var entries = new List<(string, SourceRef, YamlMap)>();
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is YamlScalarNode { Value: { } name } && v is YamlMappingNode value)
                    {
                        entries.Add((name, Ref(k), new YamlMap(value, path, lineOffset, problems)));
                    }
                    else
                    {
                        Problem(Ref(k), $"字段 '{key}' 的每一项应为 名称: 映射。");
                    }
                }

                return entries;
            case var other:
                Problem(Ref(other), $"字段 '{key}' 应为映射。");
                return [];
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>Remembers the line of the last event, to place errors the YAML library reports without one.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public long LastLine { get; private set; } = 1;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = current.Start.Line;
            }

            return moved;
        }
    }
}
