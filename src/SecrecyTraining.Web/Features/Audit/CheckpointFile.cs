using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Audit;

/// <summary>One checkpoint as a file kept off the server records it: which entry, and the chain's hash at that entry.</summary>
public sealed record KeptCheckpoint(int Row, long Sequence, string Hash);

/// <summary>A problem with a checkpoint file or with the log it is checked against: a localization key and its arguments.</summary>
public sealed record CheckpointProblem(string Template, params object[] Args)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, Template, Args);
}

/// <summary>
/// The audit checkpoints as a CSV (or a printed page) to keep off the server, and the check of such a file against the
/// log: a database rewritten together with its checkpoints table still differs from the hashes kept outside it.
/// </summary>
public static class CheckpointFile
{
    public const string SequenceColumn = "条目序号";
    public const string HashColumn = "哈希";

    public static IEnumerable<Dictionary<string, object?>> Rows(IEnumerable<AuditCheckpoint> checkpoints) =>
        checkpoints.Select(c => new Dictionary<string, object?>
        {
            ["时间"] = LocalTime.Format(c.At),
            [SequenceColumn] = c.Sequence,
            [HashColumn] = c.Hash,
        });

    /// <summary>Reads a checkpoint CSV; problems name the row (the header is row 1).</summary>
    public static (IReadOnlyList<KeptCheckpoint> Checkpoints, IReadOnlyList<CheckpointProblem> Problems) Read(TextReader reader)
    {
        var checkpoints = new List<KeptCheckpoint>();
        var problems = new List<CheckpointProblem>();
        var header = reader.ReadLine()?.TrimStart('\uFEFF');
        var columns = header is null ? [] : Cells(header);
        var sequenceAt = Array.IndexOf(columns, SequenceColumn);
        var hashAt = Array.IndexOf(columns, HashColumn);
        if (sequenceAt < 0 || hashAt < 0)
        {
            problems.Add(new(Ui.Key("第 {0} 行：缺少“条目序号”或“哈希”列：这不是审计检查点文件。"), 1));
            return (checkpoints, problems);
        }

        var row = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            row++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = Cells(line);
            if (cells.Length <= Math.Max(sequenceAt, hashAt)
                || !long.TryParse(cells[sequenceAt], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || cells[hashAt].Length != 64 || !cells[hashAt].All(Uri.IsHexDigit))
            {
                problems.Add(new(Ui.Key("第 {0} 行：需要条目序号和 64 位十六进制哈希。"), row));
                continue;
            }

            checkpoints.Add(new KeptCheckpoint(row, sequence, cells[hashAt].ToLowerInvariant()));
        }

        if (checkpoints.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(Ui.Key("文件中没有检查点。")));
        }

        return (checkpoints, problems);
    }

    /// <summary>Each kept checkpoint the log does not match, in words (empty: all match).</summary>
    public static async Task<IReadOnlyList<CheckpointProblem>> CompareAsync(AppDbContext db, IReadOnlyList<KeptCheckpoint> kept, CancellationToken ct = default)
    {
        var sequences = kept.Select(k => k.Sequence).Where(s => s > 0).Distinct().ToList();
        var hashes = await db.AuditEntries.AsNoTracking().Where(e => sequences.Contains(e.Sequence))
            .ToDictionaryAsync(e => e.Sequence, e => e.Hash, ct);
        var problems = new List<CheckpointProblem>();
        foreach (var k in kept)
        {
            var actual = k.Sequence == 0 ? AuditLog.Genesis : hashes.GetValueOrDefault(k.Sequence);
            if (actual is null)
            {
                problems.Add(new(Ui.Key("第 {0} 行：日志中没有第 {1} 条记录：记录被删除。"), k.Row, k.Sequence));
            }
            else if (actual != k.Hash)
            {
                problems.Add(new(Ui.Key("第 {0} 行：第 {1} 条记录的哈希与检查点不符：日志在此之前被改写。"), k.Row, k.Sequence));
            }
        }

        return problems;
    }

    private static string[] Cells(string line) => [.. line.Split(',').Select(c => c.Trim().Trim('"'))];
}
