using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Support;

/// <summary>Every row of every table of the model, as text: two snapshots are equal exactly when the database did not change.</summary>
public static class DatabaseSnapshot
{
    public static Task<IReadOnlyList<string>> TakeAsync(AppFactory app) => app.WithScopeAsync<IReadOnlyList<string>>(async services =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var tableRows = new List<string>();
            while (await reader.ReadAsync())
            {
                tableRows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Value(reader, i))));
            }

            rows.AddRange(tableRows.Order(StringComparer.Ordinal));
        }

        return rows;
    });

    private static string Value(DbDataReader reader, int i) => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
}
