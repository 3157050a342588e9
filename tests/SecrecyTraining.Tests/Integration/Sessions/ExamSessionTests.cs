using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Sessions;

namespace SecrecyTraining.Tests.Integration.Sessions;

/// <summary>
/// 考试安排: the audience is resolved and frozen at publishing with every paper drawn ahead; the start is refused outside
/// the window or without the code and is one update (twice is once); extra time before the start lengthens the paper; a
/// 切屏 past the limit submits with its note; a passed attempt cannot be reopened; reminders go once per threshold; two
/// saves of one draft cannot both win. Forms are submitted as the pages offer them.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ExamSessionTests(Databases databases)
{
    private static Dictionary<string, string> Fields(AppFactory app, TimeSpan opensIn, TimeSpan closesIn, int duration, string audience, string? code = null, int? focusLimit = null) => new()
    {
        ["Title"] = "年度保密知识考试",
        ["ExamId"] = "demo-exam",
        ["Opens"] = SessionForm.Local(app.Clock.GetUtcNow() + opensIn),
        ["Closes"] = SessionForm.Local(app.Clock.GetUtcNow() + closesIn),
        ["DurationMinutes"] = duration.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["StartCode"] = code ?? "",
        ["FocusLossLimit"] = focusLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["Audience"] = audience,
    };

    /// <summary>The 保密办 saves the draft from the new-session page and publishes it from the draft's page; returns its id.</summary>
    private static async Task<int> PublishAsync(HttpClient office, Dictionary<string, string> fields)
    {
        var saved = await office.PostFormAsync("/sessions/new", "/sessions/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var url = saved.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var published = await office.PostFormAsync(url, $"/sessions/{id}/publish", []);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        return id;
    }

    private static async Task<HttpResponseMessage> StartAsync(HttpClient trainee, int sessionId, string? code = null) =>
        await trainee.PostFormAsync("/exams", $"/exams/sessions/{sessionId}/start", code is null ? [] : new() { ["startCode"] = code });

    private static Task<Attempt> AttemptAsync(AppFactory app, int sessionId) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Attempts.AsNoTracking().Include(a => a.Questions).SingleAsync(a => a.ExamSessionId == sessionId));

    [Theory, ClassData(typeof(Providers))]
    public async Task PublishingFreezesTheAudienceAndEveryPaperAndTheStartInTheWindowWithTheCodeIsOneUpdate(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        // u-trainee on an 重要 post; a colleague without an account on a 核心 post; both in 业务处.
        var (traineeId, importantPost) = await Organisation.PersonOnNewPostAsync(app, "u-trainee", "测试Trainee");
        var (colleagueId, corePost) = await Organisation.PersonOnNewPostAsync(app, "e-core", "核心同事", PostLevel.Core);
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var posts = await db.Posts.Where(p => p.Id == importantPost || p.Id == corePost).ToListAsync();
            db.PostAssignments.Add(Organisation.AssignmentIn(traineeId, posts.Single(p => p.Id == importantPost), PostAssignmentState.Proposed, app.Clock.GetUtcNow()));
            db.PostAssignments.Add(Organisation.AssignmentIn(colleagueId, posts.Single(p => p.Id == corePost), PostAssignmentState.Proposed, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        var fields = Fields(app, TimeSpan.FromHours(1), TimeSpan.FromHours(3), 45, "Level", code: "K9");
        fields["Level"] = "Important";
        var id = await PublishAsync(office, fields);
        Assert.Contains("draft → published, 1 examinee(s), papers drawn", (await app.LastAuditAsync("session.published")).Details);

        // Only the 重要 post's holder: one paper drawn and frozen, the training assigned to the close, the notice sent.
        var drawn = await AttemptAsync(app, id);
        Assert.Equal((traineeId, AttemptStatus.NotStarted, 3), (drawn.PersonId, drawn.Status, drawn.Questions.Count));
        var (assignment, notices) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.TrainingAssignments.SingleAsync(t => t.ExamSessionId == id),
                await db.Notifications.CountAsync(n => n.Key == $"session:{id}:published:{traineeId}"));
        });
        Assert.Equal((traineeId, TrainingReason.ExamSession, 1), (assignment.PersonId, assignment.Reason, notices));
        Assert.Contains("年度保密知识考试", await trainee.GetStringAsync("/exams"));

        // Before the window the card says when it opens and offers no start. In it: a wrong code is refused, the right one
        // (any case) starts the drawn paper.
        var before = await trainee.GetStringAsync("/exams");
        Assert.Contains("尚未开考", before);
        Assert.DoesNotContain($"/exams/sessions/{id}/start", before);
        // Nor can the same exam be sat alone meanwhile, without the code, the window and the session's rules.
        var alone = await trainee.PostFormAsync("/exams", "/exams/demo-exam/start", []);
        Assert.Contains("这场考试在考试安排“年度保密知识考试”中进行", await trainee.FollowAsync(alone));
        // Half an hour before, the room opens: the form is there, counting down; pressed early (a page without its
        // script) it is refused with the opening time, and nothing starts.
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        var waiting = await trainee.GetStringAsync("/exams");
        Assert.Contains($"/exams/sessions/{id}/start", waiting);
        Assert.Matches("data-countdown=\"(11[4-9][0-9]|1200)\"", waiting); // twenty minutes, less the seconds the form drops
        Assert.Contains("将于", await trainee.FollowAsync(await StartAsync(trainee, id, "K9")));
        Assert.Equal(AttemptStatus.NotStarted, (await AttemptAsync(app, id)).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Contains("开考码不正确", await trainee.FollowAsync(await StartAsync(trainee, id, "K8")));
        Assert.Equal(AttemptStatus.NotStarted, (await AttemptAsync(app, id)).Status);
        Assert.Equal("session " + id + ": wrong start code", (await app.LastAuditAsync("exam.start-code-refused")).Details);
        // Guessing stops after five wrong codes in ten minutes, even with the right one.
        for (var i = 0; i < 4; i++)
        {
            await StartAsync(trainee, id, "K" + i);
        }

        Assert.Contains("开考码输错次数过多", await trainee.FollowAsync(await StartAsync(trainee, id, "K9")));
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var started = await StartAsync(trainee, id, "k9");
        Assert.Equal($"/attempts/{drawn.Id}", started.Headers.Location!.OriginalString);
        var again = await StartAsync(trainee, id); // 继续作答: a second tab resumes the same attempt
        Assert.Equal($"/attempts/{drawn.Id}", again.Headers.Location!.OriginalString);

        var running = await AttemptAsync(app, id);
        Assert.Equal(AttemptStatus.InProgress, running.Status);
        Assert.Equal(running.StartedAt.AddMinutes(45), running.Deadline);
        Assert.Equal(drawn.Questions.Select(q => (q.QuestionId, string.Join(",", q.OptionOrder))), running.Questions.Select(q => (q.QuestionId, string.Join(",", q.OptionOrder))));
        Assert.Equal(1, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action == "exam.started" && e.Subject == $"attempt:{drawn.Id}")));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ExtraTimeBeforeTheStartLengthensThePaperAFocusLossPastTheLimitSubmitsItAndAPassIsNotReopened(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var fields = Fields(app, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), 30, "People", focusLimit: 1);
        fields["People"] = "u-trainee";
        var id = await PublishAsync(office, fields);
        var personId = (await AttemptAsync(app, id)).PersonId;

        // Ten minutes more for one examinee, given on the monitor before the start, with the reason.
        var monitor = $"/sessions/{id}";
        var extra = await office.PostFormAsync(monitor, $"/sessions/{id}/examinees/{personId}/extra-time", new() { ["minutes"] = "10", ["reason"] = "听力障碍，申请延时" });
        Assert.Equal(HttpStatusCode.Redirect, extra.StatusCode);
        Assert.Contains("0 → 10 min (before the start): 听力障碍，申请延时", (await app.LastAuditAsync("session.extra-time")).Details);
        var refused = await office.PostFormAsync(monitor, $"/sessions/{id}/examinees/{personId}/extra-time", new() { ["minutes"] = "10", ["reason"] = " " });
        Assert.Contains("请写明原因", await office.FollowAsync(refused));

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var started = await StartAsync(trainee, id);
        var attempt = await AttemptAsync(app, id);
        Assert.Equal(attempt.StartedAt.AddMinutes(40), attempt.Deadline);

        // The page reports leaving it: the first is recorded with a warning, the second goes past the limit of 1.
        var page = await trainee.GetStringAsync(started.Headers.Location!.OriginalString);
        var token = HttpClientForms.FormToken(page, "#exam");
        async Task<HttpResponseMessage> LeaveAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{attempt.Id}/focus") { Content = JsonContent.Create(new { kind = "blur" }) };
            request.Headers.Add("RequestVerificationToken", token);
            return await trainee.SendAsync(request);
        }

        var first = await LeaveAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("超过 1 次将自动交卷", await first.Content.ReadAsStringAsync());
        var second = await LeaveAsync();
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var closed = await AttemptAsync(app, id);
        Assert.Equal((AttemptStatus.Submitted, 2, 1), (closed.Status, closed.FocusLosses, closed.ClosedAtFocusLimit));
        Assert.Equal("focus losses: 1 → 2 (blur)", (await app.LastAuditAsync("exam.focus-lost")).Details);
        Assert.Equal("system", (await app.LastAuditAsync("exam.submitted")).Actor);
        Assert.Contains("超过本场考试允许的 1 次，系统已按已保存的答案交卷", await trainee.GetStringAsync($"/attempts/{attempt.Id}/result"));
        Assert.Equal(2, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AttemptFocusEvents.CountAsync(e => e.AttemptId == attempt.Id)));

        // Reopened (nothing was answered, so it failed), answered right and submitted: passed, and then not reopened again.
        var reopen = await office.PostFormAsync(monitor, $"/sessions/{id}/examinees/{personId}/reopen", new() { ["minutes"] = "15", ["reason"] = "误触切屏，监考确认" });
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        Assert.Contains("Submitted 0/100 → InProgress", (await app.LastAuditAsync("attempt.reopened")).Details);
        Assert.Contains("focus losses 2 → 0", (await app.LastAuditAsync("attempt.reopened")).Details); // the limit counts afresh
        Assert.Equal(0, (await AttemptAsync(app, id)).FocusLosses);
        var resumed = await trainee.GetStringAsync($"/attempts/{attempt.Id}");
        var session = new AttemptPage(attempt.Id, HttpClientForms.FormToken(resumed, "#exam"), resumed);
        foreach (var (position, keys) in await session.KeysAsync(app))
        {
            (await session.SaveAsync(trainee, position, keys)).EnsureSuccessStatusCode();
        }

        var answered = await trainee.GetStringAsync($"/attempts/{attempt.Id}"); // the page as it shows the saved answers
        await trainee.SubmitFormAsync(answered, $"/attempts/{attempt.Id}", "#exam", []);
        Assert.True((await AttemptAsync(app, id)).Passed);
        Assert.DoesNotContain($"/examinees/{personId}/reopen", await office.GetStringAsync(monitor)); // the monitor offers none
        var again = await office.CraftedPostAsync(monitor, "form[action='/culture']", $"/sessions/{id}/examinees/{personId}/reopen",
            new() { ["minutes"] = "15", ["reason"] = "再开一次" });
        Assert.Contains("这份答卷已经合格，不能重新开放。", await office.FollowAsync(again));
        Assert.True((await AttemptAsync(app, id)).Passed);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task RemindersGoTheDayBeforeAndTheHourBeforeOnceEachAndTwoSavesOfOneDraftCannotBothWin(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        await app.SignInAsAsync(Roles.Trainee);
        var fields = Fields(app, TimeSpan.FromDays(2), TimeSpan.FromDays(2) + TimeSpan.FromHours(2), 60, "People");
        fields["People"] = "u-trainee";

        // Two people open the draft; the first save wins, the second is refused and changes nothing.
        var saved = await office.PostFormAsync("/sessions/new", "/sessions/new", fields);
        var url = saved.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var firstForm = await office.GetStringAsync($"{url}/edit");
        var secondForm = await office.GetStringAsync($"{url}/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await office.SubmitFormAsync(firstForm, $"{url}/edit", $"{url}/edit", new() { ["DurationMinutes"] = "50" })).StatusCode);
        var lost = await office.SubmitFormAsync(secondForm, $"{url}/edit", $"{url}/edit", new() { ["DurationMinutes"] = "70" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lost.StatusCode);
        Assert.Contains("这份草稿已被他人修改", await lost.Content.ReadAsStringAsync());
        Assert.Contains("60 min → exam demo-exam", (await app.LastAuditAsync("session.edited")).Details.Replace(", code none, focus limit none, audience People u-trainee", "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(url, $"/sessions/{id}/publish", [])).StatusCode);
        Assert.Equal(50, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().ExamSessions.Where(x => x.Id == id).Select(x => x.DurationMinutes).SingleAsync()));

        async Task<int> RemindersAsync() => await app.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SecrecyTraining.Web.Features.Jobs.SessionReminders>().RunAsync(CancellationToken.None);
            return await s.GetRequiredService<AppDbContext>().Notifications.CountAsync(n => n.Key.StartsWith($"session:{id}:") && !n.Key.Contains(":published:"));
        });

        Assert.Equal(0, await RemindersAsync()); // two days ahead
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await RemindersAsync());
        Assert.Equal(1, await RemindersAsync()); // run again: nothing more
        app.Clock.Advance(TimeSpan.FromHours(22.5));
        Assert.Equal(2, await RemindersAsync());
        Assert.Equal(2, await RemindersAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheArchiveIsWrittenWithItsManifestAndAuditVerifyFindsEveryHashInTheChainAndAnyAlteration(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        var fields = Fields(app, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), 30, "People");
        fields["People"] = "u-trainee";
        var id = await PublishAsync(office, fields);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var started = await StartAsync(trainee, id);
        var page = await trainee.GetStringAsync(started.Headers.Location!.OriginalString);
        var attempt = await AttemptAsync(app, id);

        // Started online, the paper cannot also be keyed in: its key-in page says so and offers no form.
        var keyIn = await office.GetStringAsync($"/sessions/{id}/paper/{attempt.Id}");
        Assert.Contains("这份答卷已在线作答或已录入。", keyIn);
        Assert.DoesNotContain($"action=\"/sessions/{id}/paper/{attempt.Id}\"", keyIn);

        await trainee.SubmitFormAsync(page, started.Headers.Location!.OriginalString, "#exam", []);
        // The submit does not draw the archive (at the end of a session everyone submits at once): the archiver does,
        // once however often it runs.
        Task<int> ArchivesAsync() => app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AttemptArchives.CountAsync(a => a.AttemptId == attempt.Id));
        Assert.Equal(0, await ArchivesAsync());
        Assert.Equal("1 attempt(s) archived.", await app.WithScopeAsync(s => s.GetRequiredService<Web.Features.Jobs.AttemptArchiver>().RunAsync(CancellationToken.None)));
        Assert.Equal("0 attempt(s) archived.", await app.WithScopeAsync(s => s.GetRequiredService<Web.Features.Jobs.AttemptArchiver>().RunAsync(CancellationToken.None)));
        Assert.Equal(1, await ArchivesAsync());
        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AttemptArchives.AsNoTracking().SingleAsync(a => a.AttemptId == attempt.Id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored.Pdf)), stored.Sha256);
        Assert.StartsWith($"sha256 {stored.Sha256}", (await app.LastAuditAsync("attempt.archived")).Details);
        Assert.Contains("考试存档", await Pdf.TextAsync(stored.Pdf));

        // The person's page offers the archive copy to the 保密办; the year's report counts the session.
        Assert.Contains($"/attempts/{attempt.Id}/archive.pdf", await office.GetStringAsync("/staff/u-trainee"));
        Assert.Equal(stored.Pdf, await office.GetByteArrayAsync($"/attempts/{attempt.Id}/archive.pdf"));
        var year = SecrecyTraining.Web.Infrastructure.Web.LocalTime.Year(app.Clock.GetUtcNow()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("考试安排：1 场（其中补考 0 场）", await office.GetStringAsync($"/compliance/report?year={year}"));

        using var directory = TempContent.Write([]); // an empty temporary directory
        var (written, output, _) = await Verbs.RunAsync(app, "attempts", "archive", id.ToString(System.Globalization.CultureInfo.InvariantCulture), directory.Path);
        Assert.Equal(0, written);
        Assert.Contains("1 attempt(s) written", output);
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(directory.Path, "manifest.sha256")));
        var file = Path.Combine(directory.Path, line.Split("  ")[1]);
        Assert.Equal($"{stored.Sha256}  attempt-{attempt.Id}-u-trainee.pdf", line);
        Assert.Equal(stored.Pdf, await File.ReadAllBytesAsync(file));

        var (verified, verifyOutput, _) = await Verbs.RunAsync(app, "audit", "verify", "--archive", directory.Path);
        Assert.Equal(0, verified);
        Assert.Contains("1 archived attempt file(s)", verifyOutput);
        Assert.Contains("1 attempt archive(s) match it", verifyOutput);

        // A file changed after it was written is named; so is a stored copy changed in the database.
        await File.AppendAllTextAsync(file, " ");
        var (alteredFile, _, fileError) = await Verbs.RunAsync(app, "audit", "verify", "--archive", directory.Path);
        Assert.Equal(1, alteredFile);
        Assert.Contains($"attempt-{attempt.Id}-u-trainee.pdf does not hash to the value manifest.sha256 gives: altered", fileError);
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AttemptArchives.Where(a => a.Id == stored.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Pdf, stored.Pdf.Concat(new byte[] { 0 }).ToArray())));
        var (alteredRow, _, rowError) = await Verbs.RunAsync(app, "audit", "verify");
        Assert.Equal(1, alteredRow);
        Assert.Contains($"the archive of attempt {attempt.Id} (copy {stored.Id}) was altered", rowError);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AMemberOfTheOfficeSittingTheExamCannotExtendReopenOrKeyInTheirOwnPaper(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var colleague = await app.SignInAsAsync(Roles.SecrecyOffice);
        var self = await app.SignInAsAsync(Roles.SecrecyOffice, Roles.Trainee); // u-secrecyoffice-trainee sits it
        var fields = Fields(app, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), 30, "People");
        fields["People"] = "u-secrecyoffice-trainee";
        var id = await PublishAsync(colleague, fields);
        var attempt = await AttemptAsync(app, id);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        var monitor = $"/sessions/{id}";
        // The monitor offers them nothing on their own row; a post made without it is refused.
        Assert.Contains("本人的答卷，由其他保密办人员处理", await self.GetStringAsync(monitor));
        var extend = await self.CraftedPostAsync(monitor, "form[action='/culture']", $"/sessions/{id}/examinees/{attempt.PersonId}/extra-time",
            new() { ["minutes"] = "30", ["reason"] = "我自己" });
        Assert.Contains("不能为自己延长时间或重新开放", await self.FollowAsync(extend));
        // Their own paper's key-in page is refused (so it cannot be read before the exam), and so is a post made without it.
        Assert.Equal(HttpStatusCode.Forbidden, (await self.GetAsync($"/sessions/{id}/paper/{attempt.Id}")).StatusCode);
        var keyIn = await self.CraftedPostAsync(monitor, "form[action='/culture']", $"/sessions/{id}/paper/{attempt.Id}", []);
        Assert.Contains("这是您本人的答卷，须由其他保密办人员录入。", await self.FollowAsync(keyIn));
        Assert.DoesNotContain($"/sessions/{id}/paper/{attempt.Id}", await self.GetStringAsync(monitor)); // not offered either
        var unchanged = await AttemptAsync(app, id);
        Assert.Equal((AttemptStatus.NotStarted, 0), (unchanged.Status, await app.WithScopeAsync(s =>
            s.GetRequiredService<AppDbContext>().SessionExaminees.Where(e => e.SessionId == id).Select(e => e.ExtraMinutes).SingleAsync())));

        // A colleague may.
        var extended = await colleague.PostFormAsync(monitor, $"/sessions/{id}/examinees/{attempt.PersonId}/extra-time", new() { ["minutes"] = "30", ["reason"] = "视力障碍" });
        Assert.Contains("已延长 30 分钟。", await colleague.FollowAsync(extended));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AnAnswerSheetTableWithAProblemNamesItsRowAndKeysInNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        await Organisation.PersonAsync(app, "p-1", "纸质甲");
        await Organisation.PersonAsync(app, "p-2", "纸质乙");
        var fields = Fields(app, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), 30, "People");
        fields["People"] = "p-1\np-2";
        var id = await PublishAsync(office, fields);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var template = await office.GetByteArrayAsync($"/sessions/{id}/paper/template.xlsx");
        using var read = new MemoryStream(template);
        var rows = MiniExcelLibs.MiniExcel.Query(read, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["p-1", "p-2"], rows.Select(r => r["工号"].ToString()));

        // Row 2 is right; row 3 names the wrong employee for its paper: nothing is keyed in, not even row 2.
        rows[0]["1"] = "A";
        rows[1]["工号"] = "p-1";
        using var written = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(written, rows);
        var page = $"/sessions/{id}";
        var response = await office.PostFormAsync(page, $"/sessions/{id}/paper/import", [], new FormFile("file", "答卷.xlsx", written.ToArray()));
        var shown = await office.FollowAsync(response);
        Assert.Contains($"第 3 行：答卷 {rows[1]["答卷编号"]} 是工号 p-2 的，表中写的是“p-1”", shown);
        Assert.Equal(2, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.CountAsync(a => a.ExamSessionId == id && a.Status == AttemptStatus.NotStarted)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheMakeUpIsForThoseWhoFailedOrMissedAndOpensOnlyAfterTheOriginalCloses(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var trainee = await app.SignInAsAsync(Roles.Trainee);
        await app.CompleteCourseAsync("u-trainee", "basics");
        await Organisation.PersonAsync(app, "p-pass", "合格者");
        await Organisation.PersonAsync(app, "p-miss", "缺考者");
        var fields = Fields(app, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), 30, "People");
        fields["People"] = "u-trainee\np-pass\np-miss";
        var id = await PublishAsync(office, fields);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        // u-trainee sits it online and submits nothing (fails); p-pass's paper is keyed in right; p-miss never comes.
        var started = await StartAsync(trainee, id);
        var page = await trainee.GetStringAsync(started.Headers.Location!.OriginalString);
        await trainee.SubmitFormAsync(page, started.Headers.Location!.OriginalString, "#exam", []);
        var paper = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Attempts.Where(a => a.ExamSessionId == id)
            .Join(s.GetRequiredService<AppDbContext>().People.Where(p => p.EmployeeNumber == "p-pass"), a => a.PersonId, p => p.Id, (a, p) => a.Id).SingleAsync());
        var keys = await new AttemptPage(paper, "", "").KeysAsync(app);
        var keyInPage = $"/sessions/{id}/paper/{paper}";
        var html = await office.GetStringAsync(keyInPage);
        await office.SubmitFormValuesAsync(html, keyInPage, keyInPage, keys.SelectMany(k => k.Value.Select(v => new KeyValuePair<string, string>($"q{k.Key}", v.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        // While the original is open a make-up cannot be published: its list is not known yet.
        var makeUp = await office.GetStringAsync($"/sessions/new?makeUpOf={id}");
        var makeUpFields = new Dictionary<string, string>
        {
            ["Opens"] = SessionForm.Local(app.Clock.GetUtcNow() + TimeSpan.FromHours(2)),
            ["Closes"] = SessionForm.Local(app.Clock.GetUtcNow() + TimeSpan.FromHours(4)),
        };
        var saved = await office.SubmitFormAsync(makeUp, $"/sessions/new?makeUpOf={id}", "/sessions/new", makeUpFields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var makeUpUrl = saved.Headers.Location!.OriginalString;
        var early = await office.PostFormAsync(makeUpUrl, $"{makeUpUrl}/publish", []);
        Assert.Contains("原场次还没有截止", await office.FollowAsync(early));

        app.Clock.Advance(TimeSpan.FromHours(1));
        var draft = await office.GetStringAsync(makeUpUrl);
        Assert.Contains("参加人员（按今天的名单）：2 人", draft);
        Assert.Contains("缺考者", draft);
        Assert.Contains("测试Trainee", draft);
        Assert.DoesNotContain("合格者", draft);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostFormAsync(makeUpUrl, $"{makeUpUrl}/publish", [])).StatusCode);
        Assert.Contains("draft → published, 2 examinee(s)", (await app.LastAuditAsync("session.published")).Details);
    }
}
