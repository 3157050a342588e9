using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Training;

/// <summary>The form of a new offline session, as typed (checked by <see cref="OfflineTrainingService.CreateAsync"/>).</summary>
public sealed class OfflineSessionForm
{
    public string? Title { get; set; }

    public OfflineTrainingKind Kind { get; set; }

    public string? HeldOn { get; set; }

    public string? Hours { get; set; }

    public string? Trainer { get; set; }

    public string? Place { get; set; }

    /// <summary>Clause ids, separated by commas, 、 or spaces.</summary>
    public string? Clauses { get; set; }
}

public sealed record OfflineAttendee(int PersonId, string EmployeeNumber, string Name, string Department, AttendanceMethod Method, string RecordedBy, DateTimeOffset RecordedAt);

public enum CheckInOutcome
{
    Recorded,
    AlreadyRecorded,
    CodeExpired,
    NotOnStaff,
}

/// <summary>
/// Offline sessions (线下培训) and their attendance: created by HR or the 保密办, attendance ticked on the page, read from a
/// sign-in sheet (xlsx or CSV with a 工号 column; every row's problem listed and nothing recorded until the sheet is clean)
/// or checked in by the attendee with the rotating code shown in the room. One attendance per person and session, however
/// it arrives; every change audited in its transaction.
/// </summary>
public sealed class OfflineTrainingService(AppDbContext db, Audit.AuditLog audit, TimeProvider clock)
{
    /// <summary>How long one check-in code is shown; a code is accepted in its own period and the next (so 2 to 4 minutes).</summary>
    public static readonly TimeSpan CodePeriod = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, string> SheetHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["工号"] = "no",
        ["职工号"] = "no",
        ["employee number"] = "no",
        ["姓名"] = "name",
        ["name"] = "name",
    };

    public Task<List<OfflineSession>> ListAsync(CancellationToken ct = default) =>
        db.OfflineSessions.AsNoTracking().OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.Id).ToListAsync(ct);

    public async Task<Dictionary<int, int>> AttendanceCountsAsync(CancellationToken ct = default) =>
        await db.OfflineAttendances.GroupBy(a => a.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public Task<OfflineSession?> FindAsync(int id, CancellationToken ct = default) =>
        db.OfflineSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);

    public async Task<List<OfflineAttendee>> AttendeesAsync(int sessionId, CancellationToken ct = default) =>
        await (from a in db.OfflineAttendances.AsNoTracking()
               join p in db.People on a.PersonId equals p.Id
               where a.SessionId == sessionId
               orderby p.Department!.SortOrder, p.EmployeeNumber
               select new OfflineAttendee(p.Id, p.EmployeeNumber, p.Name, p.Department!.Name, a.Method, a.RecordedBy, a.RecordedAt)).ToListAsync(ct);

    public async Task<(int? Id, IReadOnlyList<FieldProblem> Problems)> CreateAsync(OfflineSessionForm form, string actor, CancellationToken ct = default)
    {
        var problems = new List<FieldProblem>();
        var title = form.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            problems.Add(new(nameof(form.Title), Ui.Key("请填写培训名称。")));
        }
        else if (title.Length > 200)
        {
            problems.Add(new(nameof(form.Title), Ui.Key("培训名称不能超过 200 个字。")));
        }

        if (!DateOnly.TryParseExact(form.HeldOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var heldOn))
        {
            problems.Add(new(nameof(form.HeldOn), Ui.Key("请填写培训日期（yyyy-MM-dd）。")));
        }

        if (!decimal.TryParse(form.Hours?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24 || hours * 2 != decimal.Truncate(hours * 2))
        {
            problems.Add(new(nameof(form.Hours), Ui.Key("学时应为 0.5 到 24 之间、以 0.5 为单位的数。")));
        }

        var trainer = form.Trainer?.Trim() ?? "";
        var place = form.Place?.Trim() ?? "";
        if (trainer.Length > 100)
        {
            problems.Add(new(nameof(form.Trainer), Ui.Key("主讲人不能超过 100 个字。")));
        }

        if (place.Length > 100)
        {
            problems.Add(new(nameof(form.Place), Ui.Key("地点不能超过 100 个字。")));
        }

        var clauses = (form.Clauses ?? "").Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var known = await db.Clauses.Where(c => clauses.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (clauses.Except(known).ToList() is { Count: > 0 } unknown)
        {
            problems.Add(new(nameof(form.Clauses), $"条款 {string.Join("、", unknown)} 不存在。"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var session = new OfflineSession(title, form.Kind, heldOn, hours, trainer, place, string.Join(',', clauses),
            Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), actor, clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.OfflineSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, "offline.created", $"offline:{session.Id}",
            $"{title}: {OfflineTrainingKindNames.ChineseName(form.Kind)}, {heldOn:yyyy-MM-dd}, {hours} 学时", ct);
        await transaction.CommitAsync(ct);
        return (session.Id, []);
    }

    /// <summary>Records the people as attending (those already recorded are left as they are); returns how many are new.</summary>
    public async Task<int> RecordAsync(int sessionId, IReadOnlyCollection<int> personIds, AttendanceMethod method, string actor, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var added = await AddAsync(sessionId, personIds, method, actor, ct);
        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<bool> RemoveAsync(int sessionId, int personId, string actor, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var attendance = await db.OfflineAttendances.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, ct);
        if (attendance is null)
        {
            return false;
        }

        db.OfflineAttendances.Remove(attendance);
        var number = await db.People.Where(p => p.Id == personId).Select(p => p.EmployeeNumber).SingleAsync(ct);
        await audit.AppendAsync(actor, "offline.attendance-removed", $"offline:{sessionId}:{number}", $"recorded {attendance.Method} by {attendance.RecordedBy}", ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// A sign-in sheet: one row per attendee, by 工号 (a 姓名 column, when present, must match). Every row's problem is listed
    /// and nothing is recorded until there are none.
    /// </summary>
    public async Task<(int Added, int Rows, IReadOnlyList<SheetProblem> Problems)> ImportSheetAsync(
        int sessionId, byte[] content, string fileName, string actor, CancellationToken ct = default)
    {
        var (table, problems) = Spreadsheet.Read(content, fileName, Staff.RosterImport.MaxExpandedBytes);
        if (problems.Count > 0)
        {
            return (0, 0, problems);
        }

        var columns = (table.Count > 0 ? table[0].Cells.Keys : [])
            .Where(k => SheetHeaders.ContainsKey(k)).ToDictionary(k => SheetHeaders[k], k => k);
        if (!columns.TryGetValue("no", out var noColumn))
        {
            return (0, 0, [new(Ui.Key("第一行缺少必需的列：需要 工号（可选 姓名）"))]);
        }

        var rows = table.Where(r => !r.IsEmpty)
            .Select(r => (r.Line, No: r.Cells.GetValueOrDefault(noColumn, "").Trim(),
                Name: columns.TryGetValue("name", out var n) ? r.Cells.GetValueOrDefault(n, "").Trim() : "")).ToList();
        var numbers = rows.Select(r => r.No).Where(n => n.Length > 0).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => numbers.Contains(p.EmployeeNumber))
            .ToDictionaryAsync(p => p.EmployeeNumber, p => new { p.Id, p.Name }, ct);
        var firstRow = new Dictionary<string, int>();
        var found = new List<SheetProblem>();
        foreach (var (line, no, name) in rows)
        {
            if (no.Length == 0)
            {
                found.Add(new(Ui.Key("第 {0} 行：缺少工号"), line));
            }
            else if (!people.TryGetValue(no, out var person))
            {
                found.Add(new(Ui.Key("第 {0} 行：工号 {1} 不在人员名单中"), line, no));
            }
            else if (name.Length > 0 && name != person.Name)
            {
                found.Add(new(Ui.Key("第 {0} 行：工号 {1} 在名单中是 {2}，表中写的是 {3}"), line, no, person.Name, name));
            }
            else if (!firstRow.TryAdd(no, line))
            {
                found.Add(new(Ui.Key("第 {0} 行：工号 {1} 与第 {2} 行重复"), line, no, firstRow[no]));
            }
        }

        if (found.Count > 0 || rows.Count == 0)
        {
            return (0, rows.Count, found.Count > 0 ? found : [new(Ui.Key("签到表中没有人员"))]);
        }

        return (await RecordAsync(sessionId, [.. firstRow.Keys.Select(no => people[no].Id)], AttendanceMethod.Sheet, actor, ct), rows.Count, []);
    }

    /// <summary>The code shown in the room now (changes every <see cref="CodePeriod"/>).</summary>
    public string CurrentCode(OfflineSession session) => Code(session, Period(clock.GetUtcNow()));

    /// <summary>The attendee's own check-in with the code they scanned: recorded once; a code older than two periods is refused.</summary>
    public async Task<CheckInOutcome> CheckInAsync(int sessionId, string? code, int? personId, string actor, CancellationToken ct = default)
    {
        var session = await FindAsync(sessionId, ct);
        var period = Period(clock.GetUtcNow());
        if (session is null || code is null
            || !(Matches(code, Code(session, period)) || Matches(code, Code(session, period - 1))))
        {
            return CheckInOutcome.CodeExpired;
        }

        if (personId is null)
        {
            return CheckInOutcome.NotOnStaff;
        }

        return await RecordAsync(sessionId, [personId.Value], AttendanceMethod.CheckIn, actor, ct) > 0
            ? CheckInOutcome.Recorded
            : CheckInOutcome.AlreadyRecorded;
    }

    private async Task<int> AddAsync(int sessionId, IReadOnlyCollection<int> personIds, AttendanceMethod method, string actor, CancellationToken ct)
    {
        await db.LockAsync(personIds, ct); // two check-ins of one person at once record one attendance
        var already = await db.OfflineAttendances.Where(a => a.SessionId == sessionId && personIds.Contains(a.PersonId)).Select(a => a.PersonId).ToListAsync(ct);
        var numbers = await db.People.Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.EmployeeNumber, ct);
        var now = clock.GetUtcNow();
        var added = personIds.Distinct().Where(id => numbers.ContainsKey(id) && !already.Contains(id)).ToList();
        foreach (var personId in added)
        {
            db.OfflineAttendances.Add(new OfflineAttendance(sessionId, personId, method, actor, now));
        }

        await audit.AppendAsync([.. added.Select(id => new Audit.AuditRecord(actor, "offline.attended", $"offline:{sessionId}:{numbers[id]}", method.ToString()))], ct);
        return added.Count;
    }

    private static long Period(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)CodePeriod.TotalSeconds;

    private static string Code(OfflineSession session, long period) =>
        Convert.ToHexString(HMACSHA256.HashData(Convert.FromHexString(session.CheckInKey), Encoding.UTF8.GetBytes($"{session.Id}:{period}")))[..12];

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToUpperInvariant()), Encoding.UTF8.GetBytes(expected));
}
