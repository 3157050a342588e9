using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Exams;
using SecrecyTraining.Web.Features.Notifications;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>A person a session is (or would be) for.</summary>
public sealed record Examinee(int PersonId, string EmployeeNumber, string Name, string Department);

/// <summary>One examinee on the live monitor: their paper's state and progress, and the extra time they were given.</summary>
public sealed record MonitorRow(
    Examinee Person, int AttemptId, AttemptStatus Status, DateTimeOffset StartedAt, DateTimeOffset Deadline, DateTimeOffset? SubmittedAt,
    int Answered, int Questions, DateTimeOffset? LastSave, int FocusLosses, int ExtraMinutes, string? ExtraReason,
    decimal? Score, decimal MaxScore, bool? Passed, bool AwaitingGrading);

/// <summary>The monitor's counts for one department (or the whole session: <see cref="Department"/> null).</summary>
public sealed record MonitorCounts(string? Department, int NotStarted, int InProgress, int Submitted, int Finalized)
{
    public int Total => NotStarted + InProgress + Submitted + Finalized;

    public static MonitorCounts Of(string? department, IEnumerable<MonitorRow> rows)
    {
        var list = rows.ToList();
        return new(department, list.Count(r => r.Status == AttemptStatus.NotStarted), list.Count(r => r.Status == AttemptStatus.InProgress),
            list.Count(r => r.Status == AttemptStatus.Submitted), list.Count(r => r.Status == AttemptStatus.Finalized));
    }
}

/// <summary>What a change to a session did: done, or the problems in the way (beside their fields; "" for the form).</summary>
public sealed record SessionChange(int? SessionId, IReadOnlyList<FieldProblem> Problems)
{
    public bool Done => Problems.Count == 0;
}

/// <summary>
/// 考试安排: the 保密办 prepares a session (a draft), publishes it — every examinee's paper is drawn and frozen, the training
/// assigned and the notice sent, in one transaction — and during the window gives extra time or reopens an attempt. The
/// examinee's start is one conditional update of the drawn attempt. Every change is audited in its transaction.
/// </summary>
public sealed class SessionService(
    AppDbContext db,
    TimeProvider clock,
    Audit.AuditLog audit,
    PaperDraw draw,
    Standing standing,
    Notifier notifier,
    ExamService exams,
    IStringLocalizer<SharedResource> localizer)
{
    public const int MaxExtraMinutes = 600;

    /// <summary>Wrong start codes an examinee may type in ten minutes.</summary>
    public const int MaxWrongCodes = 5;

    /// <summary>The blueprints a session may sit: current formal exams.</summary>
    public Task<List<ExamBlueprint>> ExamsAsync(CancellationToken ct = default) =>
        db.ExamBlueprints.AsNoTracking().Where(e => !e.IsRetired && e.Kind != ExamKind.Practice).OrderBy(e => e.Id).ToListAsync(ct);

    /// <summary>Creates a draft, or saves the draft <paramref name="id"/> when its version is still the form's.</summary>
    public async Task<SessionChange> SaveDraftAsync(int? id, SessionForm form, string actor, CancellationToken ct = default)
    {
        var problems = new List<FieldProblem>();
        if (id is not null)
        {
            // A draft's make-up link is its own, whatever the form says.
            form.MakeUpOfId = await db.ExamSessions.Where(s => s.Id == id).Select(s => s.MakeUpOfId).SingleOrDefaultAsync(ct);
        }

        var values = await CheckAsync(form, problems, ct);
        if (values is null)
        {
            return new SessionChange(null, problems);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        ExamSession session;
        if (id is null)
        {
            session = new ExamSession
            {
                Title = values.Title,
                ExamId = values.ExamId,
                MakeUpOfId = values.MakeUpOfId,
                CreatedBy = actor,
                CreatedAt = clock.GetUtcNow(),
                Status = ExamSessionStatus.Draft,
            };
            values.ApplyTo(session);
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(actor, "session.created", $"session:{session.Id}", $"{session.Title}: {Describe(session)}", ct);
        }
        else
        {
            var found = await db.ExamSessions.SingleOrDefaultAsync(s => s.Id == id, ct);
            if (found is null || found.Status != ExamSessionStatus.Draft)
            {
                return new SessionChange(null, [new("", localizer["考试安排已发布，不能再修改；可以为个人延长时间或安排补考。"])]);
            }

            if (found.Version != form.Version)
            {
                return new SessionChange(null, [new("", localizer["这份草稿已被他人修改，请重新打开后再保存。"])]);
            }

            var before = Describe(found);
            var beforeTitle = found.Title;
            values.ApplyTo(found);
            found.Title = values.Title;
            found.ExamId = values.ExamId;
            found.Version++;
            try
            {
                await db.SaveChangesAsync(ct); // Version is a concurrency token: of two saves of one draft, the second fails here
            }
            catch (DbUpdateConcurrencyException)
            {
                return new SessionChange(null, [new("", localizer["这份草稿已被他人修改，请重新打开后再保存。"])]);
            }

            var after = Describe(found);
            await audit.AppendAsync(actor, "session.edited", $"session:{found.Id}",
                $"{(beforeTitle == found.Title ? "" : $"title: {beforeTitle} → {found.Title}; ")}{before} → {after}", ct);
            session = found;
        }

        await transaction.CommitAsync(ct);
        return new SessionChange(session.Id, []);
    }

    /// <summary>The session's settings in one line, for the audit log (old → new).</summary>
    public static string Describe(ExamSession s) => string.Create(CultureInfo.InvariantCulture,
        $"exam {s.ExamId}, {LocalTime.Format(s.OpensAt)}–{LocalTime.Format(s.ClosesAt)}, {s.DurationMinutes} min, code {(s.StartCode is null ? "none" : "set")}, focus limit {s.FocusLossLimit?.ToString(CultureInfo.InvariantCulture) ?? "none"}, audience {s.Audience}{(s.AudienceValue is null ? "" : $" {s.AudienceValue.ReplaceLineEndings(",")}")}");

    private sealed record CheckedForm(
        string Title, string ExamId, DateTimeOffset Opens, DateTimeOffset Closes, int Duration, string? Code, int? FocusLimit,
        SessionAudience Audience, string? AudienceValue, int? MakeUpOfId)
    {
        public void ApplyTo(ExamSession s)
        {
            (s.OpensAt, s.ClosesAt, s.DurationMinutes, s.StartCode, s.FocusLossLimit, s.Audience, s.AudienceValue) =
                (Opens, Closes, Duration, Code, FocusLimit, Audience, AudienceValue);
        }
    }

    private async Task<CheckedForm?> CheckAsync(SessionForm form, List<FieldProblem> problems, CancellationToken ct)
    {
        var title = form.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            problems.Add(new(nameof(form.Title), localizer["请填写考试名称（最多 200 字）。"]));
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == form.ExamId && !e.IsRetired && e.Kind != ExamKind.Practice, ct);
        if (exam is null)
        {
            problems.Add(new(nameof(form.ExamId), localizer["请选择一份正式考试的试卷策略。"]));
        }

        var opens = SessionForm.ParseLocal(form.Opens);
        var closes = SessionForm.ParseLocal(form.Closes);
        if (opens is null)
        {
            problems.Add(new(nameof(form.Opens), localizer["请填写开考时间（北京时间）。"]));
        }

        if (closes is null)
        {
            problems.Add(new(nameof(form.Closes), localizer["请填写截止时间（北京时间）。"]));
        }
        else if (opens is not null && closes <= opens)
        {
            problems.Add(new(nameof(form.Closes), localizer["截止时间须晚于开考时间。"]));
        }
        else if (closes <= clock.GetUtcNow())
        {
            problems.Add(new(nameof(form.Closes), localizer["截止时间已经过去。"]));
        }

        if (form.DurationMinutes is not { } duration || duration is < 1 or > 600)
        {
            problems.Add(new(nameof(form.DurationMinutes), localizer["考试时长须在 1 到 600 分钟之间。"]));
        }
        else if (opens is not null && closes is not null && closes > opens && opens.Value.AddMinutes(duration) > closes)
        {
            problems.Add(new(nameof(form.DurationMinutes), localizer["考试时长不能长于考试窗口（{0} 分钟）。", (int)(closes.Value - opens.Value).TotalMinutes]));
        }

        var code = string.IsNullOrWhiteSpace(form.StartCode) ? null : form.StartCode.Trim();
        if (code is not null && (code.Length > 32 || !code.All(char.IsAsciiLetterOrDigit)))
        {
            problems.Add(new(nameof(form.StartCode), localizer["开考码只能由字母和数字组成（最多 32 位）。"]));
        }

        if (form.FocusLossLimit is < 1 or > 100)
        {
            problems.Add(new(nameof(form.FocusLossLimit), localizer["切屏次数上限须在 1 到 100 之间，不限制请留空。"]));
        }

        string? value = null;
        int? makeUpOf = null;
        var audience = form.MakeUpOfId is null ? form.Audience : SessionAudience.MakeUp;
        switch (audience)
        {
            case SessionAudience.Department:
                if (form.DepartmentId is { } department && await db.Departments.AnyAsync(d => d.Id == department, ct))
                {
                    value = department.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new(nameof(form.DepartmentId), localizer["请选择处室。"]));
                }

                break;
            case SessionAudience.Level:
                if (form.Level is { } level && Enum.IsDefined(level))
                {
                    value = level.ToString();
                }
                else
                {
                    problems.Add(new(nameof(form.Level), localizer["请选择岗位等级。"]));
                }

                break;
            case SessionAudience.People:
                var numbers = SessionForm.EmployeeNumbers(form.People);
                var known = await db.People.Where(p => numbers.Contains(p.EmployeeNumber)).Select(p => p.EmployeeNumber).ToListAsync(ct);
                var unknown = numbers.Except(known, StringComparer.Ordinal).ToList();
                if (numbers.Count == 0)
                {
                    problems.Add(new(nameof(form.People), localizer["请填写参加考试的人员工号，每行一个。"]));
                }
                else if (unknown.Count > 0)
                {
                    problems.Add(new(nameof(form.People), localizer["没有这些工号的人员：{0}。", string.Join("、", unknown.Take(20))]));
                }

                value = string.Join("\n", numbers);
                break;
            case SessionAudience.ExpiringBefore:
                if (DateOnly.TryParseExact(form.ExpiringBefore?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new(nameof(form.ExpiringBefore), localizer["请填写日期（如 2027-03-31）。"]));
                }

                break;
            case SessionAudience.MakeUp:
                var original = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == form.MakeUpOfId && s.Status == ExamSessionStatus.Published, ct);
                if (original is null)
                {
                    problems.Add(new("", localizer["补考须对应一场已发布的考试安排。"]));
                }
                else if (original.ExamId != form.ExamId)
                {
                    problems.Add(new(nameof(form.ExamId), localizer["补考使用原场次的试卷策略（{0}）。", original.ExamId]));
                }
                else if (opens is not null && opens < original.ClosesAt)
                {
                    problems.Add(new(nameof(form.Opens), localizer["补考须在原场次截止（{0}）之后开考。", LocalTime.Format(original.ClosesAt)]));
                }

                makeUpOf = original?.Id;
                break;
            case SessionAudience.AllOnPosts:
                break;
            default:
                problems.Add(new(nameof(form.Audience), localizer["请选择参加人员。"]));
                break;
        }

        return problems.Count > 0 ? null : new CheckedForm(title, exam!.Id, opens!.Value, closes!.Value, form.DurationMinutes!.Value, code, form.FocusLossLimit, audience, value, makeUpOf);
    }

    /// <summary>The people the session is for, as its audience reads today (a draft's preview; what publishing freezes).</summary>
    public async Task<List<Examinee>> AudienceAsync(ExamSession session, CancellationToken ct = default)
    {
        var onPosts = db.PostAssignments.Where(a => a.State != PostAssignmentState.Ended);
        IQueryable<Person> people = db.People;
        switch (session.Audience)
        {
            case SessionAudience.AllOnPosts:
                people = people.Where(p => onPosts.Any(a => a.PersonId == p.Id));
                break;
            case SessionAudience.Department:
                var department = int.Parse(session.AudienceValue!, CultureInfo.InvariantCulture);
                people = people.Where(p => p.DepartmentId == department);
                break;
            case SessionAudience.Level:
                var level = Enum.Parse<PostLevel>(session.AudienceValue!);
                people = people.Where(p => onPosts.Any(a => a.PersonId == p.Id && a.Post!.Level == level));
                break;
            case SessionAudience.People:
                var numbers = SessionForm.EmployeeNumbers(session.AudienceValue);
                people = people.Where(p => numbers.Contains(p.EmployeeNumber));
                break;
            case SessionAudience.ExpiringBefore:
                var before = LocalTime.StartOf(DateOnly.ParseExact(session.AudienceValue!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                var type = await db.ExamBlueprints.Where(e => e.Id == session.ExamId).Select(e => e.CertificationTypeId).SingleAsync(ct);
                var valid = db.Certifications.Where(c => c.State == CertificationState.Valid && (type == null || c.CertificationTypeId == type));
                // Those whose certification runs out before the date, and those on a post who hold none at all.
                people = people.Where(p => valid.Any(c => c.PersonId == p.Id && c.ValidUntil < before)
                                           || (!valid.Any(c => c.PersonId == p.Id) && onPosts.Any(a => a.PersonId == p.Id)));
                break;
            case SessionAudience.MakeUp:
                // The original's examinees who have not passed this exam since it opened — there, in another make-up, or alone.
                var originalOpened = await db.ExamSessions.Where(s => s.Id == session.MakeUpOfId).Select(s => s.OpensAt).SingleAsync(ct);
                var examinees = db.SessionExaminees.Where(e => e.SessionId == session.MakeUpOfId).Select(e => e.PersonId);
                var passed = db.Attempts.Where(a => a.ExamId == session.ExamId && a.Passed == true && a.SubmittedAt >= originalOpened).Select(a => a.PersonId);
                people = people.Where(p => examinees.Contains(p.Id) && !passed.Contains(p.Id));
                break;
            default:
                return [];
        }

        return await (from p in people.AsNoTracking()
                      join d in db.Departments on p.DepartmentId equals d.Id
                      orderby d.Name, p.EmployeeNumber
                      select new Examinee(p.Id, p.EmployeeNumber, p.Name, d.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// Publishes a draft: draws and freezes every examinee's paper (versions and option order), assigns the training due at
    /// the window's close and puts the notice in each examinee's inbox — all in one transaction, audited.
    /// </summary>
    public async Task<SessionChange> PublishAsync(int id, int version, string actor, CancellationToken ct = default)
    {
        var session = await db.ExamSessions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || session.Status != ExamSessionStatus.Draft)
        {
            return new SessionChange(null, [new("", localizer["这场考试已经发布。"])]);
        }

        if (session.Version != version)
        {
            return new SessionChange(null, [new("", localizer["这份草稿已被他人修改，请重新打开后再发布。"])]);
        }

        var now = clock.GetUtcNow();
        if (session.ClosesAt <= now)
        {
            return new SessionChange(null, [new(nameof(SessionForm.Closes), localizer["截止时间已经过去，请修改后再发布。"])]);
        }

        if (session.MakeUpOfId is { } originalId)
        {
            if (await db.ExamSessions.Where(s => s.Id == originalId).Select(s => s.ClosesAt).SingleAsync(ct) > now)
            {
                return new SessionChange(null, [new("", localizer["原场次还没有截止，截止后才能确定补考名单。"])]);
            }

            // Someone still writing (extra time, reopened) or waiting for a grade has no result yet: the list waits for them.
            if (await db.Attempts.AnyAsync(a => a.ExamSessionId == originalId && (a.Status == AttemptStatus.InProgress || a.AwaitingGrading), ct))
            {
                return new SessionChange(null, [new("", localizer["原场次还有考生在作答或待阅卷，结果出来后才能确定补考名单。"])]);
            }
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == session.ExamId, ct);
        var examinees = await AudienceAsync(session, ct);
        if (examinees.Count == 0)
        {
            return new SessionChange(null, [new("", localizer["参加人员名单是空的，没有可发布的试卷。"])]);
        }

        var papers = await draw.DrawManyAsync(exam, examinees.Count, ct);
        if (papers is null)
        {
            return new SessionChange(null, [new("", localizer["题库中的题目不足以组成这份试卷，请先调整试卷策略。"])]);
        }

        var ids = examinees.Select(e => e.PersonId).ToList();
        var numbers = await db.Attempts.Where(a => a.ExamId == exam.Id && ids.Contains(a.PersonId))
            .GroupBy(a => a.PersonId).Select(g => new { g.Key, Last = g.Max(a => a.Number) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        var passMarks = new Dictionary<int, int>();
        foreach (var personId in ids)
        {
            passMarks[personId] = exam.PassMarkPercent ?? await standing.PassMarkForPersonAsync(personId, ct);
        }

        var accounts = await notifier.AccountsOfAsync(ids, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.ExamSessions.Where(s => s.Id == id && s.Status == ExamSessionStatus.Draft && s.Version == version)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, ExamSessionStatus.Published).SetProperty(s => s.Version, version + 1)
                    .SetProperty(s => s.PublishedBy, actor).SetProperty(s => s.PublishedAt, now), ct) == 0)
        {
            return new SessionChange(null, [new("", localizer["这场考试已经发布。"])]);
        }

        var attempts = examinees.Select((e, i) =>
        {
            var attempt = new Attempt
            {
                PersonId = e.PersonId,
                ExamId = exam.Id,
                ExamSessionId = session.Id,
                Number = numbers.GetValueOrDefault(e.PersonId) + 1,
                StartedAt = session.OpensAt,
                Deadline = session.ClosesAt,
                Status = AttemptStatus.NotStarted,
                PassMarkPercent = passMarks[e.PersonId],
                Review = exam.Review,
                MaxScore = papers[i].Sum(q => q.Points),
            };
            attempt.Questions.AddRange(papers[i]);
            return attempt;
        }).ToList();
        db.Attempts.AddRange(attempts);
        await db.SaveChangesAsync(ct);

        db.SessionExaminees.AddRange(attempts.Select(a => new SessionExaminee { SessionId = session.Id, PersonId = a.PersonId, AttemptId = a.Id }));
        db.TrainingAssignments.AddRange(examinees.Select(e => new TrainingAssignment
        {
            PersonId = e.PersonId,
            Reason = TrainingReason.ExamSession,
            CourseId = exam.CourseId,
            ExamId = exam.Id,
            AssignedAt = now,
            DueAt = session.ClosesAt,
            Key = $"session:{session.Id}:{e.PersonId}",
            ExamSessionId = session.Id,
        }));
        var window = Window(session);
        await notifier.AddAsync([.. examinees.Where(e => accounts.ContainsKey(e.PersonId)).Select(e => new NotificationDraft(
            accounts[e.PersonId], $"session:{session.Id}:published:{e.PersonId}", $"考试安排：{session.Title}",
            $"考试时间 {window}，考试时长 {session.DurationMinutes} 分钟{(session.StartCode is null ? "" : "，开考码在考场公布")}。{(exam.CourseId is null ? "" : "请在考试前学完课程。")}",
            "/exams"))], ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, "session.published", $"session:{session.Id}",
            $"{session.Title}: draft → published, {examinees.Count} examinee(s), papers drawn", ct);
        await transaction.CommitAsync(ct);
        return new SessionChange(session.Id, []);
    }

    /// <summary>The window as shown: "2026-12-10 09:00–11:00" (the date once when it is one day).</summary>
    public static string Window(ExamSession s)
    {
        var (opens, closes) = (LocalTime.Format(s.OpensAt), LocalTime.Format(s.ClosesAt));
        return opens[..10] == closes[..10] ? $"{opens}–{closes[11..]}" : $"{opens} – {closes}";
    }

    /// <summary>
    /// The examinee starts their drawn paper: inside the window, with the start code when the session has one. One
    /// conditional update (and its audit entry); a second tab resumes the same attempt.
    /// </summary>
    public async Task<StartResult> StartAsync(int sessionId, int personId, string actor, string? code, CancellationToken ct = default)
    {
        var row = await (from e in db.SessionExaminees.AsNoTracking()
                         join s in db.ExamSessions on e.SessionId equals s.Id
                         join a in db.Attempts on e.AttemptId equals a.Id
                         where e.SessionId == sessionId && e.PersonId == personId
                         select new { Session = s, e.ExtraMinutes, a.Id, a.Status }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return new StartResult(null, localizer["您不在这场考试的名单中。"]);
        }

        if (row.Status != AttemptStatus.NotStarted)
        {
            return new StartResult(row.Id, null); // running: resume; closed: its result
        }

        var session = row.Session;
        var now = clock.GetUtcNow();
        if (now < session.OpensAt)
        {
            return new StartResult(null, localizer["“{0}”将于 {1} 开考。", session.Title, LocalTime.Format(session.OpensAt)]);
        }

        if (now >= session.ClosesAt)
        {
            return new StartResult(null, localizer["“{0}”已于 {1} 截止。", session.Title, LocalTime.Format(session.ClosesAt)]);
        }

        if (session.StartCode is { } expected)
        {
            // Wrong codes are audited, and after five in ten minutes the examinee asks the invigilator instead of guessing.
            var since = now.AddMinutes(-10);
            var subject = $"attempt:{row.Id}";
            if (await db.AuditEntries.CountAsync(e => e.Action == "exam.start-code-refused" && e.Subject == subject && e.At > since, ct) >= MaxWrongCodes)
            {
                return new StartResult(null, localizer["开考码输错次数过多，请 10 分钟后再试，或请监考人员核对。"]);
            }

            if (!string.Equals(expected, code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                await audit.AppendAsync(actor, "exam.start-code-refused", subject, $"session {sessionId}: wrong start code", ct);
                return new StartResult(null, localizer["开考码不正确，请核对考场公布的开考码。"]);
            }
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == session.ExamId, ct);
        if (await exams.SittingRefusalAsync(personId, exam, ct) is { } refusal)
        {
            return new StartResult(null, refusal);
        }

        var deadline = session.DeadlineFor(now, row.ExtraMinutes);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var started = await db.Attempts.Where(a => a.Id == row.Id && a.Status == AttemptStatus.NotStarted)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, AttemptStatus.InProgress).SetProperty(a => a.StartedAt, now).SetProperty(a => a.Deadline, deadline), ct);
        if (started == 1)
        {
            // Extra time given between the read above and this update (which holds the row now) is not lost.
            var extra = await db.SessionExaminees.Where(e => e.SessionId == sessionId && e.PersonId == personId).Select(e => e.ExtraMinutes).SingleAsync(ct);
            if (extra != row.ExtraMinutes)
            {
                deadline = session.DeadlineFor(now, extra);
                await db.Attempts.Where(a => a.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.Deadline, deadline), ct);
            }

            await audit.AppendAsync(actor, "exam.started", $"attempt:{row.Id}", $"{session.ExamId} in session {sessionId}, due {LocalTime.Format(deadline)}", ct);
            await transaction.CommitAsync(ct);
        }

        return new StartResult(row.Id, null);
    }

    /// <summary>
    /// Gives one examinee extra time: before the start it lengthens their paper's time; while it runs it moves the deadline
    /// (the page's countdown follows). A closed attempt is reopened instead (<see cref="ReopenAsync"/>).
    /// </summary>
    public async Task<string?> GiveExtraTimeAsync(
        int sessionId, int personId, int minutes, string? reason, string actor, int? actorPersonId = null, CancellationToken ct = default)
    {
        if (personId == actorPersonId)
        {
            return localizer["不能为自己延长时间或重新开放，须由其他保密办人员处理。"];
        }

        if (Refusal(minutes, reason) is { } refusal)
        {
            return refusal;
        }

        var examinee = await db.SessionExaminees.AsNoTracking().SingleOrDefaultAsync(e => e.SessionId == sessionId && e.PersonId == personId, ct);
        if (examinee is null)
        {
            return localizer["这位人员不在本场考试名单中。"];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The attempt's row lock orders this against a start at the same moment: either the start reads the new extra
        // time, or this sees the started attempt and moves its deadline.
        await db.Attempts.Where(a => a.Id == examinee.AttemptId).ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, a => a.Status), ct);
        var attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == examinee.AttemptId, ct);
        if (attempt.Status is AttemptStatus.Submitted or AttemptStatus.Finalized)
        {
            return localizer["这份答卷已经交卷，请用“重新开放”。"];
        }

        await db.SessionExaminees.Where(e => e.SessionId == sessionId && e.PersonId == personId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ExtraMinutes, e => e.ExtraMinutes + minutes).SetProperty(e => e.ExtraReason, reason!.Trim()), ct);
        var after = await db.SessionExaminees.Where(e => e.SessionId == sessionId && e.PersonId == personId).Select(e => e.ExtraMinutes).SingleAsync(ct);
        var before = after - minutes;
        var moved = attempt.Status == AttemptStatus.InProgress
            ? await db.Attempts.Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.InProgress)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Deadline, attempt.Deadline.AddMinutes(minutes)), ct)
            : 0;
        var details = moved == 1
            ? $"extra time: {before} → {after} min, deadline {LocalTime.Format(attempt.Deadline)} → {LocalTime.Format(attempt.Deadline.AddMinutes(minutes))}: {reason!.Trim()}"
            : $"extra time: {before} → {after} min (before the start): {reason!.Trim()}";
        await audit.AppendAsync(actor, "session.extra-time", $"attempt:{attempt.Id}", details, ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// Reopens a closed attempt that did not pass for <paramref name="minutes"/> from now (the examinee's computer crashed):
    /// its saved answers stay, its result is withdrawn until it is submitted again.
    /// </summary>
    public async Task<string?> ReopenAsync(
        int sessionId, int personId, int minutes, string? reason, string actor, int? actorPersonId = null, CancellationToken ct = default)
    {
        if (personId == actorPersonId)
        {
            return localizer["不能为自己延长时间或重新开放，须由其他保密办人员处理。"];
        }

        if (Refusal(minutes, reason) is { } refusal)
        {
            return refusal;
        }

        var examinee = await db.SessionExaminees.AsNoTracking().SingleOrDefaultAsync(e => e.SessionId == sessionId && e.PersonId == personId, ct);
        if (examinee is null)
        {
            return localizer["这位人员不在本场考试名单中。"];
        }

        var attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == examinee.AttemptId, ct);
        if (attempt.Status is AttemptStatus.NotStarted or AttemptStatus.InProgress)
        {
            return localizer["这份答卷还没有交卷，请用“延长时间”。"];
        }

        if (attempt.Passed == true || attempt.AwaitingGrading)
        {
            return localizer[attempt.Passed == true ? "这份答卷已经合格，不能重新开放。" : "这份答卷待阅卷，不能重新开放。"];
        }

        if (await exams.FormalAttemptOpenAsync(personId, attempt.Id, ct))
        {
            return localizer["这位人员正在进行另一场考试。"];
        }

        var now = clock.GetUtcNow();
        var previous = attempt.Status;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Attempts.Where(a => a.Id == attempt.Id && a.Status == previous && a.Passed != true)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, AttemptStatus.InProgress).SetProperty(a => a.Deadline, now.AddMinutes(minutes))
                    .SetProperty(a => a.SubmittedAt, (DateTimeOffset?)null).SetProperty(a => a.Score, (decimal?)null).SetProperty(a => a.Passed, (bool?)null)
                    .SetProperty(a => a.CloseNote, (string?)null)
                    // Closed for leaving the page too often: it reopens with the count started again (the events are kept).
                    .SetProperty(a => a.FocusLosses, a => a.CloseNote != null && a.CloseNote.StartsWith("focus-limit:") ? 0 : a.FocusLosses), ct) == 0)
        {
            return localizer["这份答卷刚刚被他人处理，请刷新后再试。"];
        }

        // The grades of the closed attempt go with its result: the attempt is graded again when it is submitted again.
        await db.Responses.Where(r => r.AttemptId == attempt.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Correct, (bool?)null)
            .SetProperty(r => r.Awarded, (decimal?)null).SetProperty(r => r.GradedBy, (string?)null).SetProperty(r => r.GradedAt, (DateTimeOffset?)null)
            .SetProperty(r => r.GraderComment, (string?)null), ct);
        await db.SessionExaminees.Where(e => e.SessionId == sessionId && e.PersonId == personId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ExtraMinutes, e => e.ExtraMinutes + minutes).SetProperty(e => e.ExtraReason, reason!.Trim()), ct);
        var focus = attempt.ClosedAtFocusLimit is null ? "" : $", focus losses {attempt.FocusLosses} → 0";
        await audit.AppendAsync(actor, "attempt.reopened", $"attempt:{attempt.Id}",
            $"{previous} {attempt.Score?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-"}/{attempt.MaxScore:0.##} → InProgress until {LocalTime.Format(now.AddMinutes(minutes))} (+{minutes} min{focus}): {reason!.Trim()}", ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// Keys in the answers of a paper attempt from its answer sheet (<paramref name="answers"/>: per position, the options
    /// as printed and the texts written), then submits it: it is graded as an online attempt is, and a pass certifies.
    /// </summary>
    public async Task<string?> KeyInAsync(int sessionId, int attemptId, IReadOnlyDictionary<int, (IReadOnlyList<int> Selected, IReadOnlyList<string> Texts)> answers,
        string actor, int? actorPersonId = null, CancellationToken ct = default)
    {
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.Questions).ThenInclude(q => q.Question)
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.ExamSessionId == sessionId, ct);
        var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (attempt is null || session is null)
        {
            return localizer["没有这份答卷。"];
        }

        if (attempt.Status != AttemptStatus.NotStarted)
        {
            return localizer["答卷 {0} 已在线作答或已录入，不能再录入。", attemptId];
        }

        if (attempt.PersonId == actorPersonId)
        {
            return localizer["这是您本人的答卷，须由其他保密办人员录入。"]; // as in grading: nobody enters their own answers
        }

        var now = clock.GetUtcNow();
        if (now < session.OpensAt)
        {
            return localizer["考试还没有开始，开考后才能录入纸质答卷。"];
        }

        foreach (var q in attempt.Questions.OrderBy(q => q.Position))
        {
            var (selected, texts) = answers.GetValueOrDefault(q.Position, ([], []));
            if (q.Question!.Type is QuestionType.Single or QuestionType.TrueFalse && selected.Count > 1)
            {
                return localizer["第 {0} 题只能选一个答案。", q.Position];
            }

            var longest = q.Question.Type == QuestionType.ShortAnswer ? ExamService.MaxShortAnswerLength : ExamService.MaxBlankLength;
            if (selected.Any(i => i < 0 || i >= q.OptionOrder.Count) || texts.Count > Math.Max(1, q.Question.Blanks.Count) || texts.Any(t => t.Length > longest))
            {
                return localizer["第 {0} 题的答案无效（选项不存在，或超过 {1} 字）。", q.Position, longest];
            }
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Claimed once: an attempt being keyed in cannot also be started online, nor keyed in twice.
            if (await db.Attempts.Where(a => a.Id == attemptId && a.Status == AttemptStatus.NotStarted)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, AttemptStatus.InProgress).SetProperty(a => a.OnPaper, true)
                        .SetProperty(a => a.StartedAt, session.OpensAt).SetProperty(a => a.Deadline, now.AddMinutes(10)), ct) == 0)
            {
                return localizer["答卷 {0} 已在线作答或已录入，不能再录入。", attemptId];
            }

            await audit.AppendAsync(actor, "exam.keyed-in", $"attempt:{attemptId}",
                $"paper answers of {answers.Count(a => a.Value.Selected.Count > 0 || a.Value.Texts.Any(t => t.Length > 0))} of {attempt.Questions.Count} question(s)", ct);
            await transaction.CommitAsync(ct);
        }

        foreach (var (position, (selected, texts)) in answers)
        {
            // Checked above; a refusal here would be a bug, not a sheet to drop silently.
            var saved = await exams.SaveKeyedInAsync(attemptId, attempt.PersonId, position, selected, texts, ct);
            if (saved.Status != SaveStatus.Saved)
            {
                throw new InvalidOperationException($"Paper attempt {attemptId}: answer {position} was refused ({saved.Status}: {saved.Message}).");
            }
        }

        await exams.SubmitKeyedInAsync(attemptId, actor, ct);
        return null;
    }

    private static readonly IReadOnlyList<int> NoOptions = [];

    private static readonly IReadOnlyList<string> NoTexts = [];

    /// <summary>
    /// Every examinee of a published session with their progress: answered questions, last save, 切屏 count, extra time.
    /// Attempts past their deadline are finalized first, so the counts say what is true now.
    /// </summary>
    public async Task<List<MonitorRow>> MonitorAsync(int sessionId, CancellationToken ct = default)
    {
        await exams.FinalizeOverdueInSessionAsync(sessionId, ct);
        var rows = await (from e in db.SessionExaminees.AsNoTracking()
                          join a in db.Attempts on e.AttemptId equals a.Id
                          join p in db.People on e.PersonId equals p.Id
                          join d in db.Departments on p.DepartmentId equals d.Id
                          where e.SessionId == sessionId
                          orderby d.Name, p.EmployeeNumber
                          select new
                          {
                              Person = new Examinee(p.Id, p.EmployeeNumber, p.Name, d.Name),
                              a.Id,
                              a.Status,
                              a.StartedAt,
                              a.Deadline,
                              a.SubmittedAt,
                              a.FocusLosses,
                              e.ExtraMinutes,
                              e.ExtraReason,
                              a.Score,
                              a.MaxScore,
                              a.Passed,
                              a.AwaitingGrading,
                              Questions = db.AttemptQuestions.Count(q => q.AttemptId == a.Id),
                          }).ToListAsync(ct);
        var progress = await (from r in db.Responses.AsNoTracking()
                              join e in db.SessionExaminees on r.AttemptId equals e.AttemptId
                              where e.SessionId == sessionId
                              group r by r.AttemptId into g
                              select new
                              {
                                  g.Key,
                                  Answered = g.Count(r => r.Selected != NoOptions || r.Texts != NoTexts),
                                  LastSave = g.Max(r => r.SavedAt),
                              }).ToDictionaryAsync(g => g.Key, ct);
        return [.. rows.Select(r =>
        {
            var p = progress.GetValueOrDefault(r.Id);
            return new MonitorRow(r.Person, r.Id, r.Status, r.StartedAt, r.Deadline, r.SubmittedAt, p?.Answered ?? 0, r.Questions,
                p?.LastSave, r.FocusLosses, r.ExtraMinutes, r.ExtraReason, r.Score, r.MaxScore, r.Passed, r.AwaitingGrading);
        })];
    }

    private string? Refusal(int minutes, string? reason) =>
        minutes is < 1 or > MaxExtraMinutes ? localizer["时间须在 1 到 {0} 分钟之间。", MaxExtraMinutes].Value
        : string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500 ? localizer["请写明原因（最多 500 字）。"].Value
        : null;
}
