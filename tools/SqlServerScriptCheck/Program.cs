using SecrecyTraining.Tools;

// Usage: SqlServerScriptCheck FILE...  Exit code 1 when any file does not parse as T-SQL.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: SqlServerScriptCheck FILE...");
    return 2;
}

var status = 0;
foreach (var file in args)
{
    var errors = TSqlCheck.Errors(File.ReadAllText(file));
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"{file}:{error}");
    }

    Console.WriteLine(errors.Count == 0 ? $"{file}: parses as T-SQL (ScriptDom)" : $"{file}: {errors.Count} parse error(s)");
    status |= errors.Count == 0 ? 0 : 1;
}

return status;
