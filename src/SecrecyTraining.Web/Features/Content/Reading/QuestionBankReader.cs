using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// Reads a YAML bank, <c>questions/&lt;bank&gt;.yaml</c>: <c>bank</c>, <c>title</c> and <c>questions</c>, each with
/// id, type (single | multiple | truefalse), stem, options, answer (letters, or true/false), explanation (optional), clauses, difficulty 1–5, tags.
/// </summary>
internal static partial class QuestionBankReader
{
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
        q.OnlyKeys("id", "type", "stem", "options", "answer", "explanation", "clauses", "difficulty", "tags");
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

        var (options, correct) = type == QuestionType.TrueFalse ? ReadTrueFalse(q) : ReadChoices(q, type.Value);
        return id is null || stem is null || difficulty is null || options is null || correct is null
            ? null
            : new QuestionDoc(id, bank, type.Value, stem, options, correct, explanation, [.. clauses.Select(c => c.Value)], difficulty.Value, tags, q.Where);
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
