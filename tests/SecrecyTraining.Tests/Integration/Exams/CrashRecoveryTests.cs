using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Cli;

namespace SecrecyTraining.Tests.Integration.Exams;

/// <summary>The application as a real process, killed with SIGKILL in the middle of an exam.</summary>
public sealed partial class CrashRecoveryTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task EveryAcknowledgedAnswerSurvivesAKillAndTheAttemptResumes(string provider)
    {
        await using var database = TestDatabase.Create(provider, postgresDatabase: "secrecy_crash");
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Content:Directory"] = ContentFixtures.ValidDirectory,
            ["Content:ImportOnStartup"] = "true",
        };
        void Configure(Microsoft.Extensions.Configuration.IConfigurationBuilder c) =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(c, settings);
        Assert.Equal(0, await AppCommands.RunAsync(["db", "migrate"], new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), Configure));
        await database.ResetAsync();
        await using (var db = database.CreateContext())
        {
            // The staff record HR's roster made; the account added on the command line belongs to it.
            db.People.Add(new Web.Domain.Person("crash-1", "考生", db.Departments.Add(new Web.Domain.Department("业务处", 1)).Entity));
            await db.SaveChangesAsync();
        }

        var console = new CliConsole(TextWriter.Null, TextWriter.Null, new StringReader("Crash-Test-Pass-1\n"));
        Assert.Equal(0, await AppCommands.RunAsync(["users", "add", "crash-1", "--name", "考生", "--role", "Trainee", "--password-stdin"], console, Configure));
        Assert.Equal(0, await AppCommands.RunAsync(["content", "import", ContentFixtures.ValidDirectory], new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), Configure));
        await using (var db = database.CreateContext())
        {
            await Learning.CompleteCourseAsync(db, "crash-1", "basics", DateTimeOffset.UtcNow);
        }

        var port = FreePort();
        using (var first = await AppProcess.StartAsync(settings, port))
        {
            var client = await SignInAsync(port, "Crash-Test-Pass-1", changeTo: "Crash-Test-Pass-2");
            var exam = await AttemptPage.StartAsync(client);
            var acknowledged = new List<(int Position, int Option)>();
            foreach (var position in Positions(exam.Page))
            {
                var option = position % 2;
                var response = await exam.SaveAsync(client, position, [option]);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add((position, option));
                }
            }

            first.Kill();
            Assert.Equal(3, acknowledged.Count);

            using var second = await AppProcess.StartAsync(settings, port);
            var again = await SignInAsync(port, "Crash-Test-Pass-2");
            var resumed = await again.GetStringAsync($"/attempts/{exam.Id}");
            foreach (var (position, option) in acknowledged)
            {
                Assert.Matches($"name=\"q{position}\" id=\"q{position}o{option}\" value=\"{option}\"\\s+checked=\"checked\"", resumed);
            }
        }
    }

    /// <summary>
    /// The exam season, then a crash: eight trainees save answers as fast as the server takes them; the process is killed
    /// mid-stream. After the restart every acknowledged answer is there (or the one sent after it, whose answer was lost
    /// with the connection), counted per trainee and question.
    /// </summary>
    [Theory, ClassData(typeof(Providers))]
    public async Task UnderLoadAKillLosesNoAcknowledgedAnswer(string provider)
    {
        const int trainees = 8;
        await using var database = TestDatabase.Create(provider, postgresDatabase: "secrecy_crash_load");
        await using (var setup = new AppFactory(database))
        {
            _ = setup.Services; // starts the host, which migrates the database
            await database.ResetAsync();
            await setup.ImportAsync(ContentFixtures.Valid());
            for (var i = 0; i < trainees; i++)
            {
                await setup.CreateUserAsync($"load-{i}", $"考生{i}", [Web.Domain.Roles.Trainee]);
                await setup.CompleteCourseAsync($"load-{i}", "basics");
            }
        }

        var port = FreePort();
        var sessions = new List<(HttpClient Client, AttemptPage Exam, List<int> Positions)>();
        var lastAcknowledged = new System.Collections.Concurrent.ConcurrentDictionary<(int Attempt, int Position), int>();
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<(int Attempt, int Position), int>();
        var acknowledged = 0;
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        var settings = new Dictionary<string, string?>(database.Settings) { ["Content:ImportOnStartup"] = "false" };
        using (var first = await AppProcess.StartAsync(settings, port))
        {
            for (var i = 0; i < trainees; i++)
            {
                var client = await SignInAsUserAsync(port, $"load-{i}", AppFactory.Password);
                var exam = await AttemptPage.StartAsync(client);
                sessions.Add((client, exam, Positions(exam.Page)));
            }

            using var stop = new CancellationTokenSource();
            var load = sessions.Select(session => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var position = session.Positions[n % session.Positions.Count];
                    var option = n / session.Positions.Count % 2;
                    var key = (session.Exam.Id, position);
                    inFlight[key] = option;
                    try
                    {
                        using var response = await session.Exam.SaveAsync(session.Client, position, [option]);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            refused.Add($"{key}: {(int)response.StatusCode}"); // the server answered but did not take it
                            return;
                        }

                        lastAcknowledged[key] = option;
                        inFlight.TryRemove(key, out _);
                        Interlocked.Increment(ref acknowledged);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(2));
            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        using var second = await AppProcess.StartAsync(settings, port);
        var lost = new List<string>();
        foreach (var (client, exam, _) in sessions)
        {
            var resumed = await client.GetStringAsync($"/attempts/{exam.Id}");
            foreach (var ((attempt, position), option) in lastAcknowledged.Where(a => a.Key.Attempt == exam.Id))
            {
                var kept = Checked(resumed, position, option)
                           || (inFlight.TryGetValue((attempt, position), out var sent) && Checked(resumed, position, sent));
                if (!kept)
                {
                    lost.Add($"attempt {attempt} question {position}: acknowledged option {option}");
                }
            }
        }

        Assert.True(acknowledged > trainees * 3, $"only {acknowledged} answers were acknowledged before the kill");
        Assert.True(refused.IsEmpty, "answers refused before the kill: " + string.Join(", ", refused));
        Assert.True(lost.Count == 0, $"{lost.Count} of {lastAcknowledged.Count} acknowledged answers lost ({acknowledged} acknowledgements):\n" + string.Join("\n", lost));

        static bool Checked(string page, int position, int option) =>
            Regex.IsMatch(page, $"name=\"q{position}\" id=\"q{position}o{option}\" value=\"{option}\"\\s+checked=\"checked\"");
    }

    private static async Task<HttpClient> SignInAsUserAsync(int port, string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(client, userName, password)).StatusCode);
        return client;
    }

    private static async Task<HttpClient> SignInAsync(int port, string password, string? changeTo = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        var signedIn = await AppFactory.SignInAsync(client, "crash-1", password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        if (changeTo is not null)
        {
            await client.PostFormAsync("/account/change-password", "/account/change-password", new()
            {
                ["CurrentPassword"] = password,
                ["NewPassword"] = changeTo,
                ["ConfirmPassword"] = changeTo,
            });
        }

        return client;
    }

    private static List<int> Positions(string page) =>
        [.. QuestionSection().Matches(page).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("class=\"card mb-3 exam-question\" id=\"q(\\d+)\"")]
    private static partial Regex QuestionSection();

    /// <summary>SecrecyTraining.Web.dll run with <c>dotnet</c>, configured through environment variables, ready when /health answers.</summary>
    private sealed class AppProcess : IDisposable
    {
        private readonly Process process;

        private AppProcess(Process process) => this.process = process;

        public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port)
        {
            var info = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "SecrecyTraining.Web.dll"))
            {
                WorkingDirectory = Path.Combine(SourceTree.Root, "src", "SecrecyTraining.Web"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (key, value) in settings)
            {
                info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            info.Environment["Urls"] = $"http://127.0.0.1:{port}";
            info.Environment["Certificates__BaseUrl"] = $"http://127.0.0.1:{port}";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(info)!;
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var until = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < until && !process.HasExited)
            {
                try
                {
                    if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        return new AppProcess(process);
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // not answering yet
                }

                await Task.Delay(200);
            }

            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The application did not become healthy within 60 s:\n" + string.Join("\n", log.TakeLast(30)));
        }

        /// <summary>SIGKILL: no shutdown, no flushing, exactly like a crash.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                Kill();
            }

            process.Dispose();
        }
    }
}
