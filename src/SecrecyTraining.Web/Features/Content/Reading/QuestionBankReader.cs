using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// Reads a YAML bank, <c>questions/&lt;bank&gt;.yaml</c>: <c>bank</c>, <c>title</c> and <c>questions</c>, each with
/// id, type (single | multiple | truefalse | fill | short), stem, options, answer (letters, or true/false), blanks and normalize
/// (fill), reference and rubric (short), explanation (optional), clauses, difficulty 1–5, tags.
/// </summary>
internal static partial class QuestionBankReader
{
    /// <summary>The keys only one type of question has.</summary>
    private static readonly (string Key, QuestionType Type)[] TypeKeys =
        [("blanks", QuestionType.FillBlank), ("normalize", QuestionType.FillBlank), ("reference", QuestionType.ShortAnswer), ("rubric", QuestionType.ShortAnswer)];

    private static readonly string[] ChoiceKeys = ["options", "answer"];

    public static IReadOnlyList<QuestionDoc> Read(ContentFile file, ReadContext context) => Read(file, context, out _);

    /// <summary>Reads the bank; <paramref name="bank"/> is its id and title (null when the file cannot be read).</summary>
    public static IReadOnlyList<QuestionDoc> Read(ContentFile file, ReadContext context, out BankDoc? bank)
    {
        bank = null;
        var map = YamlMap.Parse(file.Text, file.Path, 0, context.Problems);
        if (map is null)
        {
            return [];
        }

        map.OnlyKeys("bank", "title", "questions");
        var id = map.Text("bank") ?? Path.GetFileNameWithoutExtension(file.Path);
        bank = new BankDoc(id, map.Text("title") ?? id);
        return [.. map.Maps("questions").Select(q => ReadQuestion(q, id, context)).OfType<QuestionDoc>()];
    }

    private static QuestionDoc? ReadQuestion(YamlMap q, string bank, ReadContext context)
    {
        q.OnlyKeys("id", "type", "stem", "options", "answer", "blanks", "normalize", "reference", "rubric", "explanation", "clauses", "difficulty", "tags");
        var id = q.Text("id");
        if (id is not null && !QuestionId().IsMatch(id))
        {
            q.Problem(q.At("id"), $"题目编号 '{id}' 只能包含小写字母、数字、点、横线和下划线。");
        }

        var type = q.Enum("type", Aliases.QuestionTypes);
        var stem = q.Text("stem");
        var explanation = q.Text("explanation", required: false); // optional, as in GIFT and the page
        var clauses = q.List("clauses");
        foreach (var (clause, where) in clauses)
        {
            context.Cite(clause, where);
        }

        var difficulty = q.Int("difficulty", 1, 5);
        var tags = q.List("tags", required: false).Select(t => t.Value).ToList();
        if (type is null)
        {
            return null;
        }

        foreach (var key in TypeKeys.Where(k => k.Type != type.Value && q.Has(k.Key)).Select(k => k.Key))
        {
            q.Problem(q.At(key), $"{Domain.QuestionTypeNames.ChineseName(type.Value)}不应有 {key}。");
        }

        if (type.Value is QuestionType.FillBlank or QuestionType.ShortAnswer)
        {
            foreach (var key in ChoiceKeys.Where(q.Has))
            {
                q.Problem(q.At(key), type.Value == QuestionType.FillBlank
                    ? $"填空题不应有 {key}：每个空的答案写在 blanks 中。"
                    : $"简答题不应有 {key}：参考答案写在 reference 中。");
            }

            return id is null || stem is null || difficulty is null
                ? null
                : type.Value == QuestionType.FillBlank ? ReadFill(q, id, bank, stem, explanation, clauses, difficulty.Value, tags) : ReadShort(q, id, bank, stem, explanation, clauses, difficulty.Value, tags);
        }

        var (options, correct) = type == QuestionType.TrueFalse ? ReadTrueFalse(q) : ReadChoices(q, type.Value);
        return id is null || stem is null || difficulty is null || options is null || correct is null
            ? null
            : new QuestionDoc(id, bank, type.Value, stem, options, correct, explanation, [.. clauses.Select(c => c.Value)], difficulty.Value, tags, q.Where);
    }

    /// <summary>A 填空 question: one list of accepted answers per blank (<c>____</c>) of the stem, in order.</summary>
    private static QuestionDoc? ReadFill(YamlMap q, string id, string bank, string stem, string? explanation,
        IReadOnlyList<(string Value, SourceRef Where)> clauses, int difficulty, IReadOnlyList<string> tags)
    {
        var normalize = q.Bool("normalize", fallback: true);
        if (q.Node("blanks") is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            q.Problem(q.At("blanks"), "填空题须有 blanks：每个空一组可接受的答案，如 - [绝密]。");
            return null;
        }

        var blanks = new List<IReadOnlyList<string>>();
        foreach (var item in sequence.Children)
        {
            var accepted = item switch
            {
                YamlScalarNode { Value: { } text } => text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                YamlSequenceNode list => [.. list.Children.OfType<YamlScalarNode>().Select(a => a.Value?.Trim() ?? "").Where(a => a.Length > 0)],
                _ => [],
            };
            if (accepted.Count == 0)
            {
                q.Problem(q.Ref(item), $"第 {blanks.Count + 1} 个空没有可接受的答案。");
                return null;
            }

            blanks.Add(accepted);
        }

        var count = Blanks.Count(stem);
        if (count != blanks.Count)
        {
            q.Problem(q.At("blanks"), $"题干有 {count} 个空（用 ____ 标出），blanks 有 {blanks.Count} 组答案。");
            return null;
        }

        return normalize is null
            ? null
            : new QuestionDoc(id, bank, QuestionType.FillBlank, stem, [], [], explanation, [.. clauses.Select(c => c.Value)], difficulty, tags, q.Where)
            {
                Blanks = blanks,
                Normalize = normalize.Value,
            };
    }

    /// <summary>A 简答 question: the reference answer, and optionally the rubric the grader follows.</summary>
    private static QuestionDoc? ReadShort(YamlMap q, string id, string bank, string stem, string? explanation,
        IReadOnlyList<(string Value, SourceRef Where)> clauses, int difficulty, IReadOnlyList<string> tags)
    {
        var reference = q.Text("reference");
        return reference is null
            ? null
            : new QuestionDoc(id, bank, QuestionType.ShortAnswer, stem, [], [], explanation, [.. clauses.Select(c => c.Value)], difficulty, tags, q.Where)
            {
                Reference = reference,
                Rubric = q.Text("rubric", required: false),
            };
    }

    private static (IReadOnlyList<QuestionOption>?, IReadOnlyList<int>?) ReadTrueFalse(YamlMap q)
    {
        if (q.Has("options"))
        {
            q.Problem(q.At("options"), "判断题不应有 options（选项固定为 正确/错误）。");
        }

        var answer = q.Bool("answer");
        return answer is null ? (null, null) : (QuestionDoc.TrueFalseOptions(), [answer.Value ? 0 : 1]);
    }

    private static (IReadOnlyList<QuestionOption>?, IReadOnlyList<int>?) ReadChoices(YamlMap q, QuestionType type)
    {
        var options = ReadOptions(q);
        if (options is null)
        {
            return (null, null);
        }

        var letters = q.List("answer");
        var correct = new List<int>();
        foreach (var (letter, where) in letters)
        {
            var index = letter.Length == 1 ? QuestionOption.Letters.IndexOf(char.ToUpperInvariant(letter[0]), StringComparison.Ordinal) : -1;
            if (index < 0 || index >= options.Count)
            {
                q.Problem(where, $"答案 '{letter}' 不是有效选项（可选 A–{QuestionOption.Letters[options.Count - 1]}）。");
                return (options, null);
            }

            if (correct.Contains(index))
            {
                q.Problem(where, $"答案 '{letter}' 重复。");
            }
            else
            {
                correct.Add(index);
            }
        }

        if (letters.Count == 0)
        {
            return (options, null);
        }

        if (type == QuestionType.Single && correct.Count != 1)
        {
            q.Problem(q.At("answer"), $"单选题必须恰好有一个正确答案，实际有 {correct.Count} 个。");
            return (options, null);
        }

        if (type == QuestionType.Multiple && correct.Count < 2)
        {
            q.Problem(q.At("answer"), "多选题至少要有两个正确答案；只有一个正确答案请改为单选题。");
            return (options, null);
        }

        if (type == QuestionType.Multiple && correct.Count == options.Count)
        {
            q.Problem(q.At("answer"), "多选题的选项不能全部正确。");
        }

        correct.Sort();
        return (options, correct);
    }

    private static List<QuestionOption>? ReadOptions(YamlMap q)
    {
        if (q.Node("options") is not YamlSequenceNode sequence)
        {
            q.Problem(q.At("options"), "选择题须有 options 列表。");
            return null;
        }

        var options = new List<QuestionOption>();
        foreach (var item in sequence.Children)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { } text } when !string.IsNullOrWhiteSpace(text):
                    options.Add(new QuestionOption(text.Trim()));
                    break;
                case YamlMappingNode mapping:
                    var option = new YamlMap(mapping, "", 0, []);
                    var optionText = option.Text("text");
                    if (optionText is null)
                    {
                        q.Problem(q.Ref(item), "选项缺少 text。");
                        return null;
                    }

                    options.Add(new QuestionOption(optionText, option.Text("feedback", required: false)));
                    break;
                default:
                    q.Problem(q.Ref(item), "选项不能为空。");
                    return null;
            }
        }

        if (options.Count is < 2 or > 10)
        {
            q.Problem(q.At("options"), $"选择题应有 2 到 10 个选项，实际有 {options.Count} 个。");
            return null;
        }

        foreach (var duplicate in options.GroupBy(o => o.Text).Where(g => g.Count() > 1))
        {
            q.Problem(q.At("options"), $"选项“{duplicate.Key}”重复。");
        }

        return options;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex QuestionId();
}
