using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Commitments;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Content;

/// <summary>
/// The policy editor (岗位策略) and the commitment texts (承诺书文本): the reader of content/ checks the page's values,
/// each problem beside its field and nothing changed; a change is audited old → new; an import keeps it unless approved.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PolicyAndCommitmentEditorTests(Databases databases)
{
    private static readonly HtmlParser Parser = new();

    [Theory, ClassData(typeof(Providers))]
    public async Task ALevelsPolicyIsCheckedLikeTheFileAuditedOldToNewAndKeptByAnImportUnlessApproved(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);

        var refused = await office.PostFormAsync("/content/policy", "/content/policy/Core",
            new() { ["PassMarkPercent"] = "0", ["RefresherMonths"] = "" });
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("请填写整数。", Beside(page, "Core-RefresherMonths"));
        Assert.Equal("", Beside(page, "Core-PassMarkPercent")); // the reader is not asked while a value is missing

        refused = await office.PostFormAsync("/content/policy", "/content/policy/Core", new() { ["PassMarkPercent"] = "0" });
        page = await refused.Content.ReadAsStringAsync();
        Assert.Equal("字段 'passMark' 应为 1 到 100 之间的整数，实际为 '0'。", Beside(page, "Core-PassMarkPercent"));
        Assert.Equal(80, await PassMarkAsync(app, PostLevel.Core));

        var saved = await office.PostFormAsync("/content/policy", "/content/policy/Core",
            new() { ["PassMarkPercent"] = "90", ["DecryptionPeriodMonths"] = "24" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("由 u-secrecyoffice", await office.FollowAsync(saved));
        Assert.Equal(90, await PassMarkAsync(app, PostLevel.Core));
        var entry = await app.LastAuditAsync("policy.changed");
        Assert.Equal(("u-secrecyoffice", "level:Core"), (entry.Actor, entry.Subject));
        Assert.Equal(
            "requires [demo-cert], refresher 12 months, window 60 days, grace 0 days, pass mark 80%, 脱密期 36 months, onboarding due in 30 days → " +
            "requires [demo-cert], refresher 12 months, window 60 days, grace 0 days, pass mark 90%, 脱密期 24 months, onboarding due in 30 days", entry.Details);

        // A form filled before that change is refused rather than undoing it.
        var stale = await office.SubmitFormAsync(page, "/content/policy", "/content/policy/Core", new() { ["PassMarkPercent"] = "85" });
        Assert.Contains("已被 u-secrecyoffice 修改", await stale.Content.ReadAsStringAsync());
        Assert.Equal(90, await PassMarkAsync(app, PostLevel.Core));

        var changedFile = ContentFixtures.Valid().Select(f => f.Path == "policy.yaml" ? f with { Text = f.Text.Replace("passMark: 70", "passMark: 75", StringComparison.Ordinal) } : f).ToList();
        var kept = await app.ImportAsync(changedFile);
        Assert.Contains("岗位级别 核心 的策略（u-secrecyoffice 在页面上修改）", kept.Report);
        Assert.Equal((90, 75), (await PassMarkAsync(app, PostLevel.Core), await PassMarkAsync(app, PostLevel.General)));

        var approved = await app.WithScopeAsync(s => s.GetRequiredService<ContentImporter>().ImportAsync(changedFile, "tests", "tests", overAppEdits: true));
        Assert.Equal(ImportStatus.Imported, approved.Status);
        Assert.Equal(80, await PassMarkAsync(app, PostLevel.Core));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ALevelMovesToACalendarCycleWithGraceDaysAndAYearlyHoursMinimumEachBadValueShownBesideItsField(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);

        var refused = await office.PostFormAsync("/content/policy", "/content/policy/Important",
            new() { ["Cycle"] = "Calendar", ["DueMonthDay"] = "02-29", ["GraceDays"] = "400", ["MinimumAnnualHours"] = "1001" });
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("字段 'dueMonthDay' 应为每年都有的月-日，如 12-31，实际为 '02-29'。", Beside(page, "Important-DueMonthDay"));
        Assert.Equal("字段 'graceDays' 应为 0 到 365 之间的整数，实际为 '400'。", Beside(page, "Important-GraceDays"));
        Assert.Equal("字段 'annualHours' 应为 0 到 1000 之间的整数，实际为 '1001'。", Beside(page, "Important-MinimumAnnualHours"));
        Assert.Equal(CertificationCycle.Rolling, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().PostLevelPolicies
            .Where(p => p.Level == PostLevel.Important).Select(p => p.Cycle).SingleAsync()));

        var saved = await office.SubmitFormAsync(page, "/content/policy", "/content/policy/Important",
            new() { ["Cycle"] = "Calendar", ["DueMonthDay"] = "12-31", ["GraceDays"] = "14", ["MinimumAnnualHours"] = "8" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var shown = await office.FollowAsync(saved);
        Assert.Contains("重要岗位的策略已保存", shown);
        var entry = await app.LastAuditAsync("policy.changed");
        Assert.Equal(
            "requires [demo-cert], refresher 12 months, window 60 days, grace 0 days, pass mark 80%, 脱密期 24 months, onboarding due in 30 days → " +
            "requires [demo-cert], calendar year due 12-31, window 60 days, grace 14 days, pass mark 80%, 脱密期 24 months, onboarding due in 30 days, " +
            "at least 8 学时 a year", entry.Details);

        // The exported policy.yaml says it, and reads back as the same policy.
        var (yaml, _) = await app.WithScopeAsync(async s =>
        {
            var (types, levels) = await s.GetRequiredService<PolicyEditor>().LoadAsync();
            return PolicyYaml.Write(types, levels);
        });
        Assert.Contains("  重要:\n    required: [\"demo-cert\"]\n    cycle: calendar\n    dueMonthDay: \"12-31\"\n    recertificationWindowDays: 60\n    graceDays: 14\n", yaml);
        Assert.Contains("    onboardingDueDays: 30\n    annualHours: 8\n", yaml);
        var reread = ContentReader.Read([.. ContentFixtures.Valid().Select(f => f.Path == "policy.yaml" ? f with { Text = yaml } : f)]);
        Assert.Empty(reread.Problems);
        var important = reread.Content.Policy!.Levels.Single(l => l.Level == PostLevel.Important);
        Assert.Equal((CertificationCycle.Calendar, "12-31", 14, 8), (important.Cycle, important.DueMonthDay, important.GraceDays, important.MinimumAnnualHours));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ANewCommitmentVersionIsCheckedThenMadeCurrentAndEveryoneOnAPostIsAskedToSignIt(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        var (personId, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "周新人");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.PostAssignments.Add(Organisation.AssignmentIn(personId, await db.Posts.SingleAsync(p => p.Id == postId), PostAssignmentState.Proposed, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var oldVersion = await CurrentOnDutyAsync(app);
        await SignAsync(app, trainee);
        Assert.Contains("已签署 1 人", await office.GetStringAsync("/content/commitments"));

        var refused = await office.PostFormAsync("/content/commitments/new?kind=OnDuty", "/content/commitments/new",
            new() { ["Version"] = oldVersion, ["Markdown"] = "" });
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("承诺书没有正文。", Beside(page, "Markdown"));
        Assert.Contains($"已有第 {oldVersion} 版", Beside(page, "Version"));
        Assert.Equal(2, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().CommitmentTexts.CountAsync()));

        var saved = await office.SubmitFormAsync(page, "/content/commitments/new", "/content/commitments/new",
            new() { ["Version"] = "2027-1", ["Markdown"] = "本人承诺：遵守保密法律法规和本单位保密制度（2027 年修订）。" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await office.FollowAsync(saved);
        Assert.Contains("由 u-secrecyoffice", list);
        Assert.Empty(await PendingAsync(app, personId)); // written, not yet current
        var id = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().CommitmentTexts.Where(t => t.Version == "2027-1").Select(t => t.Id).SingleAsync());

        var made = await office.SubmitFormAsync(list, "/content/commitments", $"/content/commitments/{id}/make-current", []);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var after = Parser.ParseDocument(await office.FollowAsync(made));
        var current = after.QuerySelector("[data-testid=commitment-version][data-version='2027-1']")!;
        Assert.NotNull(current.QuerySelector("[data-testid=current-badge]"));
        Assert.Contains("已签署 0 人", current.QuerySelector("[data-testid=signers]")!.TextContent);
        var old = after.QuerySelector($"[data-testid=commitment-version][data-version='{oldVersion}'][data-kind=OnDuty]")!;
        Assert.Contains("已签署 1 人", old.QuerySelector("[data-testid=signers]")!.TextContent);
        Assert.Contains("周新人", after.QuerySelector("[data-testid=unsigned-current]")!.TextContent);
        var entry = await app.LastAuditAsync("commitment.text-made-current");
        Assert.Equal(("u-secrecyoffice", $"上岗 current version {oldVersion} → 2027-1"), (entry.Actor, entry.Details));
        Assert.Equal("2027-1", Assert.Single(await PendingAsync(app, personId)).Text.Version);

        // An import of the files (whose current version is the old one) keeps the page's choice.
        var kept = await app.ImportAsync([.. ContentFixtures.Valid().Select(f => f.Path == "policy.yaml" ? f with { Text = f.Text + "\n" } : f)]);
        Assert.Contains("上岗承诺书（u-secrecyoffice 在页面上启用第 2027-1 版）", kept.Report);
        Assert.Equal("2027-1", await CurrentOnDutyAsync(app));
    }

    private static async Task SignAsync(AppFactory app, HttpClient trainee)
    {
        var signed = await trainee.PostFormAsync("/commitments", "/commitments/sign", new() { ["password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
    }

    private static Task<IReadOnlyList<PendingCommitment>> PendingAsync(AppFactory app, int personId) =>
        app.WithScopeAsync(s => s.GetRequiredService<CommitmentService>().PendingAsync(personId));

    private static Task<string> CurrentOnDutyAsync(AppFactory app) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().CommitmentTexts.Where(t => t.Kind == CommitmentKind.OnDuty && t.IsCurrent).Select(t => t.Version).SingleAsync());

    private static Task<int> PassMarkAsync(AppFactory app, PostLevel level) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().PostLevelPolicies.Where(p => p.Level == level).Select(p => p.PassMarkPercent).SingleAsync());


    /// <summary>The message shown beside a field (its invalid-feedback element <c>{id}-error</c>), empty when none.</summary>
    public static string Beside(string page, string id) =>
        Parser.ParseDocument(page).GetElementById(id + "-error")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No element {id}-error on the page.");
}
