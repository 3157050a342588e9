using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>
/// Writes content files the readers read back (content/README.md's formats), one key per line, remembering which line
/// holds which field: the editors write a form this way and put each problem the reader reports beside its field.
/// </summary>
public sealed class YamlLines
{
    private readonly StringBuilder text = new();
    private readonly Dictionary<int, string> fields = [];
    private int line;

    /// <summary>Form field name per 1-based line.</summary>
    public IReadOnlyDictionary<int, string> Fields => fields;

    public YamlLines Add(string content, string field = "")
    {
        line++;
        text.Append(content).Append('\n');
        if (field.Length > 0)
        {
            fields[line] = field;
        }

        return this;
    }

    public override string ToString() => text.ToString();
}

public static class ContentYaml
{
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A YAML double-quoted scalar (JSON's string escapes are YAML's).</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Quoted);

    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(Quote))}]";

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>An exam blueprint as <c>exams/&lt;id&gt;.yaml</c> says it.</summary>
public static class BlueprintYaml
{
    /// <summary>The file, and per line the editor field it holds (<c>Rules[2].Count</c> for a rule's count).</summary>
    public static (string Yaml, IReadOnlyDictionary<int, string> Fields) Write(ExamBlueprint exam)
    {
        var y = new YamlLines()
            .Add($"id: {ContentYaml.Quote(exam.Id)}", "Id")
            .Add($"kind: {exam.Kind}", "Kind")
            .Add($"title: {ContentYaml.Quote(exam.Title)}", "Title")
            .Add($"timeLimitMinutes: {exam.TimeLimitMinutes}", "TimeLimitMinutes");
        if (exam.PassMarkPercent is { } passMark)
        {
            y.Add($"passMark: {passMark}", "PassMarkPercent");
        }

        y.Add($"maxAttempts: {exam.MaxAttempts}", "MaxAttempts")
            .Add($"cooldownMinutes: {exam.CooldownMinutes}", "CooldownMinutes")
            .Add($"shuffleQuestions: {ContentYaml.Bool(exam.ShuffleQuestions)}", "ShuffleQuestions")
            .Add($"shuffleOptions: {ContentYaml.Bool(exam.ShuffleOptions)}", "ShuffleOptions")
            .Add($"partialCredit: {ContentYaml.Bool(exam.PartialCredit)}", "PartialCredit")
            .Add($"review: {exam.Review}", "Review");
        if (exam.CourseId is { } course)
        {
            y.Add($"course: {ContentYaml.Quote(course)}", "CourseId");
        }

        if (exam.CertificationTypeId is { } certification)
        {
            y.Add($"certification: {ContentYaml.Quote(certification)}", "CertificationTypeId");
        }

        if (exam.ValidityMonths is { } validity)
        {
            y.Add($"validityMonths: {validity}", "ValidityMonths");
        }

        y.Add("rules:", "Rules");
        for (var i = 0; i < exam.Rules.Count; i++)
        {
            var rule = exam.Rules[i];
            var lines = new List<(string Text, string Field)>();
            if (rule.Bank is { } bank)
            {
                lines.Add(($"bank: {ContentYaml.Quote(bank)}", "Bank"));
            }

            if (rule.Clauses.Count > 0)
            {
                lines.Add(($"clauses: {ContentYaml.List(rule.Clauses)}", "Clauses"));
            }

            if (rule.Type is { } type)
            {
                lines.Add(($"type: {type.ToString().ToLowerInvariant()}", "Type"));
            }

            lines.Add(($"count: {rule.Count}", "Count"));
            lines.Add(($"points: {ContentYaml.Number(rule.Points)}", "Points"));
            for (var j = 0; j < lines.Count; j++)
            {
                y.Add((j == 0 ? "  - " : "    ") + lines[j].Text, $"Rules[{i}].{lines[j].Field}");
            }
        }

        return (y.ToString(), y.Fields);
    }
}

/// <summary><c>policy.yaml</c>: the certification types and each level's policy.</summary>
public static class PolicyYaml
{
    /// <summary>The file, and per line the editor field it holds (<c>Core.PassMarkPercent</c>).</summary>
    public static (string Yaml, IReadOnlyDictionary<int, string> Fields) Write(IEnumerable<CertificationType> types, IEnumerable<PostLevelPolicy> levels)
    {
        var y = new YamlLines().Add("certifications:");
        foreach (var type in types.OrderBy(t => t.Renews is not null).ThenBy(t => t.Id, StringComparer.Ordinal))
        {
            y.Add($"  - id: {ContentYaml.Quote(type.Id)}").Add($"    name: {ContentYaml.Quote(type.Name)}");
            if (type.Renews is { } renews)
            {
                y.Add($"    renews: {ContentYaml.Quote(renews)}");
            }
        }

        y.Add("levels:");
        foreach (var level in levels.OrderBy(l => l.Level))
        {
            var field = level.Level.ToString();
            y.Add($"  {level.Level.ChineseName()}:", field)
                .Add($"    required: {ContentYaml.List(level.RequiredCertifications.Split(',', StringSplitOptions.RemoveEmptyEntries))}", $"{field}.RequiredCertifications");
            if (level.Cycle == CertificationCycle.Calendar)
            {
                y.Add("    cycle: calendar", $"{field}.Cycle").Add($"    dueMonthDay: {ContentYaml.Quote(level.DueMonthDay ?? "")}", $"{field}.DueMonthDay");
            }
            else
            {
                y.Add($"    refresherMonths: {level.RefresherMonths}", $"{field}.RefresherMonths");
            }

            y.Add($"    recertificationWindowDays: {level.RecertificationWindowDays}", $"{field}.RecertificationWindowDays");
            if (level.GraceDays != 0)
            {
                y.Add($"    graceDays: {level.GraceDays}", $"{field}.GraceDays");
            }

            y.Add($"    passMark: {level.PassMarkPercent}", $"{field}.PassMarkPercent")
                .Add($"    decryptionPeriodMonths: {level.DecryptionPeriodMonths}", $"{field}.DecryptionPeriodMonths")
                .Add($"    onboardingDueDays: {level.OnboardingDueDays}", $"{field}.OnboardingDueDays");
            if (level.MinimumAnnualHours != 0)
            {
                y.Add($"    annualHours: {level.MinimumAnnualHours}", $"{field}.MinimumAnnualHours");
            }
        }

        return (y.ToString(), y.Fields);
    }
}
