using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// Per-connection settings for SQLite. In WAL mode, synchronous=NORMAL keeps every committed transaction across a crash
/// or kill of the process (only a power cut may lose the last ones), and spares an fsync per answer saved.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// SQLite has one writer at a time, and every EF Core transaction on it begins with <c>BEGIN IMMEDIATE</c>, taking the
/// write lock at once. Left to race for that lock, transactions sleep in SQLite's busy handler — each sleeping writer
/// blocks a thread-pool thread, so a storm of submits starves the pool and nothing answers. Instead every transaction of
/// the application's contexts queues here, first come first served and without holding a thread, before it begins, and
/// leaves when it commits, rolls back, or its connection closes (a transaction disposed uncommitted, or one whose
/// begin or commit failed, closes the connection EF opened for it, at the latest when the context is disposed). A write
/// outside a transaction busy enough to matter (saving an answer) queues with <see cref="RunAsync{T}"/>. One instance per
/// application; on PostgreSQL and SQL Server the gate is open and not added as an interceptor.
/// </summary>
public sealed class WriteGate(bool serialize) : DbTransactionInterceptor, IDbConnectionInterceptor, IDisposable
{
    /// <summary>How long a transaction waits for its turn before it fails (SQLite's own busy timeout was 10 s).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> holders = new();

    /// <summary>Runs one write that is not in a transaction in its turn; never call it inside a transaction (it would wait for itself).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        if (!serialize)
        {
            return await write();
        }

        if (!await gate.WaitAsync(Patience, ct))
        {
            throw Busy();
        }

        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!gate.Wait(Patience))
        {
            throw Busy();
        }

        holders[eventData.ConnectionId] = 0;
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!await gate.WaitAsync(Patience, cancellationToken))
        {
            throw Busy();
        }

        holders[eventData.ConnectionId] = 0;
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(eventData.ConnectionId);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void Dispose() => gate.Dispose();

    private void Leave(Guid connection)
    {
        if (holders.TryRemove(connection, out _))
        {
            gate.Release();
        }
    }

    private static TimeoutException Busy() =>
        new($"SQLite: no write turn within {Patience.TotalSeconds:0} s; the database is overloaded.");
}
