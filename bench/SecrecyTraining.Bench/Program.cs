using SecrecyTraining.Bench;

// Benchmarks, each a verb; scripts/bench builds and runs them (see bench/README.md).
// `certificate-pdf [--counts 20,200,2000] [--out FILE]` measures streamed department printing.
if (args.Length > 0 && args[0] == "certificate-pdf")
{
    var countsAt = Array.IndexOf(args, "--counts");
    var counts = (countsAt >= 0 ? args[countsAt + 1] : "20,200,2000").Split(',').Select(int.Parse).ToList();
    var outAt = Array.IndexOf(args, "--out");
    var file = outAt >= 0 ? args[outAt + 1] : "bench/results/certificate-pdf.json";
    var json = await CertificatePrinting.RunAsync(counts);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, json);
    Console.WriteLine(json);
    return 0;
}

// `sweeps --provider Sqlite|Postgres [--connection CS] --people N --data DIR --content DIR --out FILE`: the scheduling sweeps at scale.
if (args.Length > 0 && args[0] == "sweeps")
{
    string Arg(string name, string fallback) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    var json = await SweepsAtScale.RunAsync(Arg("provider", "Sqlite"), Arg("connection", "") is { Length: > 0 } c ? c : null,
        int.Parse(Arg("people", "100000"), System.Globalization.CultureInfo.InvariantCulture), Arg("data", "bench/.data"), Arg("content", "content"));
    var file = Arg("out", "bench/results/sweeps.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, json);
    Console.WriteLine(json);
    return 0;
}

// `floor-server --provider Sqlite|Postgres --connection CS --port N`: the bare answer-save endpoint (the floor).
if (args.Length > 0 && args[0] == "floor-server")
{
    string Arg(string name) => args[Array.IndexOf(args, "--" + name) + 1];
    await Floor.RunAsync(Arg("provider"), Arg("connection"), int.Parse(Arg("port"), System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

// `exam-day --url U --floor-url U --provider P --connection CS --data DIR --app-pid N --out FILE [--examinees 2000] [--rate 1000]
// [--seconds 60] [--arrival 60] [--room 300] [--submit 30] [--step 10] [--commit SHA]`: issue 19's exam day against the app and
// the floor (`--room 0`: everyone signs in inside the start minute; `--step 0` skips both saturation searches: a quicker run
// while working on one phase, not a result).
if (args.Length > 0 && args[0] == "exam-day")
{
    string Arg(string name, string fallback) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
    var json = await ExamDay.RunAsync(new ExamDay.Options(
        new Uri(Arg("url", "http://127.0.0.1:5090")), new Uri(Arg("floor-url", "http://127.0.0.1:5091")), Arg("provider", "Sqlite"), Arg("connection", ""),
        Arg("data", "bench/.data"), Int("examinees", 2000), Int("arrival", 60), Int("room", 300), Int("rate", 1000), Int("seconds", 60), Int("submit", 30), Int("step", 10),
        Int("app-pid", 0), Arg("commit", "")));
    var file = Arg("out", "bench/results/exam-day.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, json);
    Console.WriteLine(json);
    return 0;
}

Console.Error.WriteLine("usage: exam-day … | floor-server … | sweeps … | certificate-pdf … (scripts/bench runs them; see bench/README.md)");
return 2;
