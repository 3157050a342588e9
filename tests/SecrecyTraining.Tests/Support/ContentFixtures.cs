using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Support;

/// <summary>
/// A small valid content set (Fixtures/content) and the mistakes a content author makes, each as one edit of it with the
/// problem it must produce and the line it must be reported at (the first line holding <see cref="Mistake.At"/> after the edit).
/// </summary>
public static class ContentFixtures
{
    public static string ValidDirectory { get; } = Path.Combine(SourceTree.Root, "tests", "SecrecyTraining.Tests", "Fixtures", "content");

    public static string RealDirectory { get; } = Path.Combine(SourceTree.Root, "content");

    public static IReadOnlyList<ContentFile> Valid() => ContentFiles.FromDirectory(ValidDirectory);

    /// <summary>The fixture content plus a refresher certification that renews demo-cert, and its exam (no validityMonths: the policy decides).</summary>
    public static List<ContentFile> WithRefresher()
    {
        var files = Valid().Select(f => f.Path == "policy.yaml"
            ? f with { Text = f.Text.Replace("levels:", "  - id: demo-refresher\n    name: 示例年度复训\n    renews: demo-cert\nlevels:", StringComparison.Ordinal) }
            : f).ToList();
        var exam = files.Single(f => f.Path == "exams/exam.yaml");
        files.Add(exam with
        {
            Path = "exams/refresher.yaml",
            Text = exam.Text.Replace("id: demo-exam", "id: demo-refresher-exam", StringComparison.Ordinal)
                .Replace("kind: PreDuty", "kind: Refresher", StringComparison.Ordinal)
                .Replace("certification: demo-cert", "certification: demo-refresher", StringComparison.Ordinal)
                .Replace("validityMonths: 12\n", "", StringComparison.Ordinal),
        });
        return files;
    }

    public sealed record Mistake(string File, string Find, string? Replace, string At, string Message, string? AtFile = null)
    {
        /// <summary>The valid set with this mistake made; a null <see cref="Replace"/> deletes the file, a missing file is added.</summary>
        public IReadOnlyList<ContentFile> Apply()
        {
            var files = Valid().ToList();
            var index = files.FindIndex(f => f.Path == File);
            if (index < 0)
            {
                files.Add(new ContentFile(File, Replace!));
                return files;
            }

            if (Replace is null)
            {
                files.RemoveAt(index);
                return files;
            }

            var text = files[index].Text;
            var at = text.IndexOf(Find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{Find}' is not in {File}");
            files[index] = files[index] with { Text = string.Concat(text.AsSpan(0, at), Replace, text.AsSpan(at + Find.Length)) };
            return files;
        }

        public string ExpectedLocation(IReadOnlyList<ContentFile> files)
        {
            var path = AtFile ?? File;
            var file = files.SingleOrDefault(f => f.Path == path);
            if (file is null)
            {
                return $"{path}:1"; // a problem about something missing altogether
            }

            var lines = file.Text.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains(At, StringComparison.Ordinal)) + 1;
            Assert.True(line > 0, $"'{At}' is not in {path}");
            return $"{path}:{line}";
        }
    }

    public static IReadOnlyDictionary<string, Mistake> Mistakes { get; } = new Dictionary<string, Mistake>
    {
        ["yaml-syntax"] = new("questions/demo.yaml", "stem: 秘密文件应当", "stem: [秘密文件应当", "stem: [秘密文件应当", "YAML 格式错误"),
        ["unknown-field"] = new("questions/demo.yaml", "    difficulty: 2", "    dificulty: 2", "dificulty: 2", "未知字段 'dificulty'"),
        ["missing-field"] = new("questions/demo.yaml", "    stem: 涉密计算机可以连接互联网吗？\n", "", "- id: q-single-2", "缺少必填字段 'stem'"),
        ["single-two-answers"] = new("questions/demo.yaml", "answer: B\n    explanation: DEMO.1.1", "answer: [A, B]\n    explanation: DEMO.1.1", "answer: [A, B]", "单选题必须恰好有一个正确答案"),
        ["multiple-one-answer"] = new("questions/demo.yaml", "answer: [A, B]", "answer: [A]", "answer: [A]", "多选题至少要有两个正确答案"),
        ["answer-not-an-option"] = new("questions/demo.yaml", "answer: B\n    explanation: DEMO.2.1", "answer: D\n    explanation: DEMO.2.1", "answer: D", "答案 'D' 不是有效选项"),
        ["truefalse-not-boolean"] = new("questions/demo.yaml", "answer: true", "answer: maybe", "answer: maybe", "应为 true 或 false"),
        ["question-cites-unknown-clause"] = new("questions/demo.yaml", "clauses: [DEMO.2.1]", "clauses: [DEMO.9.9]", "clauses: [DEMO.9.9]", "引用的条款 DEMO.9.9 不存在"),
        ["difficulty-out-of-range"] = new("questions/demo.yaml", "difficulty: 3", "difficulty: 7", "difficulty: 7", "应为 1 到 5 之间的整数"),
        ["unknown-question-type"] = new("questions/demo.yaml", "type: multiple", "type: essay", "type: essay", "'essay' 无效"),
        ["duplicate-question-id"] = new("questions/extra.gift", "::g-tf-1::", "::q-single-1::", "::q-single-1::", "题目编号 q-single-1 重复"),
        ["heading-without-id"] = new("regulations/demo.md", "### （二）销毁 {#DEMO.1.2}", "### （二）销毁", "### （二）销毁", "缺少条款编号"),
        ["malformed-clause-id"] = new("regulations/demo.md", "{#DEMO.2.2}", "{#demo_2}", "{#demo_2}", "格式不正确"),
        ["clause-id-of-another-regulation"] = new("regulations/demo.md", "{#DEMO.2.2}", "{#OTHER.2.2}", "{#OTHER.2.2}", "应以本规章的编号前缀开头"),
        ["duplicate-clause-id"] = new("regulations/demo.md", "{#DEMO.2.2}", "{#DEMO.2.1}", "存储介质 {#DEMO.2.1}", "条款编号 DEMO.2.1 重复"),
        ["clause-without-text"] = new("regulations/demo.md", "存储介质应标明密级。", "", "{#DEMO.2.2}", "条款 DEMO.2.2 没有正文"),
        ["bad-effective-date"] = new("regulations/demo.md", "effective: 2024-01-01", "effective: 2024-13-01", "effective: 2024-13-01", "应为日期 yyyy-MM-dd"),
        ["lesson-cites-unknown-clause"] = new("courses/basics/lessons/01-intro.md", "DEMO.2.1]", "DEMO.3]", "DEMO.3]", "引用的条款 DEMO.3 不存在"),
        ["lesson-file-missing"] = new("courses/basics/course.yaml", "- 01-intro", "- 02-missing", "- 02-missing", "课时文件 courses/basics/lessons/02-missing.md 不存在"),
        ["lesson-without-front-matter"] = new("courses/basics/lessons/01-intro.md", "---\ntitle", "title", "title: 保存与隔离", "应以 --- 开头"),
        ["rule-cannot-be-filled"] = new("exams/exam.yaml", "count: 2", "count: 20", "- bank: demo", "抽题规则需要 20 道题，符合条件的题目只有 2 道"),
        ["exam-grants-unknown-certification"] = new("exams/exam.yaml", "certification: demo-cert", "certification: nope", "id: demo-exam", "证书类型 nope 未在 policy.yaml 中定义"),
        ["practice-grants-certification"] = new("exams/exam.yaml", "kind: PreDuty", "kind: Practice", "certification: demo-cert", "练习（Practice）不能授予证书"),
        ["policy-level-unknown"] = new("policy.yaml", "  一般:", "  普通:", "  普通:", "'普通' 无效"),
        ["policy-requires-unknown-certification"] = new("policy.yaml", "required: [demo-cert]", "required: [demo-certs]", "required: [demo-certs]", "证书类型 'demo-certs' 未在 certifications 中定义"),
        ["policy-cycle-unknown"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    cycle: monthly\n    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "cycle: monthly", "'monthly' 无效"),
        ["policy-due-day-not-every-year"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    cycle: calendar\n    dueMonthDay: 02-29\n    recertificationWindowDays: 60\n    passMark: 70", "dueMonthDay: 02-29", "应为每年都有的月-日，如 12-31"),
        ["policy-due-day-in-rolling-cycle"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    dueMonthDay: 12-31\n    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "dueMonthDay: 12-31", "只用于自然年周期"),
        ["policy-calendar-cycle-of-six-months"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    cycle: calendar\n    dueMonthDay: 12-31\n    refresherMonths: 6\n    recertificationWindowDays: 60\n    passMark: 70", "refresherMonths: 6", "自然年周期为一年"),
        ["policy-grace-negative"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70\n    graceDays: -1", "graceDays: -1", "字段 'graceDays' 应为 0 到 365 之间的整数"),
        ["policy-hours-too-many"] = new("policy.yaml", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70", "    refresherMonths: 12\n    recertificationWindowDays: 60\n    passMark: 70\n    annualHours: 1001", "annualHours: 1001", "字段 'annualHours' 应为 0 到 1000 之间的整数"),
        ["commitment-missing"] = new("commitments/off.md", "", null, "", "缺少 OffDuty 保密承诺书文本", AtFile: "commitments"),
        ["gift-unsupported-type"] = new("questions/extra.gift", "// clauses: DEMO.2.1", "::g-match::配对 {\n  =秘密 -> 机密\n  =绝密 -> 顶级\n  =公开 -> 普通\n}\n\n// clauses: DEMO.2.1", "::g-match::", "匹配"),
        ["stray-file"] = new("notes.txt", "", "随手记", "随手记", "不认识的内容文件"),
    };

    public static TheoryData<string> MistakeNames => [.. Mistakes.Keys];
}
