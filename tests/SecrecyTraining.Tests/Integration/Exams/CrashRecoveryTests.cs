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
            var exam = await ExamSession.StartAsync(client);
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
