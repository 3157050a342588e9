using System.Data.Common;
using System.Text;
using Respawn;
using Respawn.Graph;

namespace SecrecyTraining.Tests.Support;

/// <summary>
/// Respawn ships no SQLite adapter; this one lets the same <see cref="Respawner"/> reset the SQLite file:
/// it lists the tables and their foreign keys so Respawn deletes children before parents.
/// </summary>
internal sealed class SqliteRespawnAdapter : IDbAdapter
{
    public string BuildTableCommandText(RespawnerOptions options) =>
        "SELECT NULL, name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'" + Excluding(options, "name");

    public string BuildTemporalTableCommandText(RespawnerOptions options) => throw new NotSupportedException("SQLite has no temporal tables.");

    public string BuildRelationshipCommandText(RespawnerOptions options) =>
        "SELECT NULL, m.name, NULL, fk.\"table\", m.name || '_' || fk.id FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk " +
        "WHERE m.type = 'table'" + Excluding(options, "m.name");

    public string BuildDeleteCommandText(GraphBuilder graph, RespawnerOptions options)
    {
        // A table referring to itself (a make-up session names its original) cannot be ordered child-first: the checks wait
        // for the end of Respawn's transaction, when every row is gone.
        var sql = new StringBuilder("PRAGMA defer_foreign_keys = ON;\n");
        foreach (var table in graph.ToDelete)
        {
            sql.Append("DELETE FROM \"").Append(table.Name).Append("\";\n");
        }

        return sql.ToString();
    }

    public string BuildReseedSql(IEnumerable<Table> tablesToDelete) => "";

    public string BuildTurnOffSystemVersioningCommandText(IEnumerable<TemporalTable> tablesToTurnOffSystemVersioning) => "";

    public string BuildTurnOnSystemVersioningCommandText(IEnumerable<TemporalTable> tablesToTurnOnSystemVersioning) => "";

    public Task<bool> CheckSupportsTemporalTables(DbConnection connection) => Task.FromResult(false);

    public bool RequiresStatementsToBeExecutedIndividually() => false;

    private static string Excluding(RespawnerOptions options, string column) =>
        options.TablesToIgnore.Length == 0
            ? ""
            : $" AND {column} NOT IN ({string.Join(", ", options.TablesToIgnore.Select(t => $"'{t.Name}'"))})";
}
