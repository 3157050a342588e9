using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Data;

/// <summary>Brings the database to the current schema and reference data; safe to run any number of times.</summary>
public sealed class DatabaseInitializer(AppDbContext db, RoleManager<IdentityRole> roles, TimeProvider clock, ILogger<DatabaseInitializer> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers continue while an answer is being saved.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        // Certificate numbers are taken by conditional updates of these rows; creating them here keeps two first
        // certificates of a year from racing to insert the same row.
        var year = Infrastructure.Web.LocalTime.Year(clock.GetUtcNow());
        foreach (var y in new[] { year, year + 1 })
        {
            if (!await db.CertificateNumberSequences.AnyAsync(s => s.Year == y, cancellationToken))
            {
                db.CertificateNumberSequences.Add(new CertificateNumberSequence { Year = y, Last = 0 });
            }
        }

        // The audit chain's head row, moved forward by conditional updates (Features/Audit/AuditLog.cs).
        if (!await db.AuditChainHeads.AnyAsync(h => h.Id == 1, cancellationToken))
        {
            db.AuditChainHeads.Add(new AuditChainHead { Id = 1, LastSequence = 0, LastHash = Features.Audit.AuditLog.Genesis });
        }

        await db.SaveChangesAsync(cancellationToken);

        if (pending.Count > 0)
        {
            logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        return pending;
    }
}
