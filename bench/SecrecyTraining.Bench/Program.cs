using SecrecyTraining.Bench;

// Exam-season load driver: signs in N virtual trainees against a running app, starts an exam for each, saves answers at a
// chosen total rate for a chosen time, submits, then checks in the database that every acknowledged answer is stored.
// Usage: see bench/README.md (scripts/bench runs it end to end).
var options = BenchOptions.Parse(args);
var result = await ExamSeason.RunAsync(options);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, result.ToJson());
Console.WriteLine(result.ToJson());
return result.Passed ? 0 : 1;
