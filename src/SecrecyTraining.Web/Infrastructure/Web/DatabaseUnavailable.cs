using System.Net.Sockets;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Tells a failure to reach the database (server down, network cut, file unavailable) from a fault in the application:
/// the first is answered with 503 and a page saying so, and <c>/health</c> reports it, until the database is back.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool Is(Exception? exception)
    {
        foreach (var e in Chain(exception))
        {
            if (e is System.Data.Common.DbException database)
            {
                return database switch
                {
                    Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => true, // shut down, starting, too many connections
                    Npgsql.PostgresException => false, // the server answered: a fault of the statement, not of the connection
                    Npgsql.NpgsqlException { IsTransient: true } => true,
                    Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 10 or 14 } => true, // I/O error, cannot open
                    _ => database.InnerException is SocketException or TimeoutException or IOException,
                };
            }
        }

        return false;
    }

    /// <summary>The database's disk (or its size limit) is full: the write failed and was rolled back.</summary>
    public static bool IsStorageFull(Exception? exception) =>
        Chain(exception).Any(e => e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } or Npgsql.PostgresException { SqlState: "53100" });

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
