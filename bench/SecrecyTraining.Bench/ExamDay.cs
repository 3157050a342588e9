using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Sessions;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Bench;

/// <summary>
/// Exam day (issue 19), against the running application and the bare floor (<see cref="Floor"/>) on the same machine:
/// the floor's saturation; the start storm (every examinee of one exam session signs in through the real form while the
/// room fills and waits on 我的考试, then starts the session's pre-drawn paper with the code and opens it, the presses
/// spread over the minute after the opening; or, with no room, all of it inside that minute); answer saves
/// at a fixed rate, then the application's saturation; the submit storm (every examinee submits the page's form, as a
/// browser does, within half a minute); then what the database holds: every acknowledged answer, every attempt graded,
/// the passes' certificates numbered without a gap. The application's peak working set is read from /proc.
/// </summary>
public static partial class ExamDay
{
    private const string Password = "Bench-Examinee-2026";
    private const string StartCode = "EXAM2026";
    private const string ExamId = "pre-duty-exam";

    public sealed record Options(
        Uri Url, Uri FloorUrl, string Provider, string Connection, string DataDirectory, int Examinees, int ArrivalSeconds, int RoomSeconds, int Rate,
        int Seconds, int SubmitSeconds, int StepSeconds, int AppPid, string Commit);

    public sealed record Stats(int Count, int Errors, double Throughput, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
    {
        public bool Within(double p99, int rate) => Errors == 0 && P99Ms < p99 && Throughput >= rate * 0.95;

        public static Stats Of(IReadOnlyCollection<double> latencies, int errors, double seconds)
        {
            var sorted = latencies.Order().ToArray();
            double At(double p) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
            return new Stats(sorted.Length, errors, Math.Round((sorted.Length - errors) / seconds, 1), At(0.50), At(0.95), At(0.99), At(1.0));
        }
    }

    private sealed class Examinee(int index)
    {
        public string Name { get; } = $"exam-{index:D5}";

        /// <summary>Every other examinee answers right (from the key, read in the database) and passes; the others guess.</summary>
        public bool Passer { get; } = index % 2 == 0;

        public HttpClient Client { get; set; } = null!;

        public int Attempt { get; set; }

        public string Token { get; set; } = "";

        public IReadOnlyList<(int Position, int Options)> Questions { get; set; } = [];

        public Dictionary<int, int[]> Key { get; set; } = [];

        /// <summary>The last answer per question the application acknowledged, with the sequence of its request.</summary>
        public ConcurrentDictionary<int, (long Sequence, int[] Selected, bool Acknowledged)> Answers { get; } = new();
    }

    public static async Task<string> RunAsync(Options options)
    {
        await using var app = BuildServices(options);
        await using var memory = new MemoryWatch(options.AppPid);
        var (session, passwordMs) = await SeedAsync(app, options);
        Console.Error.WriteLine($"{options.Examinees} examinees in session {session}; password verification {passwordMs} ms");
        var examinees = Enumerable.Range(1, options.Examinees).Select(i => new Examinee(i)).ToList();
        var result = new JsonObject
        {
            ["provider"] = options.Provider,
            ["commit"] = options.Commit,
            ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["cores"] = Environment.ProcessorCount,
            ["examinees"] = options.Examinees,
        };

        memory.Phase = "floor";
        // The floor: its saturation, and its figures at the application's target rate.
        var floorClients = Enumerable.Range(0, options.Examinees).Select(_ => Client(options.FloorUrl, cookies: false)).ToList();
        var floorAt = (int rate, int seconds) => LoadAsync(rate, seconds, k =>
            SaveAsync(floorClients[(int)(k % floorClients.Count)], (int)(k % floorClients.Count) + 1, (int)(k / floorClients.Count % 50) + 1, [(int)(k % 4)], ""));
        await floorAt(500, 5); // warm-up, not counted: connections opened, code jitted
        var (floorSaturation, floorSteps) = options.StepSeconds == 0 ? (0, []) : await SaturateAsync(rate => floorAt(rate, options.StepSeconds), 1000, 40000);
        var floorAtTarget = await floorAt(options.Rate, Math.Max(options.StepSeconds, 5));
        result["floor"] = new JsonObject { ["throughput"] = floorSaturation, ["atTarget"] = Json(floorAtTarget), ["steps"] = floorSteps };
        Console.Error.WriteLine($"floor: saturation {floorSaturation}/s; at {options.Rate}/s p99 {floorAtTarget.P99Ms} ms");

        // The start storm.
        memory.Phase = "startStorm";
        var storm = await StartStormAsync(app, examinees, session, options);
        result["startStorm"] = storm;
        result["startStorm"]!["passwordVerifyMs"] = passwordMs;
        var started = examinees.Where(e => e.Attempt != 0).ToList();
        Console.Error.WriteLine($"start storm: {started.Count} started, p99 {storm["p99Ms"]} ms, {storm["errors"]} errors");
        await ReadKeysAsync(app, started);

        // Answer saves at the target rate, then the application's saturation.
        memory.Phase = "saves";
        long sequence = 0;
        var appAt = (int rate, int seconds) => LoadAsync(rate, seconds, async k =>
        {
            var e = started[(int)(k % started.Count)];
            var (position, count) = e.Questions[(int)(k / started.Count % e.Questions.Count)];
            int[] selected = e.Passer ? e.Key[position] : [Random.Shared.Next(count)];
            var mine = Interlocked.Increment(ref sequence);
            e.Answers.AddOrUpdate(position, (mine, selected, false), (_, old) => old.Sequence > mine ? old : (mine, selected, false));
            var ok = await SaveAsync(e.Client, e.Attempt, position, selected, e.Token);
            if (ok)
            {
                e.Answers.AddOrUpdate(position, (mine, selected, true), (_, old) => old.Sequence == mine ? (mine, selected, true) : old);
            }

            return ok;
        });
        var saves = await appAt(options.Rate, options.Seconds);
        Console.Error.WriteLine($"saves at {options.Rate}/s: {saves.Throughput}/s, p99 {saves.P99Ms} ms, {saves.Errors} errors");
        var (appSaturation, appSteps) = options.StepSeconds == 0 ? (0, []) : await SaturateAsync(rate => appAt(rate, options.StepSeconds), 500, 20000);
        var (checkedAnswers, missing) = await VerifyAnswersAsync(app, started);
        result["saves"] = Json(saves);
        result["saves"]!["rate"] = options.Rate;
        result["saves"]!["seconds"] = options.Seconds;
        result["saves"]!["saturation"] = appSaturation;
        result["saves"]!["saturationSteps"] = appSteps;
        result["saves"]!["ratioToFloor"] = floorSaturation == 0 ? 0 : Math.Round((double)appSaturation / floorSaturation, 3);
        result["saves"]!["checkedAnswers"] = checkedAnswers;
        result["missingAnswers"] = missing;
        Console.Error.WriteLine($"saturation {appSaturation}/s ({result["saves"]!["ratioToFloor"]} of the floor); {missing} of {checkedAnswers} acknowledged answers missing");

        // The submit storm, and what it left; then half a minute more, while the attempt-archiver draws the archives.
        memory.Phase = "submitStorm";
        var submit = await SubmitStormAsync(started, options);
        memory.Phase = "afterSubmit";
        var graded = await VerifyGradingAsync(app, session);
        result["submitStorm"] = submit;
        foreach (var (key, value) in graded)
        {
            result["submitStorm"]![key] = value;
        }

        result["errors"] = (int)storm["errors"]! + saves.Errors + (int)submit["errors"]! + (options.Examinees - started.Count);
        await Task.Delay(TimeSpan.FromSeconds(30));
        result["peakWorkingSetMiB"] = PeakWorkingSetMiB(options.AppPid);
        result["workingSetByPhaseMiB"] = memory.Peaks();
        result["verdict"] = new JsonObject
        {
            ["startStorm"] = (int)storm["errors"]! == 0 && (double)storm["p99Ms"]! <= 2000,
            ["saves"] = saves.Within(100, options.Rate) && missing == 0,
            ["saturation"] = appSaturation >= floorSaturation * 0.3,
            ["submitStorm"] = (int)submit["errors"]! == 0 && (double)submit["p99Ms"]! <= 1000 && (bool)graded["allGraded"]! && (bool)graded["certificatesGapless"]!,
            ["memory"] = (double)result["peakWorkingSetMiB"]! < 1024,
        };
        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static WebApplication BuildServices(Options options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider,
            ["ConnectionStrings:Default"] = options.Connection,
            ["Storage:DataDirectory"] = Path.GetFullPath(options.DataDirectory),
            ["Jobs:Server"] = "false",
        });
        builder.AddSecrecyTraining();
        return builder.Build();
    }

    /// <summary>
    /// The examinees (staff records and accounts sharing one password hash: hashing 2,000 passwords is not what is measured),
    /// the pre-duty course read, and one published exam session for them all (every paper drawn at publishing).
    /// </summary>
    private static async Task<(int Session, double PasswordMs)> SeedAsync(WebApplication app, Options options)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>();
        var department = new Department("考务测试处", 99);
        db.Departments.Add(department);
        var people = Enumerable.Range(1, options.Examinees).Select(i => new Person($"exam-{i:D5}", $"考生{i}", department)).ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        var hash = hasher.HashPassword(new AppUser(), Password);
        var role = await db.Roles.Where(r => r.Name == Roles.Trainee).Select(r => r.Id).SingleAsync();
        var users = people.Select(p => new AppUser
        {
            UserName = p.EmployeeNumber,
            NormalizedUserName = p.EmployeeNumber.ToUpperInvariant(),
            DisplayName = p.Name,
            PersonId = p.Id,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        }).ToList();
        db.Users.AddRange(users);
        db.UserRoles.AddRange(users.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = role }));
        var lessons = await db.Lessons.Where(l => l.CourseId == "pre-duty" && !l.IsRetired).Select(l => l.Id).ToListAsync();
        var read = DateTimeOffset.UtcNow.AddDays(-1);
        db.LessonProgress.AddRange(people.SelectMany(p => lessons.Select(l => new LessonProgress { PersonId = p.Id, LessonId = l, FirstOpenedAt = read, CompletedAt = read.AddHours(1) })));
        await db.SaveChangesAsync();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            hasher.VerifyHashedPassword(users[0], hash, Password);
        }

        var passwordMs = Math.Round(watch.Elapsed.TotalMilliseconds / 10, 1);
        var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
        var now = DateTimeOffset.UtcNow;
        var draft = await sessions.SaveDraftAsync(null, new SessionForm
        {
            Title = "压测：全员上岗保密考试",
            ExamId = ExamId,
            Opens = SessionForm.Local(now.AddMinutes(-1)),
            Closes = SessionForm.Local(now.AddHours(4)),
            DurationMinutes = 180,
            StartCode = StartCode,
            Audience = SessionAudience.Department,
            DepartmentId = department.Id,
        }, "bench");
        var id = draft.SessionId ?? throw new InvalidOperationException(string.Join(" ", draft.Problems.Select(p => p.Message)));
        var version = await db.ExamSessions.Where(s => s.Id == id).Select(s => s.Version).SingleAsync();
        var published = await sessions.PublishAsync(id, version, "bench");
        if (!published.Done)
        {
            throw new InvalidOperationException(string.Join(" ", published.Problems.Select(p => p.Message)));
        }

        return (id, passwordMs);
    }

    private static HttpClient Client(Uri url, bool cookies) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 2 })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>The start storm's steps, each timed.</summary>
    private static readonly string[] StormSteps = ["signIn", "home", "exams", "start", "paper"];

    /// <summary>
    /// Every examinee arrives at their moment and does what a person does: the sign-in page, the form posted, the home
    /// page it leads to, 我的考试, the session's start with its code, the paper. With a room (<c>--room</c> seconds, the
    /// default): the session opens that long after the storm begins, the examinees arrive spread over the room's time
    /// and wait on 我的考试 (its start form counting down), then press start spread over the arrival window after the
    /// opening — timed from the start POST to the paper, the sign-ins timed on their own. Without a room (<c>--room 0</c>,
    /// issue 19's literal storm): the session is open, the arrivals spread over the arrival window, each timed from the
    /// sign-in POST to the paper. Each step's share is reported.
    /// </summary>
    private static async Task<JsonObject> StartStormAsync(WebApplication app, List<Examinee> examinees, int session, Options options)
    {
        var room = TimeSpan.FromSeconds(options.RoomSeconds);
        var clock = Stopwatch.StartNew();
        if (room > TimeSpan.Zero)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var opensAt = DateTimeOffset.UtcNow + room;
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().ExamSessions.Where(s => s.Id == session)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OpensAt, opensAt));
        }

        var total = new ConcurrentBag<double>();
        var signIns = new ConcurrentBag<double>();
        var steps = StormSteps.ToDictionary(s => s, _ => new ConcurrentBag<double>());
        var errors = 0;
        var failures = new ConcurrentDictionary<string, int>();
        async Task At(TimeSpan due)
        {
            if (due - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }
        }

        var spread = (int i, TimeSpan window) => TimeSpan.FromTicks(window.Ticks * i / examinees.Count);
        var arrival = TimeSpan.FromSeconds(options.ArrivalSeconds);
        var tasks = examinees.Select(async (e, i) =>
        {
            await At(room > TimeSpan.Zero ? spread(i, room) : spread(i, arrival));
            e.Client = Client(options.Url, cookies: true);
            var step = "signIn";
            try
            {
                var login = await e.Client.GetStringAsync("/account/login");
                var began = Stopwatch.GetTimestamp();
                var at = began;
                void Done(string name)
                {
                    steps[name].Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                    at = Stopwatch.GetTimestamp();
                }

                using (var signedIn = await e.Client.PostAsync("/account/login", Form(Token(login), ("UserName", e.Name), ("Password", Password))))
                {
                    Expect(signedIn, HttpStatusCode.Redirect);
                }

                Done(step);
                step = "home";
                using (var home = await e.Client.GetAsync("/"))
                {
                    Expect(home, HttpStatusCode.OK);
                }

                Done(step);
                step = "exams";
                var exams = await e.Client.GetStringAsync("/exams");
                if (!exams.Contains($"/exams/sessions/{session}/start", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("我的考试 shows no start form");
                }

                Done(step);
                signIns.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                if (room > TimeSpan.Zero)
                {
                    await At(room + TimeSpan.FromSeconds(1) + spread(i, arrival)); // waiting in the room until the opening, then pressing start
                    began = at = Stopwatch.GetTimestamp();
                }

                step = "start";
                string location;
                using (var start = await e.Client.PostAsync($"/exams/sessions/{session}/start", Form(Token(exams), ("startCode", StartCode))))
                {
                    Expect(start, HttpStatusCode.Redirect);
                    location = start.Headers.Location?.OriginalString ?? "";
                    if (!location.StartsWith("/attempts/", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("start refused: " + location);
                    }
                }

                Done(step);
                step = "paper";
                var paper = await e.Client.GetStringAsync(location);
                Done(step);
                total.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                e.Attempt = int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture);
                e.Token = Token(paper);
                e.Questions = [.. Option().Matches(paper).GroupBy(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Select(g => (g.Key, g.Count()))];
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                Interlocked.Increment(ref errors);
                failures.AddOrUpdate($"{step}: {(ex is TaskCanceledException ? "no answer within 60 s" : ex.Message)}", 1, (_, n) => n + 1);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        var stats = Stats.Of([.. total], 0, clock.Elapsed.TotalSeconds);
        var result = Json(stats);
        result["errors"] = errors;
        result["timed"] = room > TimeSpan.Zero ? "start POST to the paper, pressed after the opening" : "sign-in POST to the paper";
        result["arrivalSeconds"] = options.ArrivalSeconds;
        result["roomSeconds"] = options.RoomSeconds;
        result["signIn"] = Json(Stats.Of([.. signIns], 0, clock.Elapsed.TotalSeconds));
        result["signIn"]!["timed"] = "sign-in POST to 我的考试";
        result["steps"] = new JsonObject(steps.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Json(Stats.Of([.. s.Value], 0, clock.Elapsed.TotalSeconds)))));
        result["failures"] = new JsonObject(failures.Take(10).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value)));
        return result;
    }

    /// <summary>The key of every started paper as shown (the driver answers right for the passers).</summary>
    private static async Task ReadKeysAsync(WebApplication app, List<Examinee> examinees)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempts = examinees.Select(e => e.Attempt).ToList();
        var questions = (await db.AttemptQuestions.AsNoTracking().Where(q => attempts.Contains(q.AttemptId))
                .Select(q => new { q.AttemptId, q.Position, q.OptionOrder, q.Question!.Correct }).ToListAsync())
            .ToLookup(q => q.AttemptId);
        foreach (var e in examinees)
        {
            e.Key = questions[e.Attempt].ToDictionary(q => q.Position, q => Enumerable.Range(0, q.OptionOrder.Count).Where(i => q.Correct.Contains(q.OptionOrder[i])).ToArray());
        }
    }

    private static async Task<bool> SaveAsync(HttpClient client, int attempt, int position, int[] selected, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{attempt}/answers")
        {
            Content = JsonContent.Create(new { position, selected, flagged = false }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Open loop: request k is sent at k / rate seconds whether or not the earlier ones have returned.</summary>
    private static async Task<Stats> LoadAsync(int rate, int seconds, Func<long, Task<bool>> send)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var total = (long)rate * seconds;
        using var inFlight = new SemaphoreSlim(2048);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>((int)total);
        for (long k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / rate);
            if (due - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            await inFlight.WaitAsync();
            var n = k;
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (!await send(n))
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
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return Stats.Of([.. latencies], errors, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The highest rate (stepping by half again) whose p99 stays under 100 ms with no error, and every step measured.</summary>
    private static async Task<(int Rate, JsonArray Steps)> SaturateAsync(Func<int, Task<Stats>> measure, int start, int max)
    {
        var (best, steps) = (0, new JsonArray());
        for (var rate = start; rate <= max; rate = rate * 3 / 2)
        {
            var stats = await measure(rate);
            var step = Json(stats);
            step["rate"] = rate;
            steps.Add(step);
            Console.Error.WriteLine($"  {rate}/s: {stats.Throughput}/s, p99 {stats.P99Ms} ms, {stats.Errors} errors");
            if (!stats.Within(100, rate))
            {
                break;
            }

            best = rate;
            await Task.Delay(TimeSpan.FromSeconds(2)); // let the queues drain between steps
        }

        return (best, steps);
    }

    private static async Task<(int Checked, int Missing)> VerifyAnswersAsync(WebApplication app, List<Examinee> examinees)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempts = examinees.Select(e => e.Attempt).ToList();
        var stored = (await db.Responses.AsNoTracking().Where(r => attempts.Contains(r.AttemptId)).Select(r => new { r.AttemptId, r.Position, r.Selected }).ToListAsync())
            .ToDictionary(r => (r.AttemptId, r.Position), r => r.Selected);
        var shown = (await db.AttemptQuestions.AsNoTracking().Where(q => attempts.Contains(q.AttemptId)).Select(q => new { q.AttemptId, q.Position, q.OptionOrder }).ToListAsync())
            .ToDictionary(q => (q.AttemptId, q.Position), q => q.OptionOrder);
        var (checkedCount, missing) = (0, 0);
        foreach (var e in examinees)
        {
            foreach (var (position, (_, selected, acknowledged)) in e.Answers)
            {
                if (!acknowledged)
                {
                    continue;
                }

                checkedCount++;
                var expected = selected.Select(i => shown[(e.Attempt, position)][i]).Order();
                if (!stored.TryGetValue((e.Attempt, position), out var value) || !value.SequenceEqual(expected))
                {
                    missing++;
                }
            }
        }

        return (checkedCount, missing);
    }

    /// <summary>Every examinee submits the page's form — all its answers in it, as a browser sends them — and reads the result.</summary>
    private static async Task<JsonObject> SubmitStormAsync(List<Examinee> examinees, Options options)
    {
        var submits = new ConcurrentBag<double>();
        var results = new ConcurrentBag<double>();
        var errors = 0;
        var failures = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(examinees.Select(async (e, i) =>
        {
            var due = TimeSpan.FromSeconds((double)i * options.SubmitSeconds / examinees.Count);
            if (due - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            var fields = new List<(string, string)> { ("answers-in-form", "true") };
            foreach (var (position, _) in e.Questions)
            {
                var selected = e.Passer ? e.Key[position] : e.Answers.TryGetValue(position, out var a) && a.Acknowledged ? a.Selected : [];
                fields.AddRange(selected.Select(s => ($"q{position}", s.ToString(CultureInfo.InvariantCulture))));
            }

            var began = Stopwatch.GetTimestamp();
            try
            {
                using var submitted = await e.Client.PostAsync($"/attempts/{e.Attempt}/submit", Form(e.Token, [.. fields]));
                Expect(submitted, HttpStatusCode.Redirect);
                submits.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                using var result = await e.Client.GetAsync(submitted.Headers.Location);
                Expect(result, HttpStatusCode.OK);
                results.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                Interlocked.Increment(ref errors);
                failures.AddOrUpdate(ex is TaskCanceledException ? "no answer within 60 s" : ex.Message, 1, (_, n) => n + 1);
            }
        }));
        var result = Json(Stats.Of([.. results], 0, clock.Elapsed.TotalSeconds));
        result["failures"] = new JsonObject(failures.Take(10).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value)));
        result["errors"] = errors;
        result["submitSeconds"] = options.SubmitSeconds;
        result["submitPostOnly"] = Json(Stats.Of([.. submits], 0, clock.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>Every attempt of the session graded; the passes' certificates numbered 1…N in the year, no gap, none twice.</summary>
    private static async Task<Dictionary<string, JsonNode?>> VerifyGradingAsync(WebApplication app, int session)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == session)
            .Select(a => new { a.Id, a.Status, a.Score, a.Passed }).ToListAsync();
        var graded = attempts.Count(a => a.Status is AttemptStatus.Submitted or AttemptStatus.Finalized && a.Score != null);
        var passes = attempts.Where(a => a.Passed == true).Select(a => a.Id).ToList();
        var numbers = await db.Certifications.AsNoTracking().Where(c => passes.Contains(c.AttemptId)).Select(c => c.Number).ToListAsync();
        var sequences = numbers.Select(n => int.Parse(n[(n.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).Order().ToList();
        var gapless = sequences.Count == passes.Count && sequences.Distinct().Count() == sequences.Count
            && (sequences.Count == 0 || sequences[^1] - sequences[0] + 1 == sequences.Count);
        return new()
        {
            ["attempts"] = attempts.Count,
            ["graded"] = graded,
            ["allGraded"] = graded == attempts.Count,
            ["passes"] = passes.Count,
            ["certificates"] = numbers.Count,
            ["certificatesGapless"] = gapless,
        };
    }

    /// <summary>The application's peak resident set over its whole life (VmHWM), in MiB; 0 when unknown.</summary>
    private static double PeakWorkingSetMiB(int pid) => Status(pid, "VmHWM");

    /// <summary>A size line of /proc/PID/status (VmHWM, VmRSS) in MiB; 0 when unknown.</summary>
    private static double Status(int pid, string field)
    {
        var status = $"/proc/{pid}/status";
        if (pid <= 0 || !File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) ?? "";
        return long.TryParse(Regex.Match(line, "\\d+").Value, CultureInfo.InvariantCulture, out var kb) ? Math.Round(kb / 1024.0, 1) : 0;
    }

    /// <summary>The application's resident set sampled twice a second, its peak kept per phase of the run.</summary>
    private sealed class MemoryWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentDictionary<string, double> peaks = new();
        private readonly Task loop;

        public MemoryWatch(int pid) => loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rss = Status(pid, "VmRSS");
                peaks.AddOrUpdate(Phase, rss, (_, old) => Math.Max(old, rss));
                await Task.Delay(500, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });

        public string Phase { get; set; } = "seed";

        public JsonObject Peaks() => new(peaks.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    private static JsonObject Json(Stats s) => new()
    {
        ["count"] = s.Count,
        ["errors"] = s.Errors,
        ["throughput"] = s.Throughput,
        ["p50Ms"] = s.P50Ms,
        ["p95Ms"] = s.P95Ms,
        ["p99Ms"] = s.P99Ms,
        ["maxMs"] = s.MaxMs,
    };

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode}");
        }
    }

    private static string Token(string html) => WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("input class=\"form-check-input answer\" type=\"(?:radio|checkbox)\" name=\"q(\\d+)\"")]
    private static partial Regex Option();
}
