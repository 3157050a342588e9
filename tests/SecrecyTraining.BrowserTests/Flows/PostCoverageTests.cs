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
        var submitted = PostCoverage.Read(record).Select(r => r.Action).ToHashSet(StringComparer.Ordinal);

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
        ["POST content/questions/import"] = "the check writes nothing (the checked file waits for the commit, whose questions are audited)",
        ["POST content/upload"] = "the preview's import is rolled back (the checked upload waits for the approval, whose import is audited)",
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
        var requests = PostCoverage.Read(record);

        // A request may change nothing (a lesson confirmed before its reading time is up); each action must be audited when it does.
        var unaudited = requests.Where(r => !NotAudited.ContainsKey(r.Action)).GroupBy(r => r.Action)
            .Where(g => g.All(r => r.Entries.Count == 0)).Select(g => g.Key).ToList();
        var stale = NotAudited.Keys.Except(app.PostActions()).ToList();

        Assert.True(unaudited.Count == 0, "POSTs that changed state without an audit entry:\n" + string.Join("\n", unaudited));
        Assert.True(stale.Count == 0, "Listed as not audited but no such action:\n" + string.Join("\n", stale));
    }

    /// <summary>Audit events that change a value of a record: their details say what it was and what it became ("old → new").</summary>
    private static readonly HashSet<string> ValueChanges =
    [
        "role.changed", "person.updated", "person.employee-number-corrected", "policy.changed", "question.edited", "blueprint.edited",
        "commitment.text-made-current", "answer.graded", "session.edited", "session.published", "session.extra-time", "attempt.reopened",
        "exam.focus-lost", "person.exempted", "person.exemption-ended", "training.extended", "person.left", "person.rejoined",
        "post.VettingRecorded", "post.Activated", "post.Suspended", "post.LeavingRequested", "post.Ended", "post.DecryptionPeriodChanged",
    ];

    /// <summary>
    /// The other audit events, whose action names the whole change: a record created (its values in the details), a state
    /// set by the action itself (account.disabled), an event (a sign-in, a signature, an export), or a refusal that changed nothing.
    /// </summary>
    private static readonly HashSet<string> OtherEvents =
    [
        "sign-in.succeeded", "sign-in.failed", "sign-in.locked-out", "sign-out", "password.changed", "password.reset",
        "account.created", "account.disabled", "account.enabled", "person.created", "department.created", "post.created",
        "post.Proposed", "post.ActivationRefused", "post.EndRefused", "commitment.signed", "lesson.completed", "exam.started",
        "exam.submitted", "certificate.issued", "certificate.superseded", "certificate.revoked", "content.imported", "content.refresher-approved",
        "lesson.reviewed", "question.reviewed", "question.created", "question.retired", "question.restored", "audit.checkpoints-checked",
        "blueprint.created", "commitment.text-created", "exam.graded", "session.created", "exam.keyed-in", "attempt.archived", "exam.start-code-refused",
        "offline.created", "offline.attended", "offline.attendance-removed",
    ];

    /// <summary>
    /// Each entry a POST appended names its actor (the account that posted; "system" for what followed from it, such as a
    /// certificate issued at an exam's end; the name typed when signing in) and its subject; no change is recorded twice by
    /// one request; and a change of a value records the old and the new one.
    /// </summary>
    [Fact]
    public void EveryAuditEntryNamesActorAndSubjectOnceAndAChangeItsOldAndNewValues()
    {
        var record = PostCoverage.FilePath;
        Assert.True(record is not null && File.Exists(record), $"Run the browser tests first with {PostCoverage.Variable} set (scripts/test does).");
        var problems = new List<string>();
        foreach (var request in PostCoverage.Read(record))
        {
            foreach (var e in request.Entries)
            {
                var actorOk = request.User is { } user ? e.Actor == user || e.Actor == "system" : e.Actor.Length > 0 && e.Actor == e.Subject;
                if (!actorOk)
                {
                    problems.Add($"{request.Action} by {request.User ?? "(signed out)"}: {e.Action} has actor '{e.Actor}'");
                }

                if (e.Subject.Length == 0)
                {
                    problems.Add($"{request.Action}: {e.Action} names no subject");
                }

                if (ValueChanges.Contains(e.Action) ? !e.Details.Contains(" → ", StringComparison.Ordinal) : !OtherEvents.Contains(e.Action))
                {
                    problems.Add(ValueChanges.Contains(e.Action)
                        ? $"{request.Action}: {e.Action} of {e.Subject} does not say old → new: '{e.Details}'"
                        : $"{request.Action}: {e.Action} is neither a value change nor another known event (classify it here)");
                }
            }

            problems.AddRange(request.Entries.GroupBy(e => (e.Action, e.Subject)).Where(g => g.Count() > 1)
                .Select(g => $"{request.Action}: {g.Key.Action} of {g.Key.Subject} recorded {g.Count()} times by one request"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }
}
