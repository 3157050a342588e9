using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// A job's work in small transactions. A job stopped half-way keeps the batches it finished; a unique key (assignment or
/// notification) written by another run at the same time rolls its batch back, which is then redone item by item, so the
/// item the other run did is skipped instead of doubled.
/// </summary>
public sealed class Idempotent(AppDbContext db, IConfiguration configuration)
{
    /// <summary>Items per transaction: <c>Jobs:BatchSize</c>, 500 by default.</summary>
    public int BatchSize { get; } = Math.Max(1, configuration.GetValue("Jobs:BatchSize", 500));

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> in batches; returns the sum of what it reported.</summary>
    public async Task<int> BatchesAsync<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, Task<int>> work, CancellationToken ct)
    {
        var done = 0;
        foreach (var batch in items.Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            if (await TryAsync(() => work(batch), ct) is { } count)
            {
                done += count;
                continue;
            }

            foreach (var item in batch)
            {
                ct.ThrowIfCancellationRequested();
                done += await TryAsync(() => work([item]), ct) ?? 0;
            }
        }

        return done;
    }

    /// <summary>One unit of work in its own transaction; null when a unique key showed another run did it.</summary>
    private async Task<int?> TryAsync(Func<Task<int>> work, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var count = await work();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return count;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
