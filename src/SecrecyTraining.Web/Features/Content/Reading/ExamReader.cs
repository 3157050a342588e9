namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>Reads an exam blueprint, <c>exams/&lt;id&gt;.yaml</c>.</summary>
internal static class ExamReader
{
    public static ExamDoc? Read(ContentFile file, ReadContext context)
    {
        var map = YamlMap.Parse(file.Text, file.Path, 0, context.Problems);
        if (map is null)
        {
            return null;
        }

        map.OnlyKeys("id", "kind", "title", "timeLimitMinutes", "passMark", "maxAttempts", "cooldownMinutes",
            "shuffleQuestions", "shuffleOptions", "partialCredit", "review", "course", "certification", "validityMonths", "rules");
        var id = map.Text("id");
        var kind = map.Enum<ExamKind>("kind");
        var title = map.Text("title");
        var timeLimit = map.Int("timeLimitMinutes", 1, 600);
        var passMark = map.Has("passMark") ? map.Int("passMark", 1, 100) : null;
        var maxAttempts = map.Int("maxAttempts", 0, 100, fallback: 0);
        var cooldown = map.Int("cooldownMinutes", 0, 60 * 24 * 30, fallback: 0);
        var shuffleQuestions = map.Bool("shuffleQuestions", fallback: true);
        var shuffleOptions = map.Bool("shuffleOptions", fallback: true);
        var partialCredit = map.Bool("partialCredit", fallback: false);
        var review = map.Enum<ReviewPolicy>("review", required: false) ?? ReviewPolicy.Responses;
        var course = map.Text("course", required: false);
        var certification = map.Text("certification", required: false);
        var validity = certification is null || !map.Has("validityMonths") ? null : map.Int("validityMonths", 1, 120);
        if (certification is null && map.Has("validityMonths"))
        {
            map.Problem(map.At("validityMonths"), "只有授予证书（certification）的考试才需要 validityMonths。");
        }

        if (kind == ExamKind.Practice && certification is not null)
        {
            map.Problem(map.At("certification"), "练习（Practice）不能授予证书。");
        }
        else if (kind is ExamKind.PreDuty or ExamKind.Refresher && certification is null)
        {
            map.Problem(map.Where, $"{kind} 考试须写明授予的证书类型 certification。");
        }

        var rules = map.Maps("rules").Select(r => ReadRule(r, context)).ToList();
        if (map.Has("rules") && rules.Count == 0)
        {
            map.Problem(map.At("rules"), "试卷至少要有一条抽题规则。");
        }

        return id is null || kind is null || title is null || timeLimit is null || (passMark is null && map.Has("passMark")) || rules.Any(r => r is null)
            ? null
            : new ExamDoc(id, kind.Value, title, timeLimit.Value, passMark, maxAttempts!.Value, cooldown!.Value,
                shuffleQuestions!.Value, shuffleOptions!.Value, partialCredit!.Value, review, course, certification, validity, [.. rules.OfType<DrawRuleDoc>()], map.Where);
    }

    private static DrawRuleDoc? ReadRule(YamlMap rule, ReadContext context)
    {
        rule.OnlyKeys("bank", "clauses", "chapter", "type", "count", "points");
        var bank = rule.Text("bank", required: false);
        var clauses = rule.List("clauses", required: false).Concat(rule.List("chapter", required: false)).ToList();
        foreach (var (clause, where) in clauses)
        {
            context.Cite(clause, where);
        }

        var type = rule.Enum("type", Aliases.QuestionTypes, required: false);
        var count = rule.Int("count", 1, 500);
        var points = rule.Decimal("points", 0.5m, 100m);
        return count is null || points is null
            ? null
            : new DrawRuleDoc(bank, [.. clauses.Select(c => c.Value)], type, count.Value, points.Value, rule.Where);
    }
}
