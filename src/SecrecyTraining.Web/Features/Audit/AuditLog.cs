using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Audit;

public sealed record AuditRecord(string Actor, string Action, string Subject = "", string Details = "");

/// <summary>
/// Appends to the hash-chained audit log and verifies it. An entry is written in the caller's transaction when there is
/// one (so the record and the event it reports commit together), else in its own; the head row is moved with a
/// conditional update, so two appends at once cannot both take the same place in the chain.
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public Task AppendAsync(string actor, string action, string subject = "", string details = "", CancellationToken ct = default) =>
        AppendAsync([new AuditRecord(actor, action, subject, details)], ct);

    /// <summary>Appends several records in one step (one head update): how a sweep audits a batch.</summary>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // The caller's changes first, the chain's head last: every writer takes its locks in that order (no deadlock), and
        // the head row is held only for the moment of the append.
        await db.SaveChangesAsync(ct);
        while (true)
        {
            if (await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct) is not { } head)
            {
                db.AuditChainHeads.Add(new AuditChainHead { Id = 1, LastSequence = 0, LastHash = Genesis }); // the very first entry
                await db.SaveChangesAsync(ct);
                continue;
            }

            var now = clock.GetUtcNow();
            var entries = new List<AuditEntry>(records.Count);
            var (sequence, previous) = (head.LastSequence, head.LastHash);
            foreach (var r in records)
            {
                var entry = Entry(++sequence, now, r.Actor, r.Action, r.Subject, r.Details, previous);
                entries.Add(entry);
                previous = entry.Hash;
            }

            var last = entries[^1];
            var moved = await db.AuditChainHeads.Where(h => h.Id == 1 && h.LastSequence == head.LastSequence)
                .ExecuteUpdateAsync(set => set.SetProperty(h => h.LastSequence, last.Sequence).SetProperty(h => h.LastHash, last.Hash), ct);
            if (moved == 0)
            {
                continue; // another append took this place; read the new head
            }

            db.AuditEntries.AddRange(entries);
            await db.SaveChangesAsync(ct);
            break;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Walks the chain; null when intact, else the first problem in words.</summary>
    public async Task<(long Entries, string? Problem)> VerifyAsync(CancellationToken ct = default)
    {
        var previous = Genesis;
        var expected = 1L;
        var version = 1;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence > expected)
            {
                return (expected - 1, $"entry {expected} is missing (the next one is {e.Sequence})");
            }

            if (e.PreviousHash != previous)
            {
                return (expected - 1, $"entry {e.Sequence} does not follow entry {e.Sequence - 1}: inserted, or its predecessor was altered");
            }

            if (e.HashVersion < version || e.HashVersion is < 1 or > AuditEntry.CurrentHashVersion)
            {
                return (expected - 1, $"entry {e.Sequence} claims hash encoding {e.HashVersion} after entries of encoding {version}: altered");
            }

            if (e.HashVersion == 1 && new[] { e.Actor, e.Action, e.Subject, e.Details }.Any(f => f.Contains('\u001f', StringComparison.Ordinal)))
            {
                // The old encoding joined fields with U+001F: text holding one could be moved between fields unseen.
                return (expected - 1, $"entry {e.Sequence} (hash encoding 1) holds the field separator U+001F: its fields may have been shifted");
            }

            if (Hash(e.HashVersion, e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Details, e.PreviousHash) != e.Hash)
            {
                return (expected - 1, $"entry {e.Sequence} was altered");
            }

            version = e.HashVersion;
            previous = e.Hash;
            expected = e.Sequence + 1;
        }

        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is not null && (head.LastSequence != expected - 1 || head.LastHash != previous))
        {
            return (expected - 1, $"the chain ends at entry {expected - 1} but its head records entry {head.LastSequence}: entries were removed from the end");
        }

        var hashes = new Dictionary<long, string>();
        await foreach (var e in db.AuditEntries.AsNoTracking().Select(e => new { e.Sequence, e.Hash }).AsAsyncEnumerable().WithCancellation(ct))
        {
            hashes[e.Sequence] = e.Hash;
        }

        foreach (var checkpoint in await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(ct))
        {
            if (checkpoint.Sequence > 0 && hashes.GetValueOrDefault(checkpoint.Sequence) != checkpoint.Hash)
            {
                return (expected - 1, $"entry {checkpoint.Sequence} differs from the checkpoint of {checkpoint.At:yyyy-MM-dd HH:mm} UTC: the chain was rewritten");
            }
        }

        return (expected - 1, null);
    }

    /// <summary>Records the chain's head (the audit-checkpoint job); returns it.</summary>
    public async Task<AuditCheckpoint> CheckpointAsync(CancellationToken ct = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        var checkpoint = new AuditCheckpoint { At = clock.GetUtcNow(), Sequence = head?.LastSequence ?? 0, Hash = head?.LastHash ?? Genesis };
        db.AuditCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        return checkpoint;
    }

    private static AuditEntry Entry(long sequence, DateTimeOffset at, string actor, string action, string subject, string details, string previous)
    {
        // Stored to the millisecond (SQLite's binary DateTimeOffset keeps 0.1 ms, PostgreSQL 1 µs), so the hash is computed
        // on the same value that is read back.
        var stored = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return new AuditEntry
        {
            Sequence = sequence,
            At = stored,
            Actor = Truncate(actor, 256),
            Action = Truncate(action, 64),
            Subject = Truncate(subject, 256),
            Details = Truncate(details, 2000),
            PreviousHash = previous,
            Hash = Hash(AuditEntry.CurrentHashVersion, sequence, stored, Truncate(actor, 256), Truncate(action, 64), Truncate(subject, 256), Truncate(details, 2000), previous),
        };
    }

    /// <summary>The entry's hash in encoding <paramref name="version"/> (<see cref="AuditEntry.HashVersion"/>).</summary>
    public static string Hash(int version, long sequence, DateTimeOffset at, string actor, string action, string subject, string details, string previous)
    {
        string[] fields = [previous, sequence.ToString(CultureInfo.InvariantCulture), at.UtcTicks.ToString(CultureInfo.InvariantCulture), actor, action, subject, details];
        if (version == 1)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', fields))));
        }

        // "audit-v2", then each field as its UTF-8 length (4 bytes, big-endian) and its bytes.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("audit-v2"u8);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
