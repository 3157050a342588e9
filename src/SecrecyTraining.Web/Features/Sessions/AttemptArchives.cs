using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Web.Features.Sessions;

/// <summary>
/// The attempt archive for the 保密办's files: <c>attempts archive</c> writes a session's archived attempts with a
/// <c>manifest.sha256</c> (the <c>sha256sum -c</c> format), and <c>audit verify</c> checks every stored copy — and, with
/// <c>--archive DIR</c>, every file of a written archive — against the hash the audit chain recorded when the attempt concluded.
/// </summary>
public static class AttemptArchives
{
    public const string Manifest = "manifest.sha256";

    /// <summary>Writes the latest archive copy of each concluded attempt of the session; returns how many, or null when there is no such session.</summary>
    public static async Task<int?> WriteAsync(AppDbContext db, int sessionId, DirectoryInfo directory, CancellationToken ct)
    {
        if (!await db.ExamSessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return null;
        }

        var latest = await (from r in db.AttemptArchives.AsNoTracking()
                            join a in db.Attempts on r.AttemptId equals a.Id
                            join p in db.People on a.PersonId equals p.Id
                            where a.ExamSessionId == sessionId
                                  && r.Id == db.AttemptArchives.Where(x => x.AttemptId == r.AttemptId).Max(x => x.Id)
                            orderby a.Id
                            select new { r.AttemptId, r.Sha256, r.Pdf, p.EmployeeNumber }).ToListAsync(ct);
        directory.Create();
        var lines = new List<string>();
        foreach (var r in latest)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"attempt-{r.AttemptId}-{SafeName(r.EmployeeNumber)}.pdf");
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, name), r.Pdf, ct);
            lines.Add($"{r.Sha256}  {name}");
        }

        await File.WriteAllLinesAsync(Path.Combine(directory.FullName, Manifest), lines, ct);
        return latest.Count;
    }

    private static string SafeName(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    /// <summary>
    /// Every stored archive copy: its bytes still hash to its recorded SHA-256, and the audit chain holds that hash for its
    /// attempt. Returns the number checked and the problems found.
    /// </summary>
    public static async Task<(int Checked, List<string> Problems)> CheckStoredAsync(AppDbContext db, CancellationToken ct)
    {
        var recorded = await RecordedAsync(db, ct);
        var problems = new List<string>();
        var count = 0;
        await foreach (var r in db.AttemptArchives.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (Convert.ToHexStringLower(SHA256.HashData(r.Pdf)) != r.Sha256)
            {
                problems.Add($"the archive of attempt {r.AttemptId} (copy {r.Id}) was altered: its bytes no longer hash to {r.Sha256}");
            }
            else if (!recorded.Contains((r.AttemptId, r.Sha256)))
            {
                problems.Add($"the archive of attempt {r.AttemptId} (copy {r.Id}, sha256 {r.Sha256}) has no attempt.archived entry in the audit chain");
            }
        }

        return (count, problems);
    }

    /// <summary>Every file a written archive's manifest lists: present, hashing to the manifest's value, and that hash recorded in the chain.</summary>
    public static async Task<(int Checked, List<string> Problems)> CheckDirectoryAsync(AppDbContext db, DirectoryInfo directory, CancellationToken ct)
    {
        var manifest = Path.Combine(directory.FullName, Manifest);
        if (!File.Exists(manifest))
        {
            return (0, [$"{directory.FullName} has no {Manifest}"]);
        }

        var recorded = await RecordedAsync(db, ct);
        var problems = new List<string>();
        var count = 0;
        foreach (var (line, number) in (await File.ReadAllLinesAsync(manifest, ct)).Select((l, i) => (l, i + 1)).Where(l => l.l.Length > 0))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64)
            {
                problems.Add($"{Manifest}:{number}: not a \"hash  file\" line");
                continue;
            }

            count++;
            var file = Path.Combine(directory.FullName, parts[1]);
            if (!File.Exists(file))
            {
                problems.Add($"{parts[1]} is listed in {Manifest} but missing");
            }
            else if (Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, ct))) != parts[0])
            {
                problems.Add($"{parts[1]} does not hash to the value {Manifest} gives: altered");
            }
            else if (AttemptOf(parts[1]) is not { } attemptId || !recorded.Contains((attemptId, parts[0])))
            {
                problems.Add($"{parts[1]} (sha256 {parts[0]}) is not recorded in the audit chain as the archive of attempt {AttemptOf(parts[1])?.ToString(CultureInfo.InvariantCulture) ?? "(no attempt in its name)"}");
            }
        }

        return (count, problems);
    }

    /// <summary>The attempt a written file is the archive of, from its name (attempt-ID-….pdf).</summary>
    private static int? AttemptOf(string fileName) =>
        fileName.StartsWith("attempt-", StringComparison.Ordinal) && int.TryParse(fileName["attempt-".Length..].Split('-', '.')[0], CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The (attempt, hash) pairs the audit chain recorded as archived.</summary>
    private static async Task<HashSet<(int AttemptId, string Sha256)>> RecordedAsync(AppDbContext db, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "attempt.archived").Select(e => new { e.Subject, e.Details }).ToListAsync(ct);
        return [.. entries.Select(e => (int.Parse(e.Subject["attempt:".Length..], CultureInfo.InvariantCulture), e.Details.Split(' ', ',')[1]))];
    }
}
