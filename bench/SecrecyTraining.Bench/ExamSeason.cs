using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Bench;

public sealed record BenchResult(
    string Provider, int Users, int TargetRate, int Seconds, int Sent, int Acknowledged, int Errors, double Throughput,
    double P50, double P95, double P99, double Max, int CheckedAnswers, int MissingAnswers, int Cores, DateTimeOffset At)
{
    public bool Passed => Errors == 0 && MissingAnswers == 0 && P99 < 100 && Throughput >= TargetRate * 0.95;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Indented);
}

public static partial class ExamSeason
{
    private const string Password = "Bench-Trainee-2026";

    private sealed class Trainee(HttpClient client)
    {
        public HttpClient Client { get; } = client;
        public int Attempt { get; set; }
        public string Token { get; set; } = "";
        public IReadOnlyList<(int Position, int Options)> Questions { get; set; } = [];
    }

    public static async Task<BenchResult> RunAsync(BenchOptions options)
    {
        await using var app = BuildServices(options);
        await SeedAsync(app, options.Users);
        var trainees = await PrepareAsync(options);
        Console.Error.WriteLine($"{trainees.Count} trainees signed in with an exam open; saving at {options.Rate}/s for {options.Seconds}s");

        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var acknowledged = 0;
        var latest = new ConcurrentDictionary<(int Attempt, int Position), (long Sequence, int Option, bool Acked)>();
        var total = options.Rate * options.Seconds;
        using var inFlight = new SemaphoreSlim(512);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (long k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / options.Rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var trainee = trainees[(int)(k % trainees.Count)];
            var (position, count) = trainee.Questions[(int)(k / trainees.Count % trainee.Questions.Count)];
            var option = Random.Shared.Next(count);
            var sequence = k;
            latest.AddOrUpdate((trainee.Attempt, position), (sequence, option, false), (_, old) => old.Sequence > sequence ? old : (sequence, option, false));
            await inFlight.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{trainee.Attempt}/answers")
                    {
                        Content = JsonContent.Create(new { position, selected = new[] { option }, flagged = false }),
                    };
                    request.Headers.Add("RequestVerificationToken", trainee.Token);
                    using var response = await trainee.Client.SendAsync(request);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                        latest.AddOrUpdate((trainee.Attempt, position), (sequence, option, true),
                            (_, old) => old.Sequence == sequence ? (sequence, option, true) : old);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        await Parallel.ForEachAsync(trainees, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (t, ct) =>
            await t.Client.PostAsync($"/attempts/{t.Attempt}/submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = t.Token }), ct));

        var (checkedCount, missing) = await VerifyAsync(app, latest.Where(e => e.Value.Acked).ToDictionary(e => e.Key, e => e.Value.Option));
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
        return new BenchResult(options.Provider, trainees.Count, options.Rate, options.Seconds, total, acknowledged, errors,
            Math.Round(acknowledged / elapsed, 1), Percentile(0.50), Percentile(0.95), Percentile(0.99), Percentile(1.0),
            checkedCount, missing, Environment.ProcessorCount, DateTimeOffset.UtcNow);
    }

    private static WebApplication BuildServices(BenchOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider,
            ["ConnectionStrings:Default"] = options.ConnectionString,
            ["Storage:DataDirectory"] = Path.GetFullPath(options.DataDirectory),
        });
        builder.AddSecrecyTraining();
        return builder.Build();
    }

    private static async Task SeedAsync(WebApplication app, int users)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();
        var existing = (await db.Users.Where(u => u.UserName!.StartsWith("bench-")).Select(u => u.UserName!).ToListAsync()).ToHashSet();
        for (var i = 1; i <= users; i++)
        {
            var name = $"bench-{i:D5}";
            if (!existing.Contains(name))
            {
                await accounts.CreateAsync("bench", name, $"压测{i}", [Roles.Trainee], Password, mustChangePassword: false);
            }
        }
    }

    private static async Task<List<Trainee>> PrepareAsync(BenchOptions options)
    {
        var trainees = new ConcurrentBag<Trainee>();
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = 4 })
            {
                BaseAddress = options.Url,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var login = await client.GetStringAsync("/account/login", ct);
            await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = $"bench-{i:D5}",
                ["Password"] = Password,
                ["__RequestVerificationToken"] = Token(login),
            }), ct);
            var exams = await client.GetStringAsync("/exams", ct);
            var started = await client.PostAsync($"/exams/{options.Exam}/start", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(exams) }), ct);
            var location = started.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"bench-{i:D5} could not start {options.Exam}: {started.StatusCode}");
            var page = await client.GetStringAsync(location, ct);
            trainees.Add(new Trainee(client)
            {
                Attempt = int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture),
                Token = Token(page),
                Questions = [.. Option().Matches(page).GroupBy(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Select(g => (g.Key, g.Count()))],
            });
        });
        return [.. trainees];
    }

    private static async Task<(int Checked, int Missing)> VerifyAsync(WebApplication app, Dictionary<(int Attempt, int Position), int> acknowledged)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempts = acknowledged.Keys.Select(k => k.Attempt).Distinct().ToList();
        var stored = (await db.Responses.AsNoTracking().Where(r => attempts.Contains(r.AttemptId)).ToListAsync())
            .ToDictionary(r => (r.AttemptId, r.Position), r => r.Selected);
        // The driver answers with options as shown; the database keeps the question's own option indexes.
        var shown = (await db.AttemptQuestions.AsNoTracking().Where(q => attempts.Contains(q.AttemptId)).ToListAsync())
            .ToDictionary(q => (q.AttemptId, q.Position), q => q.OptionOrder);
        var missing = acknowledged.Count(a => !stored.TryGetValue(a.Key, out var selected) || !selected.SequenceEqual([shown[a.Key][a.Value]]));
        return (acknowledged.Count, missing);
    }

    private static string Token(string html) => WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("input class=\"form-check-input answer\" type=\"(?:radio|checkbox)\" name=\"q(\\d+)\"")]
    private static partial Regex Option();
}
