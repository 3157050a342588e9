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
        var submitted = File.ReadAllLines(record).ToHashSet(StringComparer.Ordinal);

        var never = app.PostActions().Except(ScriptEndpoints).Where(a => !submitted.Contains(a)).ToList();

        Assert.True(never.Count == 0, "POST actions no browser test submits from a page:\n" + string.Join("\n", never));
    }
}
