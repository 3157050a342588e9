using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Training;

/// <summary>A person's 学时 in a year: online (lessons completed, by their minimum minutes) and offline (sessions attended).</summary>
public sealed record HoursOfYear(decimal Online, decimal Offline)
{
    public static readonly HoursOfYear None = new(0, 0);

    public decimal Total => Online + Offline;
}

/// <summary>
/// A person's 学时 of a year with the offline sessions behind them, as their page and 我的培训 show it, and the minimum their
/// post level asks for a year (0: none).
/// </summary>
public sealed record YearOfTraining(int Year, HoursOfYear Hours, IReadOnlyList<AttendedSession> Sessions, int Required)
{
    public decimal Missing => Math.Max(0, Required - Hours.Total);
}

/// <summary>An offline session a person attended (their page lists the year's).</summary>
public sealed record AttendedSession(int Id, string Title, OfflineTrainingKind Kind, DateOnly HeldOn, decimal Hours);

/// <summary>
/// 学时, the one way they are counted: a lesson completed in the year counts its minimum reading minutes, an offline session
/// held in the year its hours, once per attendee. The person's page, 我的培训 and the annual report read it.
/// </summary>
public sealed class TrainingHours(AppDbContext db, Posts.Standing standing)
{
    /// <summary>Per person (every person when <paramref name="personIds"/> is null), the year's hours; people with none are left out.</summary>
    public async Task<Dictionary<int, HoursOfYear>> ByPersonAsync(int year, IReadOnlyCollection<int>? personIds = null, CancellationToken ct = default)
    {
        // The year in China time; PostgreSQL takes UTC instants only.
        var (start, end) = (LocalTime.StartOf(new DateOnly(year, 1, 1)), LocalTime.StartOf(new DateOnly(year + 1, 1, 1)));
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var lessons = from l in db.LessonProgress.AsNoTracking()
                      join lesson in db.Lessons on l.LessonId equals lesson.Id
                      where l.CompletedAt >= start && l.CompletedAt < end
                      select new { l.PersonId, lesson.MinimumMinutes };
        var attended = from a in db.OfflineAttendances.AsNoTracking()
                       join s in db.OfflineSessions on a.SessionId equals s.Id
                       where s.HeldOn >= first && s.HeldOn <= last
                       select new { a.PersonId, s.Hours };
        if (personIds is not null)
        {
            lessons = lessons.Where(l => personIds.Contains(l.PersonId));
            attended = attended.Where(a => personIds.Contains(a.PersonId));
        }

        // Summed here: SQLite cannot add decimals in a query.
        var online = (await lessons.ToListAsync(ct)).GroupBy(l => l.PersonId).ToDictionary(g => g.Key, g => Math.Round(g.Sum(l => l.MinimumMinutes) / 60m, 1));
        var offline = (await attended.ToListAsync(ct)).GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.Sum(a => a.Hours));
        return online.Keys.Union(offline.Keys).ToDictionary(id => id, id => new HoursOfYear(online.GetValueOrDefault(id), offline.GetValueOrDefault(id)));
    }

    public async Task<HoursOfYear> OfPersonAsync(int personId, int year, CancellationToken ct = default) =>
        (await ByPersonAsync(year, [personId], ct)).GetValueOrDefault(personId) ?? HoursOfYear.None;

    public async Task<YearOfTraining> YearOfAsync(int personId, int year, CancellationToken ct = default) =>
        new(year, await OfPersonAsync(personId, year, ct), await AttendedAsync(personId, year, ct), await RequiredOfAsync(personId, ct));

    /// <summary>The 学时 a year the person's level requires (0: none, or no open post).</summary>
    public async Task<int> RequiredOfAsync(int personId, CancellationToken ct = default) =>
        (await standing.PolicyForPersonAsync(personId, ct))?.MinimumAnnualHours ?? 0;

    /// <summary>The offline sessions of the year the person attended, newest first.</summary>
    public Task<List<AttendedSession>> AttendedAsync(int personId, int year, CancellationToken ct = default) =>
        (from a in db.OfflineAttendances.AsNoTracking()
         join s in db.OfflineSessions on a.SessionId equals s.Id
         where a.PersonId == personId && s.HeldOn >= new DateOnly(year, 1, 1) && s.HeldOn <= new DateOnly(year, 12, 31)
         orderby s.HeldOn descending
         select new AttendedSession(s.Id, s.Title, s.Kind, s.HeldOn, s.Hours)).ToListAsync(ct);
}
