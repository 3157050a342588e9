using SecrecyTraining.BrowserTests.Support;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// Every POST action of the application is submitted from Chromium, by some browser test, and accepted. The browser
/// flows record what they posted (<see cref="PostCoverage"/>); scripts/test runs them first and this check second
/// (trait Phase=Coverage), with SECRECY_POST_COVERAGE naming the record.
/// </summary>
[Collection(CoverageBrowser.Name)]
[Trait("Phase", "Coverage")]
public sealed class PostCoverageTests(BrowserApp app)
{
    /// <summary>The JSON endpoints the exam page's script calls; the exam browser tests exercise them through that script.</summary>
    private static readonly string[] ScriptEndpoints = ["POST attempts/{id:int}/answers"];

    [Fact]
    public void EveryPostActionIsSubmittedFromChromium()
    {
        var record = PostCoverage.FilePath;
        Assert.True(record is not null && File.Exists(record),
            $"No record of the browser flows' POSTs: run the browser tests first with {PostCoverage.Variable} set (scripts/test does).");
        var submitted = File.ReadAllLines(record).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);

        var never = app.PostActions().Except(ScriptEndpoints).Where(a => !submitted.Contains(a)).ToList();

        Assert.True(never.Count == 0, "POST actions no browser test submits from a page:\n" + string.Join("\n", never));
    }

    /// <summary>The POST actions that change nothing the organisation answers for, each with the reason it leaves no audit entry.</summary>
    private static readonly Dictionary<string, string> NotAudited = new()
    {
        ["POST culture"] = "a display-language cookie",
        ["POST inbox/{id:int}/open"] = "the holder marks their own notice read",
        ["POST inbox/read-all"] = "the holder marks their own notices read",
        ["POST practice/{scope}"] = "practice answers feed the holder's own 错题本; formal exams are audited at start and submit",
        ["POST attempts/{id:int}/answers"] = "each answer is kept on the attempt with its time; the attempt's start and submit are audited",
        ["POST staff/import"] = "the preview writes nothing (the checked file waits for the commit, which is audited)",
    };

    /// <summary>
    /// Every state-changing POST, as Chromium submitted it in the flows, appended its audit entry in the same request (for
    /// each action at least one submission; the in-process tests check the entries' actor, subject and values).
    /// </summary>
    [Fact]
    public void EveryStateChangingPostLeavesAnAuditEntry()
    {
        var record = PostCoverage.FilePath;
        Assert.True(record is not null && File.Exists(record), $"Run the browser tests first with {PostCoverage.Variable} set (scripts/test does).");
        var requests = File.ReadAllLines(record).Select(l => l.Split('\t')).Where(p => p.Length == 2)
            .Select(p => (Action: p[0], Appended: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();

        // A request may change nothing (a lesson confirmed before its reading time is up); each action must be audited when it does.
        var unaudited = requests.Where(r => !NotAudited.ContainsKey(r.Action)).GroupBy(r => r.Action)
            .Where(g => g.All(r => r.Appended < 1)).Select(g => g.Key).ToList();
        var stale = NotAudited.Keys.Except(app.PostActions()).ToList();

        Assert.True(unaudited.Count == 0, "POSTs that changed state without an audit entry:\n" + string.Join("\n", unaudited));
        Assert.True(stale.Count == 0, "Listed as not audited but no such action:\n" + string.Join("\n", stale));
    }
}
