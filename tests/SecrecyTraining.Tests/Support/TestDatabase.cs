using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace SecrecyTraining.Tests.Support;

/// <summary>
/// One database the integration tests run against: a SQLite file in a temporary data directory, or the PostgreSQL
/// that <c>scripts/test</c> starts and names in <see cref="PostgresVariable"/>. Reset with Respawn between tests.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SECRECY_TEST_POSTGRES";

    private static readonly Table[] KeptTables = ["__EFMigrationsHistory", "AspNetRoles", "DataProtectionKeys"];

    private Respawner? respawner;

    private TestDatabase(string provider, string connectionString, string dataDirectory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    /// <summary>The configuration that points the application at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Default"] = ConnectionString,
        ["Storage:DataDirectory"] = DataDirectory,
    };

    /// <param name="provider">Sqlite or Postgres.</param>
    /// <param name="postgresDatabase">A PostgreSQL database of its own, for tests that run beside the shared application.</param>
    public static TestDatabase Create(string provider, string? postgresDatabase = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("secrecy-tests-").FullName;
        return provider switch
        {
            "Sqlite" => new TestDatabase(provider, $"Data Source={Path.Combine(dataDirectory, "tests.db")};Pooling=False", dataDirectory),
            "Postgres" => new TestDatabase(provider, postgresDatabase is null
                ? PostgresConnectionString()
                : new NpgsqlConnectionStringBuilder(PostgresConnectionString()) { Database = postgresDatabase }.ConnectionString, dataDirectory),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    /// <summary>
    /// The tests never skip PostgreSQL: without the variable, or with a server that does not answer, they fail.
    /// </summary>
    private static string PostgresConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run scripts/test, which starts a throwaway PostgreSQL and sets it, " +
                "or set it to a connection string of a PostgreSQL server you may wipe.");
        }

        return value;
    }

    /// <summary>The same PostgreSQL database reached through another local port (a proxy a test can cut), failing fast.</summary>
    public TestDatabase ThroughPort(int port) =>
        new(Provider, new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 3, CommandTimeout = 5 }.ConnectionString, DataDirectory);

    public async Task ResetAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = Provider == "Postgres" ? DbAdapter.Postgres : new SqliteRespawnAdapter(),
            TablesToIgnore = KeptTables,
            SchemasToInclude = Provider == "Postgres" ? ["public"] : [],
        });
        await respawner.ResetAsync(connection);
    }

    public SecrecyTraining.Web.Data.AppDbContext CreateContext() => Provider == "Postgres"
        ? new SecrecyTraining.Web.Data.PostgresAppDbContext(SecrecyTraining.Web.Data.DesignTime.Options<SecrecyTraining.Web.Data.PostgresAppDbContext>(SecrecyTraining.Web.Data.DatabaseProvider.Postgres, ConnectionString))
        : new SecrecyTraining.Web.Data.SqliteAppDbContext(SecrecyTraining.Web.Data.DesignTime.Options<SecrecyTraining.Web.Data.SqliteAppDbContext>(SecrecyTraining.Web.Data.DatabaseProvider.Sqlite, ConnectionString));

    public DbConnection Open() => Provider == "Postgres" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing host; the temp directory is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}
