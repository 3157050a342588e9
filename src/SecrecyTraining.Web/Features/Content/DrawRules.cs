namespace SecrecyTraining.Web.Features.Content;

/// <summary>Which questions a blueprint rule may draw: the same rule for validation, coverage and (later) the exam itself.</summary>
public static class DrawRules
{
    public static bool Matches(DrawRuleDoc rule, QuestionDoc question, IReadOnlyDictionary<string, ClauseDoc> clauses) =>
        (rule.Bank is null || question.Bank == rule.Bank)
        && (rule.Type is null || question.Type == rule.Type)
        && (rule.Clauses.Count == 0 || question.Clauses.Any(cited =>
            clauses.TryGetValue(cited, out var clause) && rule.Clauses.Any(wanted => clause.IsWithin(wanted, clauses))));
}
