using System.Globalization;

namespace SecrecyTraining.Bench;

public sealed record BenchOptions(
    Uri Url, int Users, int Rate, int Seconds, string Exam, string Provider, string? ConnectionString, string DataDirectory, string Output)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            new Uri(Get("url", "http://127.0.0.1:5090")),
            Int("users", 200),
            Int("rate", 1000),
            Int("seconds", 60),
            Get("exam", "practice-qd-3"),
            Get("provider", "Sqlite"),
            Get("connection", "") is { Length: > 0 } cs ? cs : null,
            Get("data", "bench/.data"),
            Get("out", "bench/results/exam-season.json"));
    }
}
