using System.CommandLine;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Content.Gift;

namespace SecrecyTraining.Web.Cli;

internal static class ContentCommands
{
    public static Command Create(CliHost host)
    {
        return new Command("content", "Validate, import and measure the content (regulations, courses, questions, exams, policy).")
        {
            Validate(host),
            Import(host),
            ImportSheet(host),
            Coverage(host),
            ExportGift(host),
            Export(host),
        };
    }

    private static Argument<string?> DirectoryArgument() => new("dir")
    {
        Description = "The content directory (default: Content:Directory, i.e. the repository's content/ in Development).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Command Validate(CliHost host)
    {
        var dir = DirectoryArgument();
        var command = new Command("validate", "Check every content file; print each problem as path:line: message.") { dir };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, _) =>
        {
            var directory = host.ContentDirectory(services, parsed.GetValue(dir));
            var result = ContentReader.Read(ContentFiles.FromDirectory(directory));
            if (!result.IsValid)
            {
                await PrintProblemsAsync(host.Console, result.Problems);
                return 1;
            }

            var c = result.Content;
            await host.Console.Out.WriteLineAsync(
                $"OK: {c.Regulations.Count} regulations, {c.ClausesById.Count} clauses, {c.Courses.Count} courses, " +
                $"{c.Courses.Sum(x => x.Lessons.Count)} lessons, {c.Questions.Count} questions, {c.Exams.Count} exams, " +
                $"{c.Commitments.Count} commitment texts; content hash {c.Hash[..12]}.");
            return 0;
        }, ct));
        return command;
    }

    private static Command Import(CliHost host)
    {
        var dir = DirectoryArgument();
        var approve = new Option<bool>("--approve")
        {
            Description = "Apply the files over questions changed in the page (without it those are kept and listed in the report).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what the import would change (added, changed, retired, kept edits) and write nothing." };
        var command = new Command("import", "Validate, then import in one transaction (a no-op when the content is unchanged).") { dir, approve, dryRun };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, token) =>
        {
            var directory = host.ContentDirectory(services, parsed.GetValue(dir));
            var result = await services.GetRequiredService<ContentImporter>()
                .ImportAsync(ContentFiles.FromDirectory(directory), directory, "cli:" + Environment.UserName, cancellationToken: token,
                    overAppEdits: parsed.GetValue(approve), dryRun: parsed.GetValue(dryRun));
            await PrintProblemsAsync(host.Console, result.Problems);
            await (result.Status == ImportStatus.Invalid ? host.Console.Error : host.Console.Out).WriteLineAsync(result.Report);
            return result.Status == ImportStatus.Invalid ? 1 : 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// A 题库 in Excel or CSV: every problem as <c>FILE:ROW: message</c> and exit 1, or the number of questions and the
    /// clauses recognised in their text and exit 0 (with <c>--dry-run</c> nothing is written).
    /// </summary>
    private static Command ImportSheet(CliHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "The .xlsx or .csv (UTF-8 or GB18030) file, one question per row." };
        var bank = new Option<string?>("--bank") { Description = "The bank for rows without a 题库 column." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check only; write nothing." };
        var command = new Command("import-xlsx", "Import a question bank from Excel (题型, 题干, 选项A…, 答案, 解析, 难度, 知识点/出处, 分值).") { file, bank, dryRun };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, token) =>
        {
            var path = parsed.GetValue(file)!;
            var content = await File.ReadAllBytesAsync(path.FullName, token);
            var import = services.GetRequiredService<QuestionSheetImport>();
            var preview = parsed.GetValue(dryRun)
                ? await import.PreviewAsync(content, path.Name, parsed.GetValue(bank), token)
                : (await import.CommitAsync(content, path.Name, parsed.GetValue(bank), Features.Account.AccountProvisioning.CommandLineActor, token)).Preview;
            if (!preview.CanCommit)
            {
                foreach (var problem in preview.Problems)
                {
                    await host.Console.Error.WriteLineAsync(problem.Row is { } row ? $"{path.Name}:{row}: {problem.Message}" : $"{path.Name}: {problem}");
                }

                return 1;
            }

            var clauses = preview.Rows.SelectMany(r => r.RecognisedClauses).Distinct().Order(StringComparer.Ordinal).ToList();
            await host.Console.Out.WriteLineAsync(
                $"{(parsed.GetValue(dryRun) ? "OK (dry run, nothing written)" : "Imported")}: {preview.Rows.Count} questions; " +
                $"clauses recognised in their text: {(clauses.Count == 0 ? "none" : string.Join(", ", clauses))}.");
            return 0;
        }, ct));
        return command;
    }

    private static Command Coverage(CliHost host)
    {
        var dir = DirectoryArgument();
        var format = new Option<string>("--format") { Description = "table (default) or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var command = new Command("coverage", "Clause × (lessons, questions by type): what is taught and tested.") { dir, format };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, _) =>
        {
            var result = ContentReader.Read(ContentFiles.FromDirectory(host.ContentDirectory(services, parsed.GetValue(dir))));
            if (!result.IsValid)
            {
                await PrintProblemsAsync(host.Console, result.Problems);
                return 1;
            }

            var rows = ContentCoverage.Compute(result.Content);
            await host.Console.Out.WriteAsync(parsed.GetValue(format) == "csv" ? ContentCoverage.ToCsv(rows) : ContentCoverage.ToTable(rows));
            return 0;
        }, ct));
        return command;
    }

    private static Command ExportGift(CliHost host)
    {
        var dir = DirectoryArgument();
        var bank = new Option<string?>("--bank") { Description = "Only this bank (default: every bank)." };
        var command = new Command("export-gift", "Write the question banks in Moodle's GIFT format to standard output.") { dir, bank };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, _) =>
        {
            var result = ContentReader.Read(ContentFiles.FromDirectory(host.ContentDirectory(services, parsed.GetValue(dir))));
            if (!result.IsValid)
            {
                await PrintProblemsAsync(host.Console, result.Problems);
                return 1;
            }

            var wanted = parsed.GetValue(bank);
            await host.Console.Out.WriteAsync(GiftWriter.Write(result.Content.Questions.Where(q => wanted is null || q.Bank == wanted)));
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The live content, edits in the page included, written in the content/ formats.</summary>
    private static Command Export(CliHost host)
    {
        var dir = new Argument<string>("dir") { Description = "Where to write (default: ./content-export).", DefaultValueFactory = _ => "content-export" };
        var replace = new Option<bool>("--replace")
        {
            Description = "Write into a directory that has files, first removing the content files an export writes (regulations/, courses/, questions/, exams/, commitments/, policy.yaml); other files stay.",
        };
        var command = new Command("export", "Write the live content (regulations, courses, questions, exams, policy, commitments) as content files.") { dir, replace };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, token) =>
        {
            var directory = Path.GetFullPath(parsed.GetValue(dir)!);
            await services.GetRequiredService<Features.Audit.AuditLog>().AppendAsync(
                "cli:" + Environment.UserName, "export.content", "content", $"to {directory}", token);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                if (!parsed.GetValue(replace))
                {
                    await host.Console.Error.WriteLineAsync($"{directory} is not empty; add --replace to write the content files there (its other files stay).");
                    return 1;
                }

                // Only what an export writes is replaced: the content folders and policy.yaml (a README, notes, anything else stays).
                foreach (var old in ContentFiles.FromDirectory(directory).Where(f => ContentExport.Writes(f.Path)))
                {
                    File.Delete(Path.Combine(directory, old.Path));
                }
            }

            var count = await services.GetRequiredService<ContentExport>().WriteDirectoryAsync(directory, token);
            await host.Console.Out.WriteLineAsync($"Exported {count} files to {directory}.");
            return 0;
        }, ct));
        return command;
    }

    private static async Task PrintProblemsAsync(CliConsole console, IReadOnlyList<ContentProblem> problems)
    {
        foreach (var problem in problems)
        {
            await console.Error.WriteLineAsync(problem.ToString());
        }
    }
}
