using System.Globalization;
using System.Text;

namespace SecrecyTraining.Web.Features.Content.Gift;

/// <summary>The questions read from a GIFT file, and one problem for every question that was left out.</summary>
public sealed record GiftReadResult(IReadOnlyList<QuestionDoc> Questions, IReadOnlyList<ContentProblem> Problems);

// Reads Moodle's GIFT format (docs.moodle.org/en/GIFT_format). The types our exams score are kept: single choice,
// multiple choice, true/false, short answer (one 填空 blank: "{=answer =alternative}", also in the missing-word position)
// and essay (简答, "{}", whose reference answer travels in a "// reference:" comment). Any other question is reported
// and skipped, so one odd question never hides the rest of a bank. Our own metadata travels in comment lines, which
// Moodle ignores on import.
public static class GiftReader
{
    public const int DefaultDifficulty = 3;

    internal static readonly string[] FormatMarkers = ["[markdown]", "[html]", "[plain]", "[moodle]"];

    private const string CategoryDirective = "$CATEGORY:";
    private static readonly string[] MetadataKeys = ["clauses", "difficulty", "tags", "reference", "rubric"];

    public static GiftReadResult Read(string text, string path, string defaultBank)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new BankReader(path, defaultBank);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
            reader.ReadLine(i + 1, lines[i].Trim());
        reader.EndBlock();
        return new GiftReadResult(reader.Questions, reader.Problems);
    }

    private abstract record Outcome;

    private sealed record Problem(int Line, string Message) : Outcome;

    private sealed record Answers(QuestionType Type, IReadOnlyList<QuestionOption> Options, IReadOnlyList<int> Correct, IReadOnlyList<string>? Accepted = null) : Outcome;

    private sealed record Question(string? Name, string Stem, Answers Answers, string? Explanation) : Outcome;

    private sealed record Metadata(IReadOnlyList<string> Clauses, int Difficulty, IReadOnlyList<string> Tags, string? Reference = null, string? Rubric = null) : Outcome;

    private sealed record Choice(bool Marked, double Weight, string? WeightText, QuestionOption Option, int Line) : Outcome;

    // A question is the run of non-blank lines between blank lines, comment lines left out; offsets map back to lines.
    private sealed class Block
    {
        private readonly int[] starts;
        private readonly int[] lines;

        public Block(IReadOnlyList<(int Line, string Text)> content)
        {
            Text = string.Join('\n', content.Select(c => c.Text));
            lines = [.. content.Select(c => c.Line)];
            starts = new int[content.Count];
            for (var i = 1; i < content.Count; i++)
                starts[i] = starts[i - 1] + content[i - 1].Text.Length + 1;
        }

        public string Text { get; }

        public int FirstLine => lines[0];

        public int LineAt(int offset)
        {
            var i = Array.BinarySearch(starts, offset);
            return lines[i >= 0 ? i : ~i - 1];
        }
    }

    private sealed class BankReader(string path, string defaultBank)
    {
        private readonly List<(int Line, string Text)> content = [];
        private readonly List<(int Line, string Text)> comments = [];
        private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);
        private string bank = defaultBank;

        public List<QuestionDoc> Questions { get; } = [];

        public List<ContentProblem> Problems { get; } = [];

        public void ReadLine(int number, string line)
        {
            if (line.Length == 0)
            {
                EndBlock();
            }
            else if (line.StartsWith("//", StringComparison.Ordinal))
            {
                comments.Add((number, line[2..].Trim()));
            }
            else if (line.StartsWith(CategoryDirective, StringComparison.OrdinalIgnoreCase))
            {
                EndBlock();
                SetCategory(number, line[CategoryDirective.Length..]);
            }
            else
            {
                content.Add((number, line));
            }
        }

        public void EndBlock()
        {
            if (content.Count > 0)
                ReadQuestion(new Block(content));
            else if (comments.Where(c => MetadataKey(c.Text, out _) is not null).Select(c => (int?)c.Line).FirstOrDefault() is { } orphan)
                Report(orphan, "元数据注释后没有题目，已忽略。");
            content.Clear();
            comments.Clear();
        }

        private void SetCategory(int line, string categoryPath)
        {
            // Moodle writes a '/' inside a category name as "//"; only the last segment names our bank.
            var name = categoryPath.Replace("//", "\0", StringComparison.Ordinal).Split('/')
                .Select(s => s.Replace('\0', '/').Trim())
                .LastOrDefault(s => s.Length > 0);
            if (name is null)
                Report(line, "$CATEGORY 后缺少分类名称。");
            else
                bank = name;
        }

        private void ReadQuestion(Block block)
        {
            var position = positions[bank] = positions.GetValueOrDefault(bank) + 1;
            var parsed = ParseQuestion(block);
            var metadata = ReadMetadata(comments);
            if ((parsed as Problem ?? metadata as Problem) is { } problem)
            {
                Report(problem.Line, problem.Message);
                return;
            }

            var (question, meta) = ((Question)parsed, (Metadata)metadata);
            if (question.Answers.Type == QuestionType.ShortAnswer && meta.Reference is null)
            {
                Report(block.FirstLine, "论述题（essay）缺少参考答案：请在题目前加注释 // reference: 参考答案。");
                return;
            }

            var id = string.IsNullOrEmpty(question.Name) ? string.Create(CultureInfo.InvariantCulture, $"{bank}-{position}") : question.Name;
            Questions.Add(new QuestionDoc(id, bank, question.Answers.Type, question.Stem, question.Answers.Options, question.Answers.Correct,
                question.Explanation, meta.Clauses, meta.Difficulty, meta.Tags, new SourceRef(path, block.FirstLine))
            {
                Blanks = question.Answers.Accepted is { } accepted ? [accepted] : [],
                Reference = question.Answers.Type == QuestionType.ShortAnswer ? meta.Reference : null,
                Rubric = question.Answers.Type == QuestionType.ShortAnswer ? meta.Rubric : null,
            });
        }

        private void Report(int line, string message) => Problems.Add(new ContentProblem(new SourceRef(path, line), message));
    }

    private static Outcome ReadMetadata(List<(int Line, string Text)> comments)
    {
        var clauses = new List<string>();
        var tags = new List<string>();
        var difficulty = DefaultDifficulty;
        string? reference = null;
        string? rubric = null;
        foreach (var (line, comment) in comments)
        {
            var key = MetadataKey(comment, out var value);
            if (key == "clauses")
                clauses.AddRange(SplitList(value));
            else if (key == "tags")
                tags.AddRange(SplitList(value));
            else if (key == "reference" && value.Length > 0)
                reference = value;
            else if (key == "rubric" && value.Length > 0)
                rubric = value;
            else if (key == "difficulty" && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out difficulty))
                return new Problem(line, $"难度应为整数：“{value}”。");
        }

        return new Metadata(clauses, difficulty, tags, reference, rubric);
    }

    private static string? MetadataKey(string comment, out string value)
    {
        var colon = comment.IndexOfAny([':', '：']);
        value = colon < 0 ? "" : comment[(colon + 1)..].Trim();
        if (colon < 0)
            return null;
        var key = comment[..colon].Trim();
        return Array.Find(MetadataKeys, k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
    }

    private static string[] SplitList(string value) =>
        value.Split([',', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Outcome ParseQuestion(Block block)
    {
        var text = block.Text;
        var first = block.FirstLine;
        string? name = null;
        var stemStart = 0;
        if (text.StartsWith("::", StringComparison.Ordinal))
        {
            var end = IndexOfUnescaped(text, "::", 2);
            if (end < 0)
                return new Problem(first, "题目名称缺少结尾的“::”。");
            name = Unescape(text[2..end]).Trim();
            stemStart = end + 2;
        }

        var open = IndexOfUnescaped(text, "{", stemStart);
        if (open < 0)
        {
            var stray = IndexOfUnescaped(text, "}", stemStart);
            return stray >= 0
                ? new Problem(block.LineAt(stray), "答案块缺少开头的“{”。")
                : Unsupported(first, "说明（description）");
        }

        var close = IndexOfUnescaped(text, "}", open + 1);
        if (close < 0)
            return new Problem(block.LineAt(open), "答案块缺少结尾的“}”。");
        var nested = IndexOfUnescaped(text[..close], "{", open + 1);
        if (nested >= 0)
            return new Problem(block.LineAt(nested), "答案块中的“{”应写成“\\{”。");

        var answerBlock = text[(open + 1)..close];
        var general = IndexOfUnescaped(answerBlock, "####", 0);
        var answers = general >= 0 ? answerBlock[..general] : answerBlock;
        if (UnsupportedType(answers.Trim()) is { } type)
            return Unsupported(first, type);
        var shortAnswer = IsShortAnswer(answers.Trim());
        var trailing = text[(close + 1)..];
        if (trailing.Trim().Length > 0 && !shortAnswer)
            return Unsupported(first, "选择式填空题（missing word）");
        // A short answer is one blank where its answer block stands (after the stem when nothing follows the block).
        var stemText = shortAnswer ? text[stemStart..open].TrimEnd() + "____" + trailing.TrimStart() : text[stemStart..open];
        if (CleanText(stemText) is not { } stem || stem == "____")
            return new Problem(first, "题目缺少题干。");

        var parsed = answers.Trim().Length == 0 ? new Answers(QuestionType.ShortAnswer, [], [])
            : shortAnswer ? ParseShortAnswer(answers, block.LineAt(open))
            : IsTrueFalse(answers.Trim())
            ? ParseTrueFalse(answers.Trim(), block.LineAt(open))
            : ParseChoices(block, answers, open + 1);
        var explanation = general >= 0 ? CleanText(answerBlock[(general + 4)..]) : null;
        return parsed is Answers ok ? new Question(name, stem, ok, explanation) : parsed;
    }

    private static Problem Unsupported(int line, string type) => new(line, $"不支持的 GIFT 题型：{type}，已跳过。");

    private static string? UnsupportedType(string answers)
    {
        if (answers.Length > 0 && answers[0] == '#')
            return "数值题（numerical）";
        return answers.Length > 0 && !IsTrueFalse(answers) && IndexOfUnescaped(answers, "~", 0) < 0 && IndexOfUnescaped(answers, "->", 0) >= 0
            ? "匹配题（matching）"
            : null;
    }

    // Moodle's short answer: only "=" answers (no "~" wrong ones, no matching pairs).
    private static bool IsShortAnswer(string answers) =>
        answers.Length > 0 && !IsTrueFalse(answers) && IndexOfUnescaped(answers, "~", 0) < 0
        && IndexOfUnescaped(answers, "->", 0) < 0 && IndexOfUnescaped(answers, "=", 0) >= 0;

    // The accepted answers of a short answer; a partial weight (=%50%…) has no counterpart in a 填空 blank.
    private static Outcome ParseShortAnswer(string answers, int line)
    {
        var accepted = new List<string>();
        foreach (var raw in SplitUnescaped(answers, "=").Skip(1))
        {
            var text = raw;
            var hash = IndexOfUnescaped(text, "#", 0);
            text = hash >= 0 ? text[..hash] : text;
            if (text.TrimStart().StartsWith('%'))
            {
                var end = text.IndexOf('%', text.IndexOf('%') + 1);
                var weight = end > 0 ? text[(text.IndexOf('%') + 1)..end] : "";
                if (weight.Trim() != "100")
                    return new Problem(line, $"填空题的答案不支持部分得分：%{weight}%。");
                text = text[(end + 1)..];
            }

            if (CleanText(text) is { } answer)
                accepted.Add(answer);
        }

        return accepted.Count == 0 ? new Problem(line, "填空题缺少可接受的答案。") : new Answers(QuestionType.FillBlank, [], [], accepted);
    }

    private static bool IsTrueFalse(string answers)
    {
        var hash = IndexOfUnescaped(answers, "#", 0);
        var value = (hash < 0 ? answers : answers[..hash]).Trim();
        return value.ToUpperInvariant() is "T" or "F" or "TRUE" or "FALSE";
    }

    private static Outcome ParseTrueFalse(string answers, int line)
    {
        var parts = SplitUnescaped(answers, "#");
        if (parts.Count > 3)
            return new Problem(line, "判断题最多两段反馈：{T#答错时的反馈#答对时的反馈}。");
        var isTrue = parts[0].Trim().ToUpperInvariant() is "T" or "TRUE";
        var wrong = parts.Count > 1 ? CleanText(parts[1]) : null;
        var right = parts.Count > 2 ? CleanText(parts[2]) : null;
        // Moodle shows the first feedback to whoever answers wrongly, the second to whoever answers rightly;
        // our options carry the feedback shown to whoever chooses them.
        var options = isTrue ? QuestionDoc.TrueFalseOptions(right, wrong) : QuestionDoc.TrueFalseOptions(wrong, right);
        return new Answers(QuestionType.TrueFalse, options, [isTrue ? 0 : 1]);
    }

    private static Outcome ParseChoices(Block block, string answers, int offset)
    {
        var markers = new List<int>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] == '\\')
                i++;
            else if (answers[i] is '=' or '~')
                markers.Add(i);
        }

        var lead = markers.Count == 0 ? answers : answers[..markers[0]];
        if (lead.Trim().Length > 0)
        {
            var line = block.LineAt(offset + lead.Length - lead.TrimStart().Length);
            return new Problem(line, $"无法识别的答案“{lead.Trim()}”：选项应以 = 或 ~ 开头。");
        }

        var choices = new List<Choice>();
        for (var k = 0; k < markers.Count; k++)
        {
            var end = k + 1 < markers.Count ? markers[k + 1] : answers.Length;
            var raw = answers[(markers[k] + 1)..end];
            var parsed = ParseChoice(raw, answers[markers[k]] == '=', block.LineAt(offset + markers[k]));
            if (parsed is not Choice choice)
                return parsed;
            choices.Add(choice);
        }

        return choices.Exists(c => c.Marked) ? SingleChoice(choices, block.FirstLine) : MultipleChoice(choices, block.FirstLine);
    }

    private static Outcome ParseChoice(string raw, bool marked, int line)
    {
        var body = raw.TrimStart();
        double weight = marked ? 100 : 0;
        string? weightText = null;
        if (body.StartsWith('%'))
        {
            var end = body.IndexOf('%', 1);
            if (end < 0)
                return new Problem(line, "权重缺少结尾的“%”。");
            weightText = body[..(end + 1)];
            var styles = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
            if (!double.TryParse(body[1..end], styles, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight))
                return new Problem(line, $"权重不是数字：{weightText}。");
            if (weight is < -100 or > 100)
                return new Problem(line, $"权重超出 -100 到 100 的范围：{weightText}。");
            body = body[(end + 1)..];
        }

        var hash = IndexOfUnescaped(body, "#", 0);
        if (CleanText(hash >= 0 ? body[..hash] : body) is not { } text)
            return new Problem(line, "选项内容为空。");
        var feedback = hash >= 0 ? CleanText(body[(hash + 1)..]) : null;
        return new Choice(marked, weight, weightText, new QuestionOption(text, feedback), line);
    }

    private static Outcome SingleChoice(List<Choice> choices, int line)
    {
        // Our exams score a question as right or wrong, so Moodle's partial credit has nowhere to go.
        if (choices.Find(c => c.Weight is > 0 and < 100) is { } partial)
            return new Problem(partial.Line, $"单选题不支持部分得分：{partial.WeightText}。");
        var correct = Indexes(choices, c => c.Weight >= 100);
        if (correct.Count == 0)
            return new Problem(line, "题目缺少正确答案。");
        if (correct.Count > 1)
            return new Problem(line, $"单选题只能有一个正确答案（=），这里有 {correct.Count} 个。");
        return new Answers(QuestionType.Single, [.. choices.Select(c => c.Option)], correct);
    }

    private static Outcome MultipleChoice(List<Choice> choices, int line)
    {
        var correct = Indexes(choices, c => c.Weight > 0);
        if (correct.Count == 0)
            return new Problem(line, "题目缺少正确答案。");
        if (choices.Count < 2)
            return new Problem(line, "选择题至少需要两个选项。");
        // Moodle accepts positive weights that round to 100% (three times 33.33333%).
        var sum = choices.Where(c => c.Weight > 0).Sum(c => c.Weight);
        if (Math.Abs(sum - 100) >= 0.5)
            return new Problem(line, string.Create(CultureInfo.InvariantCulture, $"多选题正确选项的权重之和应为 100%，实为 {sum:0.#####}%。"));
        return new Answers(QuestionType.Multiple, [.. choices.Select(c => c.Option)], correct);
    }

    private static List<int> Indexes(List<Choice> choices, Func<Choice, bool> predicate) =>
        [.. choices.Select((c, i) => (c, i)).Where(x => predicate(x.c)).Select(x => x.i)];

    // Trimmed, without a leading format marker, unescaped; null when nothing is left.
    private static string? CleanText(string raw)
    {
        var text = raw.Trim();
        var marker = Array.Find(FormatMarkers, m => text.StartsWith(m, StringComparison.OrdinalIgnoreCase));
        if (marker is not null)
            text = text[marker.Length..].TrimStart();
        return text.Length == 0 ? null : Unescape(text);
    }

    private static int IndexOfUnescaped(string text, string target, int start)
    {
        for (var i = start; i <= text.Length - target.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (string.CompareOrdinal(text, i, target, 0, target.Length) == 0)
                return i;
        }

        return -1;
    }

    private static List<string> SplitUnescaped(string text, string separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var at = IndexOfUnescaped(text, separator, 0); at >= 0; at = IndexOfUnescaped(text, separator, start))
        {
            parts.Add(text[start..at]);
            start = at + separator.Length;
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
            return text;
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (text[i] == '\\' && next is '~' or '=' or '#' or '{' or '}' or ':' or '\\' or 'n')
            {
                plain.Append(next == 'n' ? '\n' : next);
                i++;
            }
            else
            {
                plain.Append(text[i]);
            }
        }

        return plain.ToString();
    }
}
