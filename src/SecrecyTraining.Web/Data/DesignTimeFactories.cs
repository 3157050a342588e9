using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SecrecyTraining.Web.Data;

// dotnet-ef uses these to build each provider's model without a running database
// (scripts/add-migration and scripts/check-migrations). The connection strings are never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqliteAppDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<PostgresAppDbContext>(DatabaseProvider.Postgres, "Host=localhost;Database=secrecy_design_time"));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlServerAppDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=SecrecyDesignTime;Trusted_Connection=True;TrustServerCertificate=True"));
}

internal static class DesignTime
{
    public static DbContextOptions<T> Options<T>(DatabaseProvider provider, string connectionString)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        DatabaseSetup.Configure(builder, provider, connectionString);
        return builder.Options;
    }

    /// <summary>A context of every provider, for the pending-model check.</summary>
    public static IEnumerable<AppDbContext> AllProviders()
    {
        yield return new SqliteDesignTimeFactory().CreateDbContext([]);
        yield return new PostgresDesignTimeFactory().CreateDbContext([]);
        yield return new SqlServerDesignTimeFactory().CreateDbContext([]);
    }
}
