namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>The checks that need more than one file.</summary>
internal static class ContentRules
{
    public static void Check(ContentSet content, ReadContext context)
    {
        Unique(content.Regulations, r => r.Id, r => r.Source, "规章编号", context);
        Unique(content.Regulations.SelectMany(r => r.Clauses), c => c.Id, c => c.Source, "条款编号", context);
        Unique(content.Questions, q => q.Id, q => q.Source, "题目编号", context);
        Unique(content.Courses, c => c.Id, c => c.Source, "课程编号", context);
        Unique(content.Exams, e => e.Id, e => e.Source, "试卷编号", context);
        Unique(content.Commitments, c => $"{c.Kind} {c.Version}", c => c.Source, "承诺书版本", context);

        foreach (var (clause, where) in context.Citations.Where(c => !content.ClausesById.ContainsKey(c.ClauseId)))
        {
            context.Problem(where, $"引用的条款 {clause} 不存在。");
        }

        foreach (var question in content.Questions.Where(q => q.Clauses.Count == 0))
        {
            context.Problem(question.Source, $"题目 {question.Id} 没有引用任何条款（GIFT 题目用 // clauses: 注释写明）。");
        }

        foreach (var question in content.Questions.Where(q => q.Type == QuestionType.Multiple && q.Correct.Count < 2))
        {
            context.Problem(question.Source, $"多选题 {question.Id} 至少要有两个正确答案；只有一个正确答案请改为单选题。");
        }

        // Whatever format a 填空 question came in, its stem has exactly one ____ per blank answered (the page shows one input each).
        foreach (var question in content.Questions.Where(q => q.Type == QuestionType.FillBlank && Blanks.Count(q.Stem) != q.Blanks.Count))
        {
            context.Problem(question.Source, $"填空题 {question.Id} 的题干有 {Blanks.Count(question.Stem)} 个空（____），答案有 {question.Blanks.Count} 组。");
        }

        foreach (var course in content.Courses.Where(c => c.Lessons.Count == 0))
        {
            context.Problem(course.Source, $"课程 {course.Id} 没有课时。");
        }

        if (content.Policy is null)
        {
            context.Problem(new SourceRef("policy.yaml", 1), "缺少 policy.yaml（各岗位级别的培训与复训策略）。");
        }

        foreach (var kind in Enum.GetValues<CommitmentKind>().Where(k => content.Commitments.All(c => c.Kind != k)))
        {
            context.Problem(new SourceRef("commitments", 1), $"缺少 {kind} 保密承诺书文本（commitments/*.md）。");
        }

        foreach (var exam in content.Exams)
        {
            CheckExam(exam, content, context);
        }
    }

    private static void CheckExam(ExamDoc exam, ContentSet content, ReadContext context)
    {
        if (exam.CourseId is not null && content.Courses.All(c => c.Id != exam.CourseId))
        {
            context.Problem(exam.Source, $"试卷 {exam.Id} 引用的课程 {exam.CourseId} 不存在。");
        }

        if (exam.CertificationTypeId is not null && content.Policy is not null
            && content.Policy.CertificationTypes.All(t => t.Id != exam.CertificationTypeId))
        {
            context.Problem(exam.Source, $"试卷 {exam.Id} 授予的证书类型 {exam.CertificationTypeId} 未在 policy.yaml 中定义。");
        }

        var pools = new List<HashSet<string>>();
        foreach (var rule in exam.Rules)
        {
            if (rule.Bank is not null && content.Questions.All(q => q.Bank != rule.Bank))
            {
                context.Problem(rule.Source, $"抽题规则引用的题库 {rule.Bank} 不存在。");
                continue;
            }

            var pool = content.Questions
                .Where(q => DrawRules.Matches(rule.Bank, rule.Type, rule.Clauses, q.Bank, q.Type, q.Clauses, content.Tree))
                .Select(q => q.Id).ToHashSet();
            pools.Add(pool);
            if (pool.Count < rule.Count)
            {
                context.Problem(rule.Source, $"抽题规则需要 {rule.Count} 道题，符合条件的题目只有 {pool.Count} 道。");
            }
        }

        var total = exam.Rules.Sum(r => r.Count);
        var distinct = pools.SelectMany(p => p).Distinct().Count();
        if (pools.Count == exam.Rules.Count && pools.All(p => p.Count > 0) && distinct < total)
        {
            context.Problem(exam.Source, $"试卷 {exam.Id} 共需 {total} 道不同的题，各规则合起来只有 {distinct} 道。");
        }
    }

    private static void Unique<T>(IEnumerable<T> items, Func<T, string> key, Func<T, SourceRef> where, string what, ReadContext context)
    {
        foreach (var group in items.GroupBy(key).Where(g => g.Count() > 1))
        {
            var first = where(group.First());
            foreach (var duplicate in group.Skip(1))
            {
                context.Problem(where(duplicate), $"{what} {group.Key} 重复（首次出现在 {first}）。");
            }
        }
    }
}
