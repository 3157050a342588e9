using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>The key-in page of a paper attempt: the session, the attempt with its questions, the examinee.</summary>
public sealed record KeyInViewModel(ExamSession Session, Attempt Attempt, Person Person);

/// <summary>A session on the list, with its examinee count and how many have finished.</summary>
public sealed record SessionListRow(ExamSession Session, string ExamTitle, int Examinees, int Finished, int Passed);

/// <summary>The form page: the form, the blueprints and departments to choose from, the draft being edited (if any), the session made up (if any).</summary>
public sealed record SessionEditViewModel(
    SessionForm Form, IReadOnlyList<ExamBlueprint> Exams, IReadOnlyList<Department> Departments, ExamSession? Draft, ExamSession? MakeUpOf);

/// <summary>A session's page: its settings, and the audience (a draft's preview) or the live monitor (published).</summary>
public sealed record SessionViewModel(
    ExamSession Session, ExamBlueprint Exam, ExamSession? MakeUpOf, IReadOnlyList<ExamSession> MakeUps,
    IReadOnlyList<Examinee> Audience, IReadOnlyList<MonitorRow> Monitor, DateTimeOffset Now)
{
    public IReadOnlyList<MonitorCounts> ByDepartment =>
        [.. Monitor.GroupBy(r => r.Person.Department).Select(g => MonitorCounts.Of(g.Key, g))];

    public MonitorCounts Totals => MonitorCounts.Of(null, Monitor);
}

/// <summary>
/// 考试安排 for the 保密办: prepare a session (draft), publish it (papers drawn, training assigned, notices sent), watch it
/// live (the monitor refreshes itself), give one examinee extra time or reopen their attempt, arrange the make-up (补考).
/// </summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("sessions")]
public sealed class SessionsController(
    AppDbContext db, SessionService sessions, SessionResults results, AttemptDocuments documents, AnswerSheetImport sheets, Audit.AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var rows = await (from s in db.ExamSessions.AsNoTracking()
                          join e in db.ExamBlueprints on s.ExamId equals e.Id
                          orderby s.OpensAt descending
                          select new
                          {
                              Session = s,
                              e.Title,
                              Examinees = db.SessionExaminees.Count(x => x.SessionId == s.Id),
                              Finished = db.Attempts.Count(a => a.ExamSessionId == s.Id && (a.Status == AttemptStatus.Submitted || a.Status == AttemptStatus.Finalized)),
                              Passed = db.Attempts.Count(a => a.ExamSessionId == s.Id && a.Passed == true),
                          }).ToListAsync(ct);
        ViewData["Now"] = clock.GetUtcNow();
        IReadOnlyList<SessionListRow> list = [.. rows.Select(r => new SessionListRow(r.Session, r.Title, r.Examinees, r.Finished, r.Passed))];
        return View(list);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(int? makeUpOf, CancellationToken ct)
    {
        var form = new SessionForm { DurationMinutes = 60 };
        ExamSession? original = null;
        if (makeUpOf is { } originalId)
        {
            original = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == originalId && s.Status == ExamSessionStatus.Published, ct);
            if (original is null)
            {
                return NotFound();
            }

            (form.Title, form.ExamId, form.DurationMinutes, form.StartCode, form.FocusLossLimit, form.MakeUpOfId, form.Audience) =
                (localizer["{0}（补考）", original.Title].Value, original.ExamId, original.DurationMinutes, original.StartCode, original.FocusLossLimit, original.Id, SessionAudience.MakeUp);
        }

        return View("Edit", await EditModelAsync(form, null, original, ct));
    }

    [HttpPost("new")]
    public async Task<IActionResult> New(SessionForm form, CancellationToken ct) => await SaveAsync(null, form, ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var draft = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (draft is null)
        {
            return NotFound();
        }

        if (draft.Status != ExamSessionStatus.Draft)
        {
            return Redirect($"/sessions/{id}");
        }

        return View(await EditModelAsync(SessionForm.From(draft), draft, await MakeUpOfAsync(draft, ct), ct));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, SessionForm form, CancellationToken ct) => await SaveAsync(id, form, ct);

    private async Task<IActionResult> SaveAsync(int? id, SessionForm form, CancellationToken ct)
    {
        var change = await sessions.SaveDraftAsync(id, form, User.Identity!.Name!, ct);
        if (!change.Done)
        {
            change.Problems.AddTo(ModelState);
            var draft = id is null ? null : await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
            var original = form.MakeUpOfId is { } o ? await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == o, ct) : null;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", await EditModelAsync(form, draft, original, ct));
        }

        TempData["Message"] = localizer["考试安排草稿已保存。核对参加人员后点击“发布”。"].Value;
        return Redirect($"/sessions/{change.SessionId}");
    }

    private async Task<SessionEditViewModel> EditModelAsync(SessionForm form, ExamSession? draft, ExamSession? original, CancellationToken ct) =>
        new(form, await sessions.ExamsAsync(ct), await db.Departments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct), draft, original);

    private Task<ExamSession?> MakeUpOfAsync(ExamSession session, CancellationToken ct) =>
        session.MakeUpOfId is { } o ? db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == o, ct) : Task.FromResult<ExamSession?>(null);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, bool? partial, CancellationToken ct)
    {
        var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return NotFound();
        }

        var exam = await db.ExamBlueprints.AsNoTracking().SingleAsync(e => e.Id == session.ExamId, ct);
        var draft = session.Status == ExamSessionStatus.Draft;
        var model = new SessionViewModel(
            session, exam, await MakeUpOfAsync(session, ct),
            await db.ExamSessions.AsNoTracking().Where(s => s.MakeUpOfId == id).OrderBy(s => s.OpensAt).ToListAsync(ct),
            draft ? await sessions.AudienceAsync(session, ct) : [],
            draft ? [] : await sessions.MonitorAsync(id, ct),
            clock.GetUtcNow());
        // The monitor's script asks for the live part alone every few seconds.
        return partial == true && !draft ? PartialView("_Monitor", model) : View(model);
    }

    [HttpGet("{id:int}/results")]
    public async Task<IActionResult> Results(int id, CancellationToken ct)
    {
        var data = await results.BuildAsync(id, ct);
        return data is null || data.Session.Status == ExamSessionStatus.Draft ? NotFound() : View(data);
    }

    [HttpGet("{id:int}/results.xlsx")]
    public async Task<IActionResult> ResultsXlsx(int id, CancellationToken ct)
    {
        var data = await results.BuildAsync(id, ct);
        if (data is null || data.Session.Status == ExamSessionStatus.Draft)
        {
            return NotFound();
        }

        await audit.AppendAsync(User.Identity!.Name!, "export.session-results", $"session:{id}", $"{data.Rows.Count} examinee(s) (xlsx)", ct);
        var stream = new MemoryStream();
        await SessionResults.WriteXlsxAsync(data, stream, ct);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"session-{id}-results.xlsx");
    }

    /// <summary>The papers and answer sheets of everyone who has not started online (the paper fallback).</summary>
    [HttpGet("{id:int}/papers.pdf")]
    public async Task<IActionResult> Papers(int id, CancellationToken ct)
    {
        if (!await db.ExamSessions.AnyAsync(s => s.Id == id && s.Status == ExamSessionStatus.Published, ct))
        {
            return NotFound();
        }

        var pdf = await documents.PapersAsync(id, User.PersonId(), ct);
        if (pdf is null)
        {
            TempData["Error"] = localizer["所有考生都已开始在线作答，没有需要打印的纸质试卷。"].Value;
            return Redirect($"/sessions/{id}");
        }

        await audit.AppendAsync(User.Identity!.Name!, "export.session-papers", $"session:{id}", $"{pdf.Length} bytes (PDF)", ct);
        return File(pdf, "application/pdf", $"session-{id}-papers.pdf");
    }

    /// <summary>The spreadsheet of answer sheets to fill in: a row per examinee who has not started online.</summary>
    [HttpGet("{id:int}/paper/template.xlsx")]
    public async Task<IActionResult> AnswerSheetTemplate(int id, CancellationToken ct) =>
        await db.ExamSessions.AnyAsync(s => s.Id == id && s.Status == ExamSessionStatus.Published, ct)
            ? File(await sheets.TemplateAsync(id, User.PersonId(), ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"session-{id}-answer-sheets.xlsx")
            : NotFound();

    /// <summary>Keys in the answer sheets of a spreadsheet: every row checked first; a problem names its row and nothing is written.</summary>
    [HttpPost("{id:int}/paper/import")]
    [RequestSizeLimit(AnswerSheetImport.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> ImportAnswerSheets(int id, IFormFile? file, CancellationToken ct)
    {
        if (!await db.ExamSessions.AnyAsync(s => s.Id == id && s.Status == ExamSessionStatus.Published, ct))
        {
            return NotFound();
        }

        if (file is null || file.Length == 0 || file.Length > AnswerSheetImport.MaxBytes)
        {
            TempData["Error"] = localizer["请选择答卷表（.xlsx 或 .csv，最大 5 MB）。"].Value;
            return Redirect($"/sessions/{id}#paper");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var (keyedIn, problems) = await sheets.ImportAsync(id, buffer.ToArray(), file.FileName, User.Identity!.Name!, User.PersonId(), ct);
        if (problems.Count > 0)
        {
            TempData["Error"] = string.Join("\n", problems.Select(p => localizer[p.Template, p.Args].Value));
        }

        if (keyedIn > 0)
        {
            TempData["Message"] = localizer["已录入 {0} 份纸质答卷并评分。", keyedIn].Value;
        }

        return Redirect($"/sessions/{id}#paper");
    }

    /// <summary>The key-in page of one paper attempt: its questions as printed, to tick what the answer sheet says.</summary>
    [HttpGet("{id:int}/paper/{attemptId:int}")]
    public async Task<IActionResult> KeyIn(int id, int attemptId, CancellationToken ct)
    {
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.Questions.OrderBy(q => q.Position)).ThenInclude(q => q.Question)
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.ExamSessionId == id, ct);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.PersonId == User.PersonId())
        {
            return Forbid(); // one's own paper is neither read before the exam nor keyed in
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == attempt.PersonId, ct);
        var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        return View(new KeyInViewModel(session, attempt, person));
    }

    [HttpPost("{id:int}/paper/{attemptId:int}")]
    public async Task<IActionResult> KeyIn(int id, int attemptId, IFormCollection form, CancellationToken ct)
    {
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.Questions).ThenInclude(q => q.Question)
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.ExamSessionId == id, ct);
        if (attempt is null)
        {
            return NotFound();
        }

        if (attempt.PersonId == User.PersonId())
        {
            TempData["Error"] = localizer["这是您本人的答卷，须由其他保密办人员录入。"].Value;
            return Redirect($"/sessions/{id}#monitor");
        }

        var answers = attempt.Questions.ToDictionary(q => q.Position, q => Exams.AnswerForm.Read(form, q));
        if (await sessions.KeyInAsync(id, attemptId, answers, User.Identity!.Name!, User.PersonId(), ct) is { } refusal)
        {
            TempData["Error"] = refusal;
            return Redirect($"/sessions/{id}/paper/{attemptId}");
        }

        TempData["Message"] = localizer["答卷 {0} 已录入并评分。", attemptId].Value;
        return Redirect($"/sessions/{id}#monitor");
    }

    /// <summary>The archive copy of a concluded formal attempt (of a session or not), as stored when it concluded (its hash is in the audit chain).</summary>
    [HttpGet("/attempts/{attemptId:int}/archive.pdf")]
    public async Task<IActionResult> Archive(int attemptId, CancellationToken ct)
    {
        var archive = await db.AttemptArchives.AsNoTracking().Where(a => a.AttemptId == attemptId).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        if (archive is null)
        {
            return NotFound();
        }

        await audit.AppendAsync(User.Identity!.Name!, "export.attempt-archive", $"attempt:{attemptId}", $"sha256 {archive.Sha256}", ct);
        return File(archive.Pdf, "application/pdf", $"attempt-{attemptId}.pdf");
    }

    [HttpPost("{id:int}/publish")]
    public async Task<IActionResult> Publish(int id, int version, CancellationToken ct)
    {
        var change = await sessions.PublishAsync(id, version, User.Identity!.Name!, ct);
        if (change.Done)
        {
            TempData["Message"] = localizer["考试安排已发布：每位考生的试卷已抽定，培训已布置，通知已发送。"].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", change.Problems.Select(p => p.Message));
        }

        return Redirect($"/sessions/{id}");
    }

    [HttpPost("{id:int}/examinees/{personId:int}/extra-time")]
    public async Task<IActionResult> ExtraTime(int id, int personId, int? minutes, string? reason, CancellationToken ct) =>
        Done(id, await sessions.GiveExtraTimeAsync(id, personId, minutes ?? 0, reason, User.Identity!.Name!, User.PersonId(), ct), localizer["已延长 {0} 分钟。", minutes ?? 0]);

    [HttpPost("{id:int}/examinees/{personId:int}/reopen")]
    public async Task<IActionResult> Reopen(int id, int personId, int? minutes, string? reason, CancellationToken ct) =>
        Done(id, await sessions.ReopenAsync(id, personId, minutes ?? 0, reason, User.Identity!.Name!, User.PersonId(), ct), localizer["答卷已重新开放 {0} 分钟。", minutes ?? 0]);

    private RedirectResult Done(int id, string? refusal, LocalizedString done)
    {
        if (refusal is null)
        {
            TempData["Message"] = done.Value;
        }
        else
        {
            TempData["Error"] = refusal;
        }

        return Redirect($"/sessions/{id}#monitor");
    }
}
