using System.Text.RegularExpressions;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>One row of a 题库 sheet read into the editor's form, with the clauses recognised in its text and its problems.</summary>
public sealed record QuestionSheetRow(int Line, QuestionForm Form, IReadOnlyList<string> RecognisedClauses, IReadOnlyList<SheetProblem> Problems);

/// <summary>A regulation as the sheet's text may name it: its id, and the names 《…》 may hold.</summary>
public sealed record RegulationName(string Id, IReadOnlyList<string> Names);

/// <summary>
/// The layout Chinese exam systems use for a 题库 in Excel, one question per row: 题型 | 题干 | 选项A…选项H | 答案 | 解析 | 难度 |
/// 知识点/出处 | 分值 (with the synonyms those systems write), plus optional 编号, 条款 and 标签. The same layout is exported, so
/// an export imports back to the same questions. Clauses come from 条款 (ids), or are recognised in 解析 and 出处 text such
/// as 《保密法》第二十八条 or 《保密管理工作制度》三（四）.
/// </summary>
public static partial class QuestionSheet
{
    public const string TypeColumn = "题型";
    public const string KeyColumn = "编号";
    public const string StemColumn = "题干";
    public const string AnswerColumn = "答案";
    public const string ExplanationColumn = "解析";
    public const string DifficultyColumn = "难度";
    public const string SourceColumn = "知识点/出处";
    public const string PointsColumn = "分值";
    public const string ClausesColumn = "条款";
    public const string TagsColumn = "标签";
    public const string BankColumn = "题库";
    public const string VersionColumn = "版本";
    public const string RubricColumn = "评分要点";

    public static string OptionColumn(int index) => "选项" + QuestionOption.Letters[index];

    /// <summary>The header row written by the export and the template.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        KeyColumn, VersionColumn, BankColumn, TypeColumn, StemColumn, .. Enumerable.Range(0, QuestionForm.OptionSlots).Select(OptionColumn),
        AnswerColumn, ExplanationColumn, DifficultyColumn, SourceColumn, PointsColumn, ClausesColumn, TagsColumn, RubricColumn,
    ];

    /// <summary>A question as an export row: the header is <see cref="Columns"/>; it reads back to the same question.</summary>
    public static Dictionary<string, object?> ToRow(Domain.Question q)
    {
        var row = Columns.ToDictionary(c => c, _ => (object?)"");
        row[KeyColumn] = q.Key;
        row[VersionColumn] = q.Version;
        row[BankColumn] = q.Bank;
        row[TypeColumn] = Domain.QuestionTypeNames.ChineseName(q.Type);
        row[StemColumn] = q.Stem;
        if (q.Type == QuestionType.FillBlank)
        {
            row[AnswerColumn] = string.Join("|", q.Blanks.Select(b => string.Join(";", b)));
        }
        else if (q.Type == QuestionType.ShortAnswer)
        {
            row[AnswerColumn] = q.ReferenceAnswer ?? "";
            row[RubricColumn] = q.Rubric ?? "";
        }
        else if (q.Type == QuestionType.TrueFalse)
        {
            row[AnswerColumn] = q.Correct.SequenceEqual([0]) ? "对" : "错";
        }
        else
        {
            for (var i = 0; i < q.Options.Count && i < QuestionForm.OptionSlots; i++)
            {
                row[OptionColumn(i)] = q.Options[i].Text;
            }

            row[AnswerColumn] = string.Concat(q.Correct.Order().Select(i => QuestionOption.Letters[i]));
        }

        row[ExplanationColumn] = q.Explanation ?? "";
        row[DifficultyColumn] = q.Difficulty;
        row[ClausesColumn] = string.Join(", ", q.Clauses.Select(c => c.ClauseId).Order(StringComparer.Ordinal));
        row[TagsColumn] = q.Tags.Replace(",", ", ", StringComparison.Ordinal);
        return row;
    }

    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms();

    private static Dictionary<string, string> BuildSynonyms()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string column, params string[] names)
        {
            foreach (var name in names.Append(column))
            {
                map[name] = column;
            }
        }

        Add(KeyColumn, "题号", "试题编号", "题目编号", "id");
        Add(VersionColumn, "version");
        Add(BankColumn, "题库名称", "bank");
        Add(TypeColumn, "试题类型", "题目类型", "类型", "type");
        Add(StemColumn, "题目", "试题", "题目内容", "试题内容", "题干内容", "stem");
        Add(AnswerColumn, "正确答案", "标准答案", "参考答案", "answer");
        Add(ExplanationColumn, "试题解析", "答案解析", "解释", "explanation");
        Add(DifficultyColumn, "难易程度", "难度系数", "difficulty");
        Add(SourceColumn, "知识点", "出处", "依据", "知识点出处", "出处/知识点");
        Add(PointsColumn, "分数", "分", "points");
        Add(ClausesColumn, "条款编号", "clauses");
        Add(TagsColumn, "tags");
        Add(RubricColumn, "评分标准", "评分说明", "rubric");
        for (var i = 0; i < QuestionForm.OptionSlots; i++)
        {
            var letter = QuestionOption.Letters[i].ToString();
            Add(OptionColumn(i), "选项 " + letter, letter, "选项" + letter.ToLowerInvariant(), "option" + letter);
        }

        return map;
    }

    private static readonly Dictionary<string, QuestionType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["单选"] = QuestionType.Single,
        ["单选题"] = QuestionType.Single,
        ["单项选择题"] = QuestionType.Single,
        ["单项选择"] = QuestionType.Single,
        ["1"] = QuestionType.Single,
        ["single"] = QuestionType.Single,
        ["多选"] = QuestionType.Multiple,
        ["多选题"] = QuestionType.Multiple,
        ["多项选择题"] = QuestionType.Multiple,
        ["多项选择"] = QuestionType.Multiple,
        ["2"] = QuestionType.Multiple,
        ["multiple"] = QuestionType.Multiple,
        ["判断"] = QuestionType.TrueFalse,
        ["判断题"] = QuestionType.TrueFalse,
        ["3"] = QuestionType.TrueFalse,
        ["truefalse"] = QuestionType.TrueFalse,
        ["填空"] = QuestionType.FillBlank,
        ["填空题"] = QuestionType.FillBlank,
        ["4"] = QuestionType.FillBlank,
        ["fill"] = QuestionType.FillBlank,
        ["简答"] = QuestionType.ShortAnswer,
        ["简答题"] = QuestionType.ShortAnswer,
        ["问答"] = QuestionType.ShortAnswer,
        ["问答题"] = QuestionType.ShortAnswer,
        ["5"] = QuestionType.ShortAnswer,
        ["short"] = QuestionType.ShortAnswer,
    };

    private static readonly Dictionary<string, bool> Judgements = new(StringComparer.OrdinalIgnoreCase)
    {
        ["对"] = true,
        ["√"] = true,
        ["✓"] = true,
        ["正确"] = true,
        ["是"] = true,
        ["T"] = true,
        ["true"] = true,
        ["Y"] = true,
        ["错"] = false,
        ["×"] = false,
        ["✗"] = false,
        ["x"] = false,
        ["错误"] = false,
        ["否"] = false,
        ["F"] = false,
        ["false"] = false,
        ["N"] = false,
    };

    private static readonly Dictionary<string, int> Difficulties = new(StringComparer.Ordinal)
    {
        ["易"] = 1,
        ["容易"] = 1,
        ["简单"] = 1,
        ["较易"] = 2,
        ["中"] = 3,
        ["中等"] = 3,
        ["一般"] = 3,
        ["较难"] = 4,
        ["难"] = 5,
        ["困难"] = 5,
    };

    /// <summary>The problems of the header row (row 1), or none.</summary>
    public static IReadOnlyList<SheetProblem> HeaderProblems(IReadOnlyList<SheetRow> rows)
    {
        if (rows.Count == 0)
        {
            return [new(Ui.Key("文件中没有题目"))];
        }

        var columns = rows[0].Cells.Keys.Select(k => Synonyms.GetValueOrDefault(k.Replace(" ", "", StringComparison.Ordinal)) ?? Synonyms.GetValueOrDefault(k)).ToHashSet();
        return columns.Contains(TypeColumn) && columns.Contains(StemColumn) && columns.Contains(AnswerColumn)
            ? []
            : [new(Ui.Key("第 1 行缺少必需的列：需要 题型、题干、答案（可选 选项A…选项H、解析、难度、知识点/出处、分值、条款、编号、题库）"))];
    }

    /// <summary>Reads each row into the editor's form; what the content reader checks is left to it (its problems are added per row later).</summary>
    public static IReadOnlyList<QuestionSheetRow> Parse(IReadOnlyList<SheetRow> rows, string? bank, IReadOnlyList<RegulationName> regulations, IReadOnlySet<string> clauseIds)
    {
        var result = new List<QuestionSheetRow>();
        var stems = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var cells = row.Cells.GroupBy(c => Synonyms.GetValueOrDefault(c.Key.Replace(" ", "", StringComparison.Ordinal)) ?? Synonyms.GetValueOrDefault(c.Key) ?? "")
                .Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First().Value);
            string Cell(string column) => cells.GetValueOrDefault(column, "");
            var problems = new List<SheetProblem>();
            var form = new QuestionForm
            {
                Key = Cell(KeyColumn).Length > 0 ? Cell(KeyColumn) : null,
                BaseVersion = int.TryParse(Cell(VersionColumn), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null,
                Bank = Cell(BankColumn).Length > 0 ? Cell(BankColumn) : bank,
                Stem = Cell(StemColumn),
                Explanation = Cell(ExplanationColumn),
                Tags = Cell(TagsColumn),
                Options = [.. Enumerable.Range(0, QuestionForm.OptionSlots).Select(i => (string?)Cell(OptionColumn(i)))],
            };

            var typeText = Cell(TypeColumn).Replace(" ", "", StringComparison.Ordinal);
            if (typeText.Length == 0)
            {
                problems.Add(new(Ui.Key("第 {0} 行：缺少题型"), row.Line));
            }
            else if (!Types.TryGetValue(typeText, out var type))
            {
                problems.Add(new(Ui.Key("第 {0} 行：题型“{1}”无法识别（可写 单选、多选、判断、填空、简答，或 1–5）"), row.Line, typeText));
            }
            else
            {
                form.Type = type;
                form.Rubric = Cell(RubricColumn).Length > 0 ? Cell(RubricColumn) : null;
            }

            if (form.Stem.Length == 0)
            {
                problems.Add(new(Ui.Key("第 {0} 行：缺少题干"), row.Line));
            }
            else if (stems.TryGetValue(form.Stem, out var first))
            {
                problems.Add(new(Ui.Key("第 {0} 行：题干与第 {1} 行重复"), row.Line, first));
            }
            else
            {
                stems[form.Stem] = row.Line;
            }

            ReadAnswer(Cell(AnswerColumn), form, row.Line, problems);
            form.Difficulty = ReadDifficulty(Cell(DifficultyColumn), row.Line, problems);
            var recognised = new List<string>();
            if (Cell(ClausesColumn).Length > 0)
            {
                form.Clauses = Cell(ClausesColumn);
            }
            else
            {
                recognised = Recognise(Cell(ExplanationColumn) + "\n" + Cell(SourceColumn), regulations, clauseIds, row.Line, problems);
                form.Clauses = string.Join(", ", recognised);
                if (recognised.Count == 0 && problems.Count == 0)
                {
                    problems.Add(new(Ui.Key("第 {0} 行：没有条款：请填写“条款”列，或在解析、出处中写明如《保密法》第二十八条"), row.Line));
                }
            }

            result.Add(new QuestionSheetRow(row.Line, form, recognised, problems));
        }

        return result;
    }

    private static void ReadAnswer(string answer, QuestionForm form, int line, List<SheetProblem> problems)
    {
        answer = answer.Trim();
        if (answer.Length == 0)
        {
            problems.Add(new(Ui.Key("第 {0} 行：缺少答案"), line));
            return;
        }

        if (form.Type == QuestionType.FillBlank)
        {
            // Blanks separated by |, each blank's alternatives by ; (as Chinese exam systems write them).
            form.BlankAnswers = string.Join("\n", answer.Split(['|', '｜']).Select(b => b.Trim()));
            return;
        }

        if (form.Type == QuestionType.ShortAnswer)
        {
            form.Reference = answer;
            return;
        }

        if (form.Type == QuestionType.TrueFalse)
        {
            if (Judgements.TryGetValue(answer, out var judgement))
            {
                form.TrueFalse = judgement;
            }
            else
            {
                problems.Add(new(Ui.Key("第 {0} 行：判断题的答案“{1}”无法识别（可写 对/错、√/×、正确/错误、是/否、T/F）"), line, answer));
            }

            return;
        }

        foreach (var letter in answer.ToUpperInvariant().Where(c => !(char.IsWhiteSpace(c) || c is ',' or '，' or ';' or '；' or '、' or '/')))
        {
            var index = QuestionOption.Letters.IndexOf(letter, StringComparison.Ordinal);
            if (index < 0 || index >= QuestionForm.OptionSlots)
            {
                problems.Add(new(Ui.Key("第 {0} 行：答案“{1}”中的“{2}”不是选项字母（A–H）"), line, answer, letter));
                return;
            }

            if (form.Options[index] is not { Length: > 0 })
            {
                problems.Add(new(Ui.Key("第 {0} 行：答案 {1} 对应的选项{1}是空的"), line, letter));
                return;
            }

            form.Correct.Add(index);
        }
    }

    private static int ReadDifficulty(string text, int line, List<SheetProblem> problems)
    {
        if (text.Length == 0)
        {
            return 2;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 5)
        {
            return value;
        }

        if (Difficulties.TryGetValue(text, out var named))
        {
            return named;
        }

        problems.Add(new(Ui.Key("第 {0} 行：难度“{1}”应为 1–5 或 易、中、难"), line, text));
        return 2;
    }

    /// <summary>Clause ids named in the text: 《name》第N条[（M）] for an article, or 《name》三（四） for a numbered section.</summary>
    private static List<string> Recognise(string text, IReadOnlyList<RegulationName> regulations, IReadOnlySet<string> clauseIds, int line, List<SheetProblem> problems)
    {
        var found = new List<string>();
        foreach (Match m in Citation().Matches(text))
        {
            var name = m.Groups["name"].Value;
            var regulation = regulations.FirstOrDefault(r => r.Names.Any(n => n == name))
                ?? regulations.FirstOrDefault(r => r.Names.Any(n => n.EndsWith(name, StringComparison.Ordinal) || name.EndsWith(n, StringComparison.Ordinal)));
            if (regulation is null)
            {
                problems.Add(new(Ui.Key("第 {0} 行：《{1}》不是已导入的规章"), line, name));
                continue;
            }

            // 《保密法》第二十八条、第二十九条 and 《制度》一（一）和二（二）: the references after the first one name the same regulation.
            var references = new List<Match> { m };
            for (var next = Continuation().Match(text, m.Index + m.Length); next.Success; next = Continuation().Match(text, next.Index + next.Length))
            {
                references.Add(next);
            }

            foreach (var reference in references)
            {
                var id = reference.Groups["article"].Success
                    ? $"{regulation.Id}.{ChineseNumber(reference.Groups["article"].Value)}"
                    : $"{regulation.Id}.{ChineseNumber(reference.Groups["section"].Value)}" + (reference.Groups["sub"].Success ? $".{ChineseNumber(reference.Groups["sub"].Value)}" : "");
                if (!clauseIds.Contains(id))
                {
                    problems.Add(new(Ui.Key("第 {0} 行：“{1}”对应的条款 {2} 不存在"), line, reference.Value.TrimStart('、', '和', '及', '与', ',', '，', ' '), id));
                }
                else if (!found.Contains(id))
                {
                    found.Add(id);
                }
            }
        }

        return found;
    }

    /// <summary>一 … 九十九 (and plain digits) as a number.</summary>
    public static int ChineseNumber(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        const string digits = "零一二三四五六七八九";
        var total = 0;
        var current = 0;
        foreach (var c in text)
        {
            if (c == '十')
            {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
            else if (c == '百')
            {
                total += (current == 0 ? 1 : current) * 100;
                current = 0;
            }
            else
            {
                current = digits.IndexOf(c, StringComparison.Ordinal);
            }
        }

        return total + current;
    }

    [GeneratedRegex(@"《(?<name>[^》]+)》\s*(?:第(?<article>[零一二三四五六七八九十百\d]+)条|(?<section>[一二三四五六七八九十]+)(?:（(?<sub>[一二三四五六七八九十]+)）)?)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\G\s*[、和及与,，]\s*(?:第(?<article>[零一二三四五六七八九十百\d]+)条|(?<section>[一二三四五六七八九十]+)（(?<sub>[一二三四五六七八九十]+)）)")]
    private static partial Regex Continuation();
}
