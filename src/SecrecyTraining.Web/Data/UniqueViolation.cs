using Microsoft.EntityFrameworkCore;

namespace SecrecyTraining.Web.Data;

/// <summary>Recognises a unique-index violation on every provider: how idempotent jobs learn that another run got there first.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
