using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SecrecyTraining.Bench;

/// <summary>
/// The floor: the answer-save contract (<c>POST /attempts/{id}/answers</c>, the same JSON in and out) served by a bare
/// Kestrel endpoint with one upsert and nothing else — no EF Core, no authentication, no anti-forgery, no attempt check.
/// SQLite as the application runs it (WAL, <c>synchronous=NORMAL</c>, one writer at a time); PostgreSQL through a pooled
/// data source. What the application achieves is reported against what this achieves on the same machine in the same run.
/// </summary>
public static class Floor
{
    public sealed record Answer(int Position, int[]? Selected, bool Flagged);

    public static async Task RunAsync(string provider, string connection, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var store = provider == "Postgres" ? (IStore)await PostgresStore.OpenAsync(connection) : await SqliteStore.OpenAsync(connection);
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/attempts/{id:int}/answers", async (int id, HttpRequest request) =>
        {
            var answer = await JsonSerializer.DeserializeAsync<Answer>(request.Body, JsonSerializerOptions.Web);
            if (answer is null)
            {
                return Results.BadRequest();
            }

            var now = DateTimeOffset.UtcNow;
            await store.UpsertAsync(id, answer.Position, JsonSerializer.Serialize(answer.Selected ?? []), answer.Flagged, now);
            return Results.Json(new { saved = true, savedAt = now });
        });
        await app.RunAsync();
    }

    private interface IStore : IAsyncDisposable
    {
        Task UpsertAsync(int attempt, int position, string selected, bool flagged, DateTimeOffset at);
    }

    private const string Table = "bench_floor_responses";

    private const string Upsert = $"INSERT INTO {Table} (attempt_id, position, selected, flagged, saved_at) VALUES (@a, @p, @s, @f, @t) " +
        "ON CONFLICT (attempt_id, position) DO UPDATE SET selected = excluded.selected, flagged = excluded.flagged, saved_at = excluded.saved_at";

    /// <summary>One connection, one prepared statement, one writer at a time (as the application's SQLite write gate).</summary>
    private sealed class SqliteStore(SqliteConnection connection, SqliteCommand command) : IStore
    {
        private readonly SemaphoreSlim writer = new(1);

        public static async Task<SqliteStore> OpenAsync(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                $"CREATE TABLE IF NOT EXISTS {Table} (attempt_id INTEGER NOT NULL, position INTEGER NOT NULL, selected TEXT NOT NULL, flagged INTEGER NOT NULL, saved_at TEXT NOT NULL, PRIMARY KEY (attempt_id, position))",
            })
            {
                await using var setup = connection.CreateCommand();
                setup.CommandText = sql;
                await setup.ExecuteNonQueryAsync();
            }

            var command = connection.CreateCommand();
            command.CommandText = Upsert;
            foreach (var name in new[] { "@a", "@p", "@s", "@f", "@t" })
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return new SqliteStore(connection, command);
        }

        public async Task UpsertAsync(int attempt, int position, string selected, bool flagged, DateTimeOffset at)
        {
            await writer.WaitAsync();
            try
            {
                (command.Parameters[0].Value, command.Parameters[1].Value, command.Parameters[2].Value, command.Parameters[3].Value, command.Parameters[4].Value) =
                    (attempt, position, selected, flagged ? 1 : 0, at.ToString("O"));
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                writer.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
            writer.Dispose();
        }
    }

    /// <summary>A pooled data source: each save takes a connection, runs the one statement, gives it back.</summary>
    private sealed class PostgresStore(NpgsqlDataSource source) : IStore
    {
        public static async Task<PostgresStore> OpenAsync(string connectionString)
        {
            var source = NpgsqlDataSource.Create(connectionString);
            await using var setup = source.CreateCommand(
                $"CREATE TABLE IF NOT EXISTS {Table} (attempt_id integer NOT NULL, position integer NOT NULL, selected text NOT NULL, flagged boolean NOT NULL, saved_at timestamptz NOT NULL, PRIMARY KEY (attempt_id, position))");
            await setup.ExecuteNonQueryAsync();
            return new PostgresStore(source);
        }

        public async Task UpsertAsync(int attempt, int position, string selected, bool flagged, DateTimeOffset at)
        {
            await using var command = source.CreateCommand(Upsert);
            command.Parameters.AddWithValue("a", attempt);
            command.Parameters.AddWithValue("p", position);
            command.Parameters.AddWithValue("s", selected);
            command.Parameters.AddWithValue("f", flagged);
            command.Parameters.AddWithValue("t", at);
            await command.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => source.DisposeAsync();
    }
}
