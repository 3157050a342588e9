using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// Chooses the provider from <c>Database:Provider</c> (Sqlite | Postgres | SqlServer) and the connection string from
/// <c>ConnectionStrings:Default</c>; SQLite defaults to a file in the data directory.
/// </summary>
public static class DatabaseSetup
{
    public const string SqliteFileName = "secrecy-training.db";

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database:Provider '{value}' is not supported; use one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
    }

    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, AppStorage storage)
    {
        var (provider, connectionString) = Resolve(configuration, storage);
        services.AddSingleton(new WriteGate(serialize: provider == DatabaseProvider.Sqlite));

        _ = provider switch
        {
            // Pooled: a request leases a context already built (building one with its options was a tenth of an answer save).
            DatabaseProvider.Sqlite => services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, o) => Configure(sp, o, provider, connectionString)),
            DatabaseProvider.Postgres => services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, o) => Configure(sp, o, provider, connectionString)),
            DatabaseProvider.SqlServer => services.AddDbContextPool<AppDbContext, SqlServerAppDbContext>((sp, o) => Configure(sp, o, provider, connectionString)),
            _ => throw new InvalidOperationException($"Unknown provider {provider}."),
        };
        return services;
    }

    /// <summary>The provider and its connection string (SQLite defaults to a file in the data directory).</summary>
    public static (DatabaseProvider Provider, string ConnectionString) Resolve(IConfiguration configuration, AppStorage storage)
    {
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={storage.PathFor(SqliteFileName)}"
                : throw new InvalidOperationException($"ConnectionStrings:Default must be set when Database:Provider is {provider}.");
        }

        if (provider == DatabaseProvider.Postgres)
        {
            connectionString = WithStatementPreparation(connectionString);
        }

        if (provider == DatabaseProvider.Sqlite
            && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } file
            && file != ":memory:" && !File.Exists(Path.GetFullPath(file)))
        {
            // SQLite would create it with the process's umask; created here first it is 0600 (its -wal and -shm follow it).
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            PrivateFiles.CreateEmpty(Path.GetFullPath(file));
        }

        return (provider, connectionString);
    }

    /// <summary>
    /// PostgreSQL parses and plans every statement it is sent, and on exam day the same few statements (an answer's save,
    /// the submit's) are sent thousands of times a minute by a server sharing the machine's cores with the database:
    /// Npgsql prepares, per connection, the statements it has seen twice (up to 32), unless the connection string says
    /// otherwise (<c>Max Auto Prepare=0</c> turns it off). Measured in bench/README.md.
    /// </summary>
    internal static string WithStatementPreparation(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one only for those written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = 32;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>The application's configuration of a provider, plus any EF interceptors registered as services (how tests inject faults).</summary>
    private static void Configure(IServiceProvider services, DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        Configure(options, provider, connectionString);
        options.AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        if (provider == DatabaseProvider.Sqlite)
        {
            options.AddInterceptors(services.GetRequiredService<WriteGate>());
        }
    }

    /// <summary>The one place that configures a provider: used by the application and by the design-time factories.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance),
            DatabaseProvider.Postgres => options.UseNpgsql(connectionString),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString),
            _ => throw new InvalidOperationException($"Unknown provider {provider}."),
        };
    }
}
