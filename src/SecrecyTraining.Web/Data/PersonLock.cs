using Microsoft.EntityFrameworkCore;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// Orders the transactions that decide a person's posts against each other: the gate's activation, a revocation and the
/// suspension it causes each begin by writing the person's row (a no-op update), so the database runs them one after the
/// other and the second sees what the first committed. Without it an activation could read a certificate as valid while a
/// revocation, not yet seeing the post active, suspended nothing. Call it first in the transaction, before any read, so
/// SQLite takes its write lock before its snapshot.
/// </summary>
public static class PersonLock
{
    public static Task LockAsync(this AppDbContext db, IReadOnlyCollection<int> personIds, CancellationToken ct = default) =>
        db.People.Where(p => personIds.Contains(p.Id)).OrderBy(p => p.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.EmployeeNumber, p => p.EmployeeNumber), ct);
}
