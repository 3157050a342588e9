using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Posts;

/// <summary>The pre-duty gate (篇三 六（三）, 保密法 第四十三条) from HR's and the trainee's pages.</summary>
[Collection(SharedApp.Name)]
public sealed class GateTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ProposingAssignsTheOnboardingTrainingAndActivationIsRefusedNamingEveryMissingItem(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        var hr = await app.SignInAsAsync(Roles.HR);

        var id = await Organisation.ProposeAsync(hr, "u-trainee", postId);
        var page = Organisation.Problems(await Organisation.HrPageAsync(hr, id, "activate"));
        var home = await trainee.GetStringAsync("/");

        Assert.Contains("缺少有效的示例上岗证书证书", page);
        Assert.Contains("未签署保密承诺书", page);
        Assert.Contains("未完成上岗前保密审查", page);
        var assignment = await Organisation.AssignmentAsync(app, id);
        Assert.Equal(PostAssignmentState.Proposed, assignment.State);
        var refusal = Assert.Single(assignment.Events, e => e.Kind == PostAssignmentEventKind.ActivationRefused);
        Assert.Equal("缺少有效的示例上岗证书证书；未签署保密承诺书；未完成上岗前保密审查", refusal.Details);
        // The trainee's home shows the assigned course and exam, due 30 days (policy) from the proposal.
        Assert.Contains("布置给我的培训", home);
        Assert.Contains("示例上岗考试", home);
        Assert.Contains("截止 " + app.Clock.GetUtcNow().AddDays(30).AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), home);
        Assert.Contains("您有 1 份保密承诺书待签署", home);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ThePostIsActivatedOnlyWhenCertifiedSignedAndVetted(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        var hr = await app.SignInAsAsync(Roles.HR);
        var id = await Organisation.ProposeAsync(hr, "u-trainee", postId);

        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        var wrongPassword = await Organisation.SignFirstPendingAsync(trainee, "not-my-password");
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Contains("密码不正确", await wrongPassword.Content.ReadAsStringAsync());
        var stillMissing = Organisation.Problems(await Organisation.HrPageAsync(hr, id, "activate"));
        Assert.Contains("未签署保密承诺书", stillMissing);
        Assert.DoesNotContain("缺少有效的示例上岗证书证书", stillMissing);

        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        var vettingMissing = Organisation.Problems(await Organisation.HrPageAsync(hr, id, "activate"));
        Assert.Contains("未完成上岗前保密审查", vettingMissing);
        Assert.DoesNotContain("未签署保密承诺书", vettingMissing);

        await Organisation.HrAsync(hr, id, "vetting", new() { ["passed"] = "true", ["note"] = "政审合格" });
        var activated = await Organisation.HrAsync(hr, id, "activate");

        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        Assert.Equal(PostAssignmentState.Active, (await Organisation.AssignmentAsync(app, id)).State);
        var signature = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().CommitmentSignatures.AsNoTracking().SingleAsync());
        var text = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().CommitmentTexts.AsNoTracking().SingleAsync(t => t.Id == signature.CommitmentTextId));
        Assert.Equal((text.Version, text.TextHash), (signature.Version, signature.TextHash));
        // The onboarding assignment is complete once the exam is passed.
        Assert.All(await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().TrainingAssignments.AsNoTracking().ToListAsync()),
            t => Assert.NotNull(t.CompletedAt));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AFailedVettingKeepsThePostClosed(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        var hr = await app.SignInAsAsync(Roles.HR);
        var id = await Organisation.ProposeAsync(hr, "u-trainee", postId);
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        await Organisation.SignFirstPendingAsync(trainee);

        await Organisation.HrAsync(hr, id, "vetting", new() { ["passed"] = "false" });
        var refused = await Organisation.HrPageAsync(hr, id, "activate");

        Assert.Contains("上岗前保密审查未通过", Organisation.Problems(refused));
        Assert.Equal(PostAssignmentState.Proposed, (await Organisation.AssignmentAsync(app, id)).State);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task RevokingTheCertificateSuspendsThePostAndARePassReactivatesItThroughTheGate(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, hr, id) = await ActiveOnPostAsync(app);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var certificateId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.Select(c => c.Id).SingleAsync());

        var noReason = await office.PostFormAsync("/certificates", $"/certificates/{certificateId}/revoke", new() { ["reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(PostAssignmentState.Active, (await Organisation.AssignmentAsync(app, id)).State);

        var revoked = await office.PostFormAsync("/certificates", $"/certificates/{certificateId}/revoke", new() { ["reason"] = "考试作弊" });
        var list = await office.FollowAsync(revoked);
        var suspended = await Organisation.AssignmentAsync(app, id);

        Assert.Contains("1 个依赖该证书的岗位已暂停", list);
        Assert.Contains("已撤销", list);
        Assert.Equal(PostAssignmentState.Suspended, suspended.State);
        Assert.Contains("考试作弊", suspended.SuspensionReason);
        Assert.Contains("已撤销", await trainee.GetStringAsync("/"));
        // The holder is told what to do; HR is told who lost the certificate.
        Assert.Contains("请重新参加考试取得证书", await trainee.GetStringAsync("/inbox"));
        Assert.Contains("人员证书已撤销", await hr.GetStringAsync("/inbox"));

        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);

        var reactivated = await Organisation.AssignmentAsync(app, id);
        Assert.Equal(PostAssignmentState.Active, reactivated.State);
        Assert.Equal("system", reactivated.Events.OrderBy(e => e.Id).Last().Actor);
        Assert.Contains("在岗", await hr.GetStringAsync($"/posts/assignments/{id}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task LeavingNeedsTheSignedOffDutyCommitmentAndStartsTheDecryptionPeriod(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (trainee, hr, id) = await ActiveOnPostAsync(app);

        // The page offers no 确认离岗 before leaving is started; a crafted request is refused all the same.
        Assert.DoesNotContain("data-testid=\"end\"", await hr.GetStringAsync($"/posts/assignments/{id}"));
        var tooEarly = await hr.CraftedPostAsync($"/posts/assignments/{id}", "/account/logout", $"/posts/assignments/{id}/end", []);
        Assert.Contains("请先发起离岗", Organisation.Problems(await hr.FollowAsync(tooEarly)));

        await Organisation.HrAsync(hr, id, "leave");
        var unsigned = await Organisation.HrPageAsync(hr, id, "end");
        Assert.Contains("本人尚未签署离岗保密承诺书", Organisation.Problems(unsigned));
        Assert.Contains("离岗保密承诺书", await trainee.GetStringAsync("/commitments"));

        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        var ended = await Organisation.HrAsync(hr, id, "end");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var assignment = await Organisation.AssignmentAsync(app, id);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(8).DateTime);
        Assert.Equal(PostAssignmentState.Ended, assignment.State);
        Assert.Equal(today.AddMonths(24), assignment.DecryptionEndsOn); // 重要: 24 months in the fixture policy
        Assert.Contains($"脱密期至 {today.AddMonths(24):yyyy-MM-dd}", await hr.GetStringAsync("/posts/assignments"));

        var noReason = await Organisation.HrPageAsync(hr, id, "decryption", new() { ["endsOn"] = today.AddMonths(12).ToString("yyyy-MM-dd"), ["reason"] = "" });
        Assert.Contains("请填写调整脱密期的理由", Organisation.Problems(noReason));
        await Organisation.HrAsync(hr, id, "decryption", new() { ["endsOn"] = today.AddMonths(12).ToString("yyyy-MM-dd"), ["reason"] = "保密委员会批准缩短" });
        var changed = await Organisation.AssignmentAsync(app, id);
        Assert.Equal(today.AddMonths(12), changed.DecryptionEndsOn);
        Assert.Equal("保密委员会批准缩短", changed.DecryptionChangeReason);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheStaffListShowsEachPersonsCertificationStatusAndPost(string provider)
    {
        var app = await databases.StartAsync(provider);
        var (_, hr, _) = await ActiveOnPostAsync(app);
        await Organisation.PersonOnNewPostAsync(app, "p-new", "王未训", PostLevel.General);

        var page = await hr.GetStringAsync("/staff");

        Assert.Matches(@"张新</td>(?:(?!</tr>).)*data-status=""Certified""(?:(?!</tr>).)*业务专员重要", System.Text.RegularExpressions.Regex.Replace(page, @"\s+", " "));
        Assert.Matches(@"王未训</td>(?:(?!</tr>).)*data-status=""None""", System.Text.RegularExpressions.Regex.Replace(page, @"\s+", " ")); // on no post yet
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task OnlyHrManagesPostAssignments(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);

        Assert.Equal(HttpStatusCode.Forbidden, (await trainee.GetAsync("/posts/assignments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/posts/assignments")).StatusCode);
    }

    /// <summary>A trainee certified, signed, vetted and active on a 重要 post; returns the clients and the assignment id.</summary>
    internal static async Task<(HttpClient Trainee, HttpClient Hr, int Id)> ActiveOnPostAsync(AppFactory app)
    {
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        var (_, postId) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        var hr = await app.SignInAsAsync(Roles.HR);
        var id = await Organisation.ProposeAsync(hr, "u-trainee", postId);
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.SignFirstPendingAsync(trainee)).StatusCode);
        await Organisation.HrAsync(hr, id, "vetting", new() { ["passed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, (await Organisation.HrAsync(hr, id, "activate")).StatusCode);
        return (trainee, hr, id);
    }
}
