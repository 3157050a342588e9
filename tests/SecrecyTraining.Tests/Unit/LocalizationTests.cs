using System.Text.RegularExpressions;
using System.Xml.Linq;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Tests.Unit;

/// <summary>Every UI string is a zh-CN key with an English translation; no translation is left without a use.</summary>
public sealed partial class LocalizationTests
{
    private static readonly string WebProject = Path.Combine(SourceTree.Root, "src", "SecrecyTraining.Web");

    [Fact]
    public void EveryUiStringHasAnEnglishTranslation()
    {
        var english = EnglishKeys();

        var missing = UsedKeys().Where(k => !english.Contains(k)).Order().ToList();

        Assert.True(missing.Count == 0, "Missing from SharedResource.en-US.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryEnglishTranslationIsUsed()
    {
        var used = UsedKeys();

        var unused = EnglishKeys().Where(k => !used.Contains(k)).Order().ToList();

        Assert.True(unused.Count == 0, "Unused in SharedResource.en-US.resx:\n" + string.Join("\n", unused));
    }

    private static HashSet<string> EnglishKeys() =>
        [.. XDocument.Load(Path.Combine(WebProject, "Infrastructure", "Localization", "SharedResource.en-US.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    private static HashSet<string> UsedKeys()
    {
        var keys = new HashSet<string>();
        var sources = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizedString().Matches(text))
            {
                keys.Add(Regex.Unescape(m.Groups["key"].Value));
            }

            // L[condition ? "…" : "…"] and L[value switch { … => "…" }]: every literal in the expression is a key.
            foreach (Match m in LocalizedExpression().Matches(text))
            {
                keys.UnionWith(Literal().Matches(m.Groups["expr"].Value).Select(l => Regex.Unescape(l.Groups["key"].Value)));
            }
        }

        keys.UnionWith(Navigation.Entries.Select(e => e.Text));
        keys.UnionWith(Navigation.Entries.Select(e => e.Menu).OfType<string>());
        keys.UnionWith(Enum.GetValues<PostLevel>().Select(l => l.ChineseName()));
        keys.UnionWith(Roles.All.Select(Roles.ChineseName));
        keys.UnionWith(Enum.GetValues<SecrecyTraining.Web.Features.Content.QuestionType>().Select(QuestionTypeNames.ChineseName));
        keys.UnionWith(Enum.GetValues<SecrecyTraining.Web.Features.Content.ExamKind>().Select(ExamKindNames.ChineseName));
        keys.UnionWith(Enum.GetValues<CertificationStatus>().Select(CertificationStatusNames.ChineseName));
        keys.UnionWith(Enum.GetValues<PostAssignmentState>().Select(SecrecyTraining.Web.Features.Posts.PostAssignmentNames.State));
        keys.UnionWith(Enum.GetValues<PostAssignmentEventKind>().Select(SecrecyTraining.Web.Features.Posts.PostAssignmentNames.Event));
        keys.UnionWith(Enum.GetValues<TrainingReason>().Select(TrainingReasonNames.ChineseName));
        keys.UnionWith(Enum.GetValues<ItemWarning>().Select(ItemWarningNames.ChineseName));
        keys.UnionWith(Enum.GetValues<SecrecyTraining.Web.Features.Compliance.ComplianceStatus>().Select(SecrecyTraining.Web.Features.Compliance.ComplianceStatusNames.ChineseName));
        keys.UnionWith(Enum.GetValues<OfflineTrainingKind>().Select(OfflineTrainingKindNames.ChineseName));
        return keys;
    }

    // L["…"], localizer["…"], the messages and names of validation attributes, GateItem("…") messages and Ui.Key("…").
    [GeneratedRegex(@"(?:\b(?:L|localizer)\[|ErrorMessage = |Display\(Name = |\bGateItem\(|\bUi\.Key\()""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedString();

    [GeneratedRegex(@"\b(?:L|localizer)\[(?<expr>[^\]""]*(?:\?|switch)[^\]]*)\]")]
    private static partial Regex LocalizedExpression();

    [GeneratedRegex(@"""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Literal();
}
