using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SecrecyTraining.Tools;

/// <summary>
/// SQL Server's T-SQL grammar, as Microsoft's ScriptDom parser knows it: the one check of our SQL Server SQL that needs no
/// server (the migration script in scripts/check-migrations, the queries' translations in the tests).
/// </summary>
public static class TSqlCheck
{
    /// <summary>The parse errors of <paramref name="sql"/> (batches separated by GO), each as "line:column: message"; empty when it parses.</summary>
    public static IReadOnlyList<string> Errors(string sql)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return [.. errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}")];
    }
}
