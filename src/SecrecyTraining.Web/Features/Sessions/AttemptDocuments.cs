using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>
/// The printed forms of attempts: a session's papers with their answer sheets (the paper fallback), and the archive copy
/// of a concluded formal attempt, stored with its SHA-256 recorded in the audit chain.
/// </summary>
public sealed class AttemptDocuments(AppDbContext db, PublicAddress address, IConfiguration configuration, TimeProvider clock, Audit.AuditLog audit)
{
    private string Organisation => configuration["Organisation:Name"] is { Length: > 0 } name ? name : "本单位";

    /// <summary>The page where the 保密办 keys in a paper attempt's answers (the QR code on its paper leads there).</summary>
    public static string KeyInPath(int sessionId, int attemptId) => $"/sessions/{sessionId}/paper/{attemptId}";

    /// <summary>The papers of a session's examinees who have not started online, one paper and answer sheet each; null when none.</summary>
    /// <remarks>The printing member's own paper is left out: nobody reads their own paper before the exam.</remarks>
    public async Task<byte[]?> PapersAsync(int sessionId, int? viewerPersonId, CancellationToken ct = default)
    {
        var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, ct);
        var ids = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId && a.Status == AttemptStatus.NotStarted && a.PersonId != viewerPersonId)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a.Id, p.EmployeeNumber }).OrderBy(a => a.EmployeeNumber).Select(a => a.Id).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return null;
        }

        var sheets = new List<PaperSheet>();
        foreach (var id in ids)
        {
            sheets.Add(await SheetAsync(id, session, archive: false, ct));
        }

        return AttemptPdf.Render(sheets, session.Title + " 试卷");
    }

    /// <summary>
    /// Prints the concluded attempt's archive copy, stores it and records its SHA-256 in the audit chain — in the caller's
    /// transaction (<see cref="Jobs.AttemptArchiver"/>'s, one per attempt). Practice attempts are not archived.
    /// </summary>
    public async Task ArchiveAsync(int attemptId, string actor, CancellationToken ct = default)
    {
        var session = await (from a in db.Attempts
                             join s in db.ExamSessions on a.ExamSessionId equals s.Id
                             where a.Id == attemptId
                             select s).AsNoTracking().SingleOrDefaultAsync(ct);
        var pdf = AttemptPdf.Render([await SheetAsync(attemptId, session, archive: true, ct)], $"考试存档 {attemptId}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
        db.AttemptArchives.Add(new AttemptArchive { AttemptId = attemptId, CreatedAt = clock.GetUtcNow(), Sha256 = hash, Pdf = pdf });
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, "attempt.archived", $"attempt:{attemptId}", $"sha256 {hash}, {pdf.Length} bytes", ct);
    }

    private async Task<PaperSheet> SheetAsync(int attemptId, ExamSession? session, bool archive, CancellationToken ct)
    {
        var attempt = await db.Attempts.AsNoTracking()
            .Include(a => a.Questions.OrderBy(q => q.Position)).ThenInclude(q => q.Question)
            .Include(a => a.Responses)
            .AsSplitQuery()
            .SingleAsync(a => a.Id == attemptId, ct);
        var person = await (from p in db.People.AsNoTracking()
                            join d in db.Departments on p.DepartmentId equals d.Id
                            where p.Id == attempt.PersonId
                            select new { p.Name, p.EmployeeNumber, Department = d.Name }).SingleAsync(ct);
        var exam = await db.ExamBlueprints.AsNoTracking().Where(e => e.Id == attempt.ExamId).Select(e => e.Title).SingleAsync(ct);
        var questions = attempt.Questions.Select(q =>
        {
            var question = q.Question!;
            var options = q.OptionOrder.Select(i => question.Options[i].Text).ToList();
            var response = attempt.Responses.FirstOrDefault(r => r.Position == q.Position);
            string? answer = null;
            if (archive && response is not null)
            {
                answer = question.Type.IsChoice()
                    ? string.Concat(response.Selected.Select(original => q.OptionOrder.ToList().IndexOf(original)).Order().Select(AttemptPdf.Letter))
                    : string.Join(" | ", response.Texts);
            }

            var stem = question.Type == QuestionType.FillBlank ? string.Join("（    ）", Blanks.Parts(question.Stem)) : question.Stem;
            return new PaperQuestion(q.Position, question.Type, stem, options, q.Points, answer, archive ? response?.Awarded : null);
        }).ToList();
        ArchiveFacts? facts = null;
        if (archive)
        {
            var events = await db.AttemptFocusEvents.AsNoTracking().Where(e => e.AttemptId == attemptId).OrderBy(e => e.At).Select(e => new { e.At, e.Kind }).ToListAsync(ct);
            var closed = attempt.OnPaper ? "纸质答卷录入"
                : attempt.ClosedAtFocusLimit is not null ? "切屏超过限制，系统交卷"
                : attempt.Status == AttemptStatus.Finalized ? "到时自动交卷" : "考生交卷";
            facts = new ArchiveFacts(attempt.StartedAt, attempt.SubmittedAt ?? clock.GetUtcNow(), closed, attempt.Score ?? 0, attempt.MaxScore, attempt.Passed == true,
                attempt.PassMarkPercent, attempt.OnPaper, [.. events.Select(e => (e.At, e.Kind))]);
        }

        var title = session is null ? exam : $"{session.Title}（{SessionService.Window(session)}）";
        var qr = address.Combine(session is null ? $"/attempts/{attemptId}/result" : KeyInPath(session.Id, attemptId));
        return new PaperSheet(Organisation, title, exam, person.Name, person.EmployeeNumber, person.Department, attemptId, qr, questions, facts);
    }
}
