using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Audit;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Features.Practice;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Exams;

public sealed record StartResult(int? AttemptId, string? Refusal);

public enum SaveStatus
{
    Saved,
    Closed,
    Invalid,
    NotFound,
}

/// <summary>A recorded 切屏: how many so far, the session's limit (null: none), and whether this one submitted the attempt.</summary>
public sealed record FocusLoss(int Count, int? Limit, bool Submitted);

/// <summary>One question's answer as a submitted page's form holds it: the options ticked as shown, the texts written, the flag.</summary>
public sealed record SubmittedAnswer(int Position, IReadOnlyList<int> Selected, IReadOnlyList<string> Texts, bool Flagged);

public sealed record SaveResult(SaveStatus Status, DateTimeOffset? SavedAt = null, string? Message = null);

public enum GradeOutcome
{
    Graded,

    /// <summary>The last answer was graded: the attempt has its score and result (and its certification on a pass).</summary>
    Concluded,

    InvalidPoints,

    /// <summary>The grader sat this attempt.</summary>
    OwnAnswer,

    /// <summary>Not a 简答 answer waiting for a grade (graded already, or the attempt is not 待阅卷).</summary>
    NotPending,
}

/// <summary>
/// Starts, saves and submits exam attempts. The server's clock decides: an answer arriving after the deadline is refused,
/// and an attempt past its deadline is finalized with the answers saved until then the next time anything touches it.
/// </summary>
public sealed class ExamService(
    AppDbContext db,
    TimeProvider clock,
    LearningService learning,
    PracticeService practice,
    CertificationIssuer certifications,
    Standing standing,
    PostAssignmentService posts,
    Audit.AuditLog audit,
    PaperDraw draw,
    AnswerWriter answerWriter,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>
    /// The exams a trainee may see and start: every current one, except the generated content-change exams, which are
    /// for the people they were assigned to only.
    /// </summary>
    public IQueryable<ExamBlueprint> OpenTo(int personId) => db.ExamBlueprints.AsNoTracking().Where(e => !e.IsRetired
        && (!e.Id.StartsWith(Jobs.ContentRefresher.ExamPrefix) || db.TrainingAssignments.Any(t => t.PersonId == personId && t.ExamId == e.Id)));

    /// <summary>Whether the trainee has a formal (not practice) attempt running now; while it runs no key is shown anywhere.</summary>
    public Task<bool> FormalAttemptOpenAsync(int personId, CancellationToken ct = default) => FormalAttemptOpenAsync(personId, null, ct);

    /// <summary>As above, leaving <paramref name="exceptAttemptId"/> out (the attempt about to be reopened).</summary>
    public Task<bool> FormalAttemptOpenAsync(int personId, int? exceptAttemptId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.Attempts.AnyAsync(a => a.PersonId == personId && a.Id != exceptAttemptId && a.Status == AttemptStatus.InProgress && a.Deadline > now
            && db.ExamBlueprints.Any(e => e.Id == a.ExamId && e.Kind != ExamKind.Practice), ct);
    }

    /// <summary>Starts (or resumes) an attempt; <paramref name="actor"/> is the signed-in account, recorded in the audit log.</summary>
    public async Task<StartResult> StartAsync(int personId, string actor, string examId, CancellationToken ct = default)
    {
        var exam = await OpenTo(personId).SingleOrDefaultAsync(e => e.Id == examId, ct);
        if (exam is null)
        {
            return new StartResult(null, localizer["试卷不存在。"]);
        }

        await FinalizeOverdueOfAsync(personId, ct);
        var all = await db.Attempts.AsNoTracking().Where(a => a.PersonId == personId && a.ExamId == examId).OrderBy(a => a.Number).ToListAsync(ct);
        // A paper drawn for an exam session and not started is the session's, not one of the trainee's own attempts.
        var previous = all.Where(a => a.Status != AttemptStatus.NotStarted).ToList();
        // A paper drawn for a session still to close is sat there (with its code, window and 切屏 rule), not alone.
        var startCheckedAt = clock.GetUtcNow();
        if (await db.ExamSessions.AsNoTracking().Where(s => s.ClosesAt > startCheckedAt
                && db.Attempts.Any(a => a.ExamSessionId == s.Id && a.PersonId == personId && a.ExamId == examId && a.Status == AttemptStatus.NotStarted))
                .FirstOrDefaultAsync(ct) is { } session)
        {
            return new StartResult(null, localizer["这场考试在考试安排“{0}”中进行（{1}），请从该考试安排开始。", session.Title, Sessions.SessionService.Window(session)]);
        }

        if (previous.FirstOrDefault(a => a.Status == AttemptStatus.InProgress) is { } open)
        {
            return new StartResult(open.Id, null);
        }

        // A result still being graded decides whether another attempt is needed (and a pass there certifies): wait for it.
        if (previous.Any(a => a.AwaitingGrading))
        {
            return new StartResult(null, localizer["上一次考试待阅卷，阅卷完成后才能再次参加。"]);
        }

        if (await SittingRefusalAsync(personId, exam, ct) is { } refusal)
        {
            return new StartResult(null, refusal);
        }

        if (exam.MaxAttempts > 0 && previous.Count >= exam.MaxAttempts)
        {
            return new StartResult(null, localizer["“{0}”的 {1} 次考试机会已经用完。", exam.Title, exam.MaxAttempts]);
        }

        var now = clock.GetUtcNow();
        if (exam.CooldownMinutes > 0 && previous.LastOrDefault()?.SubmittedAt is { } last && last.AddMinutes(exam.CooldownMinutes) > now)
        {
            return new StartResult(null, localizer["下一次考试将于 {0} 开放。", LocalTime.Format(last.AddMinutes(exam.CooldownMinutes))]);
        }

        var drawn = await draw.DrawAsync(exam, ct);
        if (drawn is null)
        {
            return new StartResult(null, localizer["题库中的题目不足以组成这份试卷，请联系保密办。"]);
        }

        var attempt = new Attempt
        {
            PersonId = personId,
            ExamId = exam.Id,
            Number = all.Count == 0 ? 1 : all[^1].Number + 1,
            StartedAt = now,
            Deadline = now.AddMinutes(exam.TimeLimitMinutes),
            Status = AttemptStatus.InProgress,
            PassMarkPercent = exam.PassMarkPercent ?? await standing.PassMarkForPersonAsync(personId, ct),
            Review = exam.Review,
            MaxScore = drawn.Sum(q => q.Points),
        };
        attempt.Questions.AddRange(drawn);
        db.Attempts.Add(attempt);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two tabs pressed start at once: the unique (person, exam, number) index let one through; resume that one.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var winner = await db.Attempts.AsNoTracking().SingleAsync(a => a.PersonId == personId && a.ExamId == examId && a.Number == attempt.Number, ct);
                return new StartResult(winner.Id, null);
            }

            await audit.AppendAsync(actor, "exam.started", $"attempt:{attempt.Id}", $"{examId} #{attempt.Number}", ct);
            await transaction.CommitAsync(ct);
        }

        return new StartResult(attempt.Id, null);
    }

    /// <summary>
    /// What keeps the trainee from sitting <paramref name="exam"/> now, alone or in a session: another formal exam running
    /// (a practice exam's review would show the same chapters' keys), or the course it names not read yet. Null: nothing.
    /// </summary>
    public async Task<string?> SittingRefusalAsync(int personId, ExamBlueprint exam, CancellationToken ct = default)
    {
        if (await FormalAttemptOpenAsync(personId, ct))
        {
            return localizer["您有正在进行的考试，交卷后才能开始其他考试。"];
        }

        if (exam.CourseId is { } courseId && !await learning.IsCourseCompleteAsync(personId, courseId, ct))
        {
            var title = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync(ct) ?? courseId;
            return localizer["请先学完课程“{0}”，再参加这场考试。", title];
        }

        return null;
    }

    /// <summary>The attempt with its questions and answers, finalized first if its deadline has passed; null when it is not the user's.</summary>
    public async Task<Attempt?> GetAsync(int attemptId, int personId, CancellationToken ct = default)
    {
        await FinalizeIfOverdueAsync(attemptId, ct);
        return await db.Attempts.AsNoTracking()
            .Include(a => a.Questions.OrderBy(q => q.Position)).ThenInclude(q => q.Question).ThenInclude(q => q!.Clauses)
            .Include(a => a.Responses)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.PersonId == personId, ct);
    }

    /// <summary>The longest answer one blank of a 填空 question, and one 简答 answer, may hold.</summary>
    public const int MaxBlankLength = 200;

    public const int MaxShortAnswerLength = 5000;

    public Task<SaveResult> SaveAsync(int attemptId, int personId, int position, IReadOnlyList<int> selected, bool flagged, CancellationToken ct = default) =>
        SaveAsync(attemptId, personId, position, selected, [], flagged, ct);

    /// <summary>
    /// Saves one answer: the options chosen (as shown), or what was written (<paramref name="texts"/>: per blank, or the 简答
    /// text). A paper attempt takes answers only from the 保密办's key-in (<see cref="SaveKeyedInAsync"/>), never from the examinee's page.
    /// </summary>
    public Task<SaveResult> SaveAsync(
        int attemptId, int personId, int position, IReadOnlyList<int> selected, IReadOnlyList<string> texts, bool flagged, CancellationToken ct = default) =>
        SaveAsync(attemptId, personId, position, selected, texts, flagged, keyedIn: false, ct);

    /// <summary>Saves one answer of a paper attempt from its answer sheet, as the 保密办 keys it in.</summary>
    public Task<SaveResult> SaveKeyedInAsync(int attemptId, int personId, int position, IReadOnlyList<int> selected, IReadOnlyList<string> texts, CancellationToken ct = default) =>
        SaveAsync(attemptId, personId, position, selected, texts, flagged: false, keyedIn: true, ct);

    private async Task<SaveResult> SaveAsync(
        int attemptId, int personId, int position, IReadOnlyList<int> selected, IReadOnlyList<string> texts, bool flagged, bool keyedIn, CancellationToken ct)
    {
        // One read for everything the check needs, then one statement: this runs for every answer of every examinee.
        var target = await SaveTarget(db, attemptId, personId, position);
        if (target is null || target.OnPaper != keyedIn)
        {
            return new SaveResult(SaveStatus.NotFound);
        }

        var now = clock.GetUtcNow();
        if (target.Status != AttemptStatus.InProgress || now >= target.Deadline)
        {
            await FinalizeIfOverdueAsync(attemptId, ct);
            return new SaveResult(SaveStatus.Closed, Message: localizer["考试已结束（{0} 截止），此答案未被接受。", LocalTime.Format(target.Deadline)]);
        }

        if (Stored(target.Type, target.OptionOrder, target.Blanks.Count, selected, texts) is not { } answer)
        {
            return new SaveResult(SaveStatus.Invalid, Message: localizer["答案无效。"]);
        }

        var (value, textValue) = answer;
        return await answerWriter.WriteAsync(attemptId, position, value, textValue, flagged, now, ct)
            ? new SaveResult(SaveStatus.Saved, now)
            : new SaveResult(SaveStatus.Closed, Message: localizer["考试已结束（{0} 截止），此答案未被接受。", LocalTime.Format(target.Deadline)]);
    }

    private sealed record Target(AttemptStatus Status, DateTimeOffset Deadline, bool OnPaper, QuestionType Type, IReadOnlyList<int> OptionOrder, IReadOnlyList<IReadOnlyList<string>> Blanks);

    /// <summary>
    /// The question an answer is saved to, with its attempt's state: compiled once per model (a compiled query serves one
    /// model only; the tests run SQLite and PostgreSQL in one process), not on every save.
    /// </summary>
    private static Task<Target?> SaveTarget(AppDbContext db, int attemptId, int personId, int position) =>
        SaveTargets.GetOrAdd(db.Model, _ => EF.CompileAsyncQuery(
            (AppDbContext db, int attemptId, int personId, int position) => db.AttemptQuestions.AsNoTracking()
                .Where(q => q.AttemptId == attemptId && q.Position == position)
                .Join(db.Attempts.Where(a => a.PersonId == personId), q => q.AttemptId, a => a.Id,
                    (q, a) => new Target(a.Status, a.Deadline, a.OnPaper, q.Question!.Type, q.OptionOrder, q.Question.Blanks))
                .SingleOrDefault()))(db, attemptId, personId, position);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, Func<AppDbContext, int, int, int, Task<Target?>>> SaveTargets = new();

    /// <summary>
    /// An answer as it is stored: the page sends the options as shown, the attempt's option order maps them back to the
    /// question's own (sorted); written text loses its carriage returns and outer spaces, and none is kept for a choice.
    /// Null when the answer does not fit the question.
    /// </summary>
    private static (IReadOnlyList<int> Selected, IReadOnlyList<string> Texts)? Stored(
        QuestionType type, IReadOnlyList<int> optionOrder, int blanks, IReadOnlyList<int> selected, IReadOnlyList<string> texts)
    {
        var shown = selected.Distinct().ToList();
        var written = texts.Select(t => (t ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).ToList();
        var valid = type switch
        {
            QuestionType.FillBlank => shown.Count == 0 && written.Count <= blanks && written.All(t => t.Length <= MaxBlankLength),
            QuestionType.ShortAnswer => shown.Count == 0 && written.Count <= 1 && written.All(t => t.Length <= MaxShortAnswerLength),
            _ => written.All(t => t.Length == 0) && !shown.Any(i => i < 0 || i >= optionOrder.Count) && (type == QuestionType.Multiple || shown.Count <= 1),
        };
        return valid ? ([.. shown.Select(i => optionOrder[i]).Order()], type.IsChoice() || written.All(t => t.Length == 0) ? [] : written) : null;
    }

    /// <summary>Whether <paramref name="stored"/> already holds this answer as a save stores it (no answer and no response are the same).</summary>
    private static bool Same(Response? stored, IReadOnlyList<int> value, IReadOnlyList<string> texts, bool flagged) =>
        stored is null
            ? value.Count == 0 && texts.Count == 0 && !flagged
            : stored.Selected.SequenceEqual(value) && stored.Texts.SequenceEqual(texts) && stored.Flagged == flagged;

    /// <summary>
    /// Submits and grades the attempt exactly once: a double click, a second tab or a retry after a time-out finds it
    /// already submitted and changes nothing. <paramref name="fromForm"/>: reads the page's form, every answer as shown, for
    /// one question of the paper; those that were not saved yet (no script, or offline until the click) are written in the
    /// submit's own transaction, while the attempt is still open — at the end of an exam everyone submits at once, so the
    /// submit reads no more than grading needs. False when the attempt is not the person's.
    /// </summary>
    public async Task<bool> SubmitAsync(int attemptId, int personId, Func<AttemptQuestion, SubmittedAnswer>? fromForm = null, CancellationToken ct = default)
    {
        var attempt = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId && a.PersonId == personId)
            .Select(a => new { a.Deadline, a.OnPaper, a.Status }).SingleOrDefaultAsync(ct);
        if (attempt is null)
        {
            return false;
        }

        if (attempt.Status == AttemptStatus.InProgress && !attempt.OnPaper)
        {
            var inTime = attempt.Deadline > clock.GetUtcNow();
            await CloseAndGradeAsync(attemptId, inTime ? AttemptStatus.Submitted : AttemptStatus.Finalized, ct, fromForm: inTime ? fromForm : null);
        }

        return true;
    }

    /// <summary>Submits a paper attempt whose answers the 保密办 (<paramref name="actor"/>) has keyed in: graded as any other.</summary>
    public Task<bool> SubmitKeyedInAsync(int attemptId, string actor, CancellationToken ct = default) =>
        CloseAndGradeAsync(attemptId, AttemptStatus.Submitted, ct, keyedInBy: actor);

    /// <summary>Finalizes every overdue attempt with its saved answers (the attempt finalizer; later run by Hangfire as well).</summary>
    public Task<int> FinalizeOverdueAsync(CancellationToken ct = default) => FinalizeOverdueAsync(db.Attempts, ct);

    /// <summary>Finalizes the overdue attempts of one exam session (its monitor shows what is true now).</summary>
    public Task<int> FinalizeOverdueInSessionAsync(int sessionId, CancellationToken ct = default) =>
        FinalizeOverdueAsync(db.Attempts.Where(a => a.ExamSessionId == sessionId), ct);

    private Task<int> FinalizeOverdueOfAsync(int personId, CancellationToken ct) =>
        FinalizeOverdueAsync(db.Attempts.Where(a => a.PersonId == personId), ct);

    /// <summary>The overdue attempts among <paramref name="scope"/>, each finalized with its saved answers; returns how many.</summary>
    private async Task<int> FinalizeOverdueAsync(IQueryable<Attempt> scope, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var finalized = 0;
        foreach (var id in await scope.Where(a => a.Status == AttemptStatus.InProgress && a.Deadline <= now).Select(a => a.Id).ToListAsync(ct))
        {
            finalized += await CloseAndGradeAsync(id, AttemptStatus.Finalized, ct) ? 1 : 0;
        }

        return finalized;
    }

    private async Task FinalizeIfOverdueAsync(int attemptId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.Attempts.AnyAsync(a => a.Id == attemptId && a.Status == AttemptStatus.InProgress && a.Deadline <= now, ct))
        {
            await CloseAndGradeAsync(attemptId, AttemptStatus.Finalized, ct);
        }
    }

    /// <summary>
    /// Claims the attempt with a conditional update (only one caller can move it out of InProgress), then grades it in the
    /// same transaction. <paramref name="note"/>: why the server closed it early (shown on the result; the actor is then the system).
    /// <paramref name="fromForm"/>: a submitted form's answer to each question, written first when it differs from what is saved.
    /// </summary>
    private async Task<bool> CloseAndGradeAsync(
        int attemptId, AttemptStatus status, CancellationToken ct, string? note = null, string? keyedInBy = null, Func<AttemptQuestion, SubmittedAnswer>? fromForm = null)
    {
        // What grading needs that never changes once the paper is drawn is read before the write transaction (on SQLite
        // the transaction holds the one write lock, so it should do no more than it must).
        var fixedPart = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId)
            .Select(a => new { a.ExamId, a.PersonId, Holder = db.People.Where(p => p.Id == a.PersonId).Select(p => p.EmployeeNumber).Single() })
            .SingleAsync(ct);
        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == fixedPart.ExamId, ct);
        var questions = await db.AttemptQuestions.AsNoTracking().Include(q => q.Question)
            .Where(q => q.AttemptId == attemptId).OrderBy(q => q.Position).ToListAsync(ct);
        var now = clock.GetUtcNow();
        IssuePlan? plan = null;
        if (exam.CertificationTypeId is not null)
        {
            await certifications.EnsureYearAsync(LocalTime.Year(now), ct);
            plan = await certifications.PlanAsync(fixedPart.PersonId, exam, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Attempts.Where(a => a.Id == attemptId && a.Status == AttemptStatus.InProgress)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, status).SetProperty(a => a.SubmittedAt, now).SetProperty(a => a.CloseNote, note), ct);
        if (claimed == 0)
        {
            return false;
        }

        var attempt = await db.Attempts.Include(a => a.Responses).SingleAsync(a => a.Id == attemptId, ct);
        if (fromForm is not null && now < attempt.Deadline)
        {
            foreach (var shown in questions)
            {
                var (position, selected, texts, flagged) = fromForm(shown);
                if (Stored(shown.Question!.Type, shown.OptionOrder, shown.Question.Blanks.Count, selected, texts) is not var (value, textValue))
                {
                    continue; // an answer that does not fit the question: refused, as a save would be
                }

                var stored = attempt.Responses.FirstOrDefault(r => r.Position == position);
                if (Same(stored, value, textValue, flagged))
                {
                    continue;
                }

                if (stored is null)
                {
                    stored = new Response { AttemptId = attemptId, Position = position };
                    attempt.Responses.Add(stored);
                }

                (stored.Selected, stored.Texts, stored.Flagged, stored.SavedAt) = (value, textValue, flagged, now);
            }
        }

        var ungraded = 0;
        var missed = new List<string>();
        foreach (var question in questions)
        {
            var response = attempt.Responses.FirstOrDefault(r => r.Position == question.Position);
            if (response is null)
            {
                response = new Response { AttemptId = attemptId, Position = question.Position, SavedAt = now };
                attempt.Responses.Add(response);
            }

            var q = question.Question!;
            if (q.Type == QuestionType.ShortAnswer && response.Texts.Any(t => !string.IsNullOrWhiteSpace(t)))
            {
                ungraded++; // for the grading queue; an empty 简答 answer earns nothing without a grader
                continue;
            }

            var (correct, awarded) = q.Type switch
            {
                QuestionType.FillBlank => ExamScoring.GradeBlanks(q.Blanks, response.Texts, q.NormalizeAnswers, question.Points),
                QuestionType.ShortAnswer => (false, 0m),
                _ => ExamScoring.Grade(q.Type, q.Correct, response.Selected, question.Points, exam.PartialCredit),
            };
            (response.Correct, response.Awarded) = (correct, awarded);
            // A ScoreOnly exam does not say which answers were wrong, so its misses do not go into the 错题本 either.
            if (!correct && attempt.Review != ReviewPolicy.ScoreOnly && q.Type != QuestionType.ShortAnswer)
            {
                missed.Add(q.Key);
            }
        }

        await practice.RecordWrongAsync(attempt.PersonId, missed, ct);
        var holder = fixedPart.Holder;
        var (actor, action) = status == AttemptStatus.Submitted ? (keyedInBy ?? (note is null ? holder : "system"), "exam.submitted") : ("system", "exam.finalized");
        if (ungraded > 0)
        {
            // 待阅卷: no score, no result and no certificate until the 保密办 has graded the last 简答 answer.
            attempt.AwaitingGrading = true;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(actor, action, $"attempt:{attemptId}", $"{holder} {exam.Id}: awaiting grading of {ungraded} short answer(s)", ct);
        }
        else
        {
            await ConcludeAsync(attempt, exam, holder, actor, action, now, ct, plan);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Scores a closed attempt whose every answer is graded: the result, the certification a pass grants (and the posts
    /// it lets back through the gate), the assignments a pass completes, and the audit entries — in the caller's
    /// transaction. <paramref name="plan"/>: what the certificate's issue reads that a submit does not change, read before
    /// the transaction by a caller that has one (on SQLite the transaction holds the one write lock).
    /// </summary>
    private async Task ConcludeAsync(
        Attempt attempt, ExamBlueprint exam, string holder, string actor, string action, DateTimeOffset now, CancellationToken ct, IssuePlan? plan = null)
    {
        var score = attempt.Responses.Sum(r => r.Awarded ?? 0);
        attempt.Score = score;
        attempt.Passed = ExamScoring.IsPass(score, attempt.MaxScore, attempt.PassMarkPercent);
        attempt.AwaitingGrading = false;
        var certified = attempt.Passed == true && exam.CertificationTypeId is not null;
        var records = new List<AuditRecord>(3);
        if (certified)
        {
            plan ??= await certifications.PlanAsync(attempt.PersonId, exam, ct);
            records.AddRange(await certifications.IssueAsync(attempt, exam, plan, now, ct));
        }

        if (attempt.Passed == true)
        {
            // Passing completes the user's open assignments of this exam (a certifying exam also completes its chain's).
            IReadOnlyList<string> completes = certified ? [attempt.ExamId, .. plan!.ChainExams] : [attempt.ExamId];
            foreach (var assignment in await db.TrainingAssignments.Where(t => t.PersonId == attempt.PersonId && t.CompletedAt == null && completes.Contains(t.ExamId)).ToListAsync(ct))
            {
                assignment.CompletedAt = now;
            }
        }

        records.Add(new AuditRecord(actor, action, $"attempt:{attempt.Id}",
            $"{holder} {exam.Id}: {score:0.##}/{attempt.MaxScore:0.##}, {(attempt.Passed == true ? "passed" : "failed")}"));
        await audit.AppendAsync(records, ct); // saves the changes above first, then the entries in one step of the chain
        if (certified)
        {
            // A post suspended for a lapsed certification goes through the gate again, in the same transaction.
            await posts.ReactivateSuspendedAsync(attempt.PersonId, "system", ct);
        }

        // The archive copy (its hash in the chain) is made by the attempt-archiver job within a minute, not in the submit.
    }

    /// <summary>The most times one attempt records leaving its page (a script gone wrong cannot grow the table without bound).</summary>
    public const int MaxFocusEvents = 500;

    /// <summary>
    /// Records that the exam page was left (切屏) while the attempt runs, with the time, audited. When the attempt's session
    /// sets a limit and this loss goes past it, the attempt is submitted with its saved answers and a note saying why.
    /// Returns the count so far, the limit, and whether the attempt was submitted; null when the attempt is not open.
    /// </summary>
    public async Task<FocusLoss?> RecordFocusLossAsync(int attemptId, int personId, string kind, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var attempt = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId && a.PersonId == personId && a.Status == AttemptStatus.InProgress && a.Deadline > now && !a.OnPaper)
            .Select(a => new { a.FocusLosses, Limit = db.ExamSessions.Where(s => s.Id == a.ExamSessionId).Select(s => s.FocusLossLimit).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (attempt is null || attempt.FocusLosses >= MaxFocusEvents)
        {
            return null;
        }

        kind = kind == "blur" ? "blur" : "hidden";
        int count;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (await db.Attempts.Where(a => a.Id == attemptId && a.Status == AttemptStatus.InProgress)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.FocusLosses, a => a.FocusLosses + 1), ct) == 0)
            {
                return null;
            }

            count = await db.Attempts.Where(a => a.Id == attemptId).Select(a => a.FocusLosses).SingleAsync(ct);
            db.AttemptFocusEvents.Add(new AttemptFocusEvent { AttemptId = attemptId, At = now, Kind = kind });
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(actor, "exam.focus-lost", $"attempt:{attemptId}", $"focus losses: {count - 1} → {count} ({kind})", ct);
            await transaction.CommitAsync(ct);
        }

        var submitted = false;
        if (attempt.Limit is { } limit && count > limit)
        {
            submitted = await CloseAndGradeAsync(attemptId, AttemptStatus.Submitted, ct, Attempt.FocusLimitNote(limit));
        }

        return new FocusLoss(count, attempt.Limit, submitted);
    }

    /// <summary>The attempt's deadline as the server holds it now (extra time moves it), for the page's countdown.</summary>
    public Task<DateTimeOffset?> DeadlineAsync(int attemptId, int personId, CancellationToken ct = default) =>
        db.Attempts.Where(a => a.Id == attemptId && a.PersonId == personId && a.Status == AttemptStatus.InProgress)
            .Select(a => (DateTimeOffset?)a.Deadline).SingleOrDefaultAsync(ct);

    /// <summary>
    /// The 保密办 grades one 简答 answer of an attempt 待阅卷 (<paramref name="points"/> of the question's points, with a
    /// comment for the examinee). The grade is audited; the last one concludes the attempt — its score, its result and the
    /// certification a pass grants — in the same transaction. Graders of one attempt are serialized on its row.
    /// </summary>
    public async Task<GradeOutcome> GradeAsync(
        int attemptId, int position, decimal points, string? comment, string grader, int? graderPersonId, CancellationToken ct = default)
    {
        var target = await db.AttemptQuestions.AsNoTracking().Where(q => q.AttemptId == attemptId && q.Position == position)
            .Join(db.Attempts, q => q.AttemptId, a => a.Id, (q, a) => new { q.Points, q.Question!.Type, a.AwaitingGrading, a.ExamId, a.PersonId })
            .SingleOrDefaultAsync(ct);
        if (target is null || target.Type != QuestionType.ShortAnswer || !target.AwaitingGrading)
        {
            return GradeOutcome.NotPending;
        }

        if (target.PersonId == graderPersonId)
        {
            return GradeOutcome.OwnAnswer; // nobody grades their own exam
        }

        if (points < 0 || points > target.Points || decimal.Round(points, 2) != points)
        {
            return GradeOutcome.InvalidPoints;
        }

        var now = clock.GetUtcNow();
        if (await db.ExamBlueprints.AnyAsync(e => e.Id == target.ExamId && e.CertificationTypeId != null, ct))
        {
            await certifications.EnsureYearAsync(LocalTime.Year(now), ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Attempts.Where(a => a.Id == attemptId && a.AwaitingGrading).ExecuteUpdateAsync(set => set.SetProperty(a => a.AwaitingGrading, true), ct) == 0)
        {
            return GradeOutcome.NotPending;
        }

        var attempt = await db.Attempts.Include(a => a.Responses).SingleAsync(a => a.Id == attemptId, ct);
        var response = attempt.Responses.Single(r => r.Position == position);
        if (response.Awarded is not null)
        {
            return GradeOutcome.NotPending; // graded by someone else a moment ago
        }

        (response.Awarded, response.Correct, response.GradedBy, response.GradedAt, response.GraderComment) =
            (points, points == target.Points, grader, now, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(grader, "answer.graded", $"attempt:{attemptId}", $"question {position}: ungraded → {points:0.##}/{target.Points:0.##}", ct);

        var remaining = await db.Responses.CountAsync(r => r.AttemptId == attemptId && r.Awarded == null, ct);
        if (remaining == 0)
        {
            var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == attempt.ExamId, ct);
            var holder = await db.People.Where(p => p.Id == attempt.PersonId).Select(p => p.EmployeeNumber).SingleAsync(ct);
            await ConcludeAsync(attempt, exam, holder, grader, "exam.graded", now, ct);
        }

        await transaction.CommitAsync(ct);
        return remaining == 0 ? GradeOutcome.Concluded : GradeOutcome.Graded;
    }
}
