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
/// SQLite has one writer at a time; letting many requests race for its lock makes them sleep and retry. The busiest
/// write, saving an answer, queues here instead. On PostgreSQL and SQL Server the gate is open.
/// </summary>
public sealed class WriteGate(bool serialize) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        if (!serialize)
        {
            return await write();
        }

        await gate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
