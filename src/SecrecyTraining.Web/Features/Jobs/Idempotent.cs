using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// One item of a job's work in its own transaction. A job stopped half-way keeps the items it finished; a unique key
/// (assignment or notification) written by another run at the same time makes this one skip the item instead of doubling it.
/// </summary>
public static class Idempotent
{
    public static async Task<bool> OnceAsync(AppDbContext db, Func<Task<bool>> work, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (!await work())
            {
                db.ChangeTracker.Clear();
                return false;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
