using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>
/// The application on a real Kestrel port with a fresh SQLite data directory, and Debian's Chromium driven by Playwright.
/// Shared by the browser tests of the collection.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime, IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("secrecy-browser-").FullName;
    private readonly Factory factory;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public BrowserApp() => factory = new Factory(dataDirectory, Clock);

    /// <summary>The server's clock: real time, moved forward when a flow must wait (a lesson's minimum reading time).</summary>
    public MovableClock Clock { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        // The port is chosen first: the application's public address (Certificates:BaseUrl, the QR code's) names it.
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            factory.Port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        factory.UseKestrel(factory.Port);
        factory.StartServer();
        BaseUrl = factory.PublicBaseUrl;

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/test installs Debian's chromium when run as root.");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new browser context (its own cookies) on a new page, watched by a <see cref="PageWatch"/>.</summary>
    public async Task<(IPage Page, PageWatch Watch)> NewWatchedPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "zh-CN",
            AcceptDownloads = true,
            ReducedMotion = ReducedMotion.Reduce, // Bootstrap then skips its transitions: pages are checked as they settle
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 768 },
            HasTouch = viewport?.Width < 768, // a phone: the test taps
            IsMobile = viewport?.Width < 768,
        });
        var watch = await PageWatch.AttachAsync(context, BaseUrl);
        return (await context.NewPageAsync(), watch);
    }

    /// <summary>Where a trainee account made by <see cref="CreateUserAsync"/> without a staff record gets one.</summary>
    public const string TraineesDepartment = "培训中心";

    /// <summary>A staff record in the department (created when new), as HR's roster import would leave it; an existing one is kept.</summary>
    public Task<int> AddPersonAsync(string employeeNumber, string name, string department) => WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        if (db.People.Where(p => p.EmployeeNumber == employeeNumber).Select(p => (int?)p.Id).SingleOrDefault() is { } id)
        {
            return id;
        }

        var existing = db.Departments.SingleOrDefault(d => d.Name == department);
        var target = existing ?? db.Departments.Add(new SecrecyTraining.Web.Domain.Department(department, db.Departments.Count() + 1)).Entity;
        var person = db.People.Add(new SecrecyTraining.Web.Domain.Person(employeeNumber, name, target)).Entity;
        await db.SaveChangesAsync();
        return person.Id;
    });

    /// <summary>HR proposes the person for a new post of <paramref name="level"/> in their department (as the 岗位任用 page would).</summary>
    public Task<int> ProposeOnNewPostAsync(string employeeNumber, SecrecyTraining.Web.Domain.PostLevel level) => WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        var person = db.People.Single(p => p.EmployeeNumber == employeeNumber);
        var department = db.Departments.Single(d => d.Id == person.DepartmentId);
        var post = db.Posts.Add(new SecrecyTraining.Web.Domain.Post("机要员" + employeeNumber, level, department)).Entity;
        await db.SaveChangesAsync();
        var assignment = db.PostAssignments.Add(SecrecyTraining.Web.Domain.PostAssignment.Propose(person.Id, post, "test-setup", Clock.GetUtcNow())).Entity;
        await db.SaveChangesAsync();
        return assignment.Id;
    });

    /// <summary>An open training of demo-exam for the person, due at <paramref name="dueAt"/> (as a past proposal would have left it); returns its id.</summary>
    public Task<int> AssignTrainingAsync(string employeeNumber, DateTimeOffset dueAt) => WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        var person = db.People.Single(p => p.EmployeeNumber == employeeNumber);
        var training = db.TrainingAssignments.Add(new SecrecyTraining.Web.Domain.TrainingAssignment
        {
            PersonId = person.Id,
            Reason = SecrecyTraining.Web.Domain.TrainingReason.Onboarding,
            CourseId = "demo-course",
            ExamId = "demo-exam",
            AssignedAt = dueAt.AddDays(-30),
            DueAt = dueAt,
        }).Entity;
        await db.SaveChangesAsync();
        return training.Id;
    });

    /// <summary>Puts a message in the account's inbox, as the nightly jobs do.</summary>
    public Task<int> NotifyAsync(string userName, string key, string title, string body) => WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        var userId = db.Users.Where(u => u.UserName == userName).Select(u => u.Id).Single();
        await s.GetRequiredService<SecrecyTraining.Web.Features.Notifications.Notifier>().AddAsync(userId, key, title, body, null);
        return await db.SaveChangesAsync();
    });

    /// <summary>Records a job run that failed with <paramref name="message"/>, in this application's Hangfire storage.</summary>
    public Task FailJobAsync(string message) => WithServicesAsync(s =>
    {
        // Hangfire's log provider is process-wide and may still point at another (already disposed) test app's loggers.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(
            s.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        Hangfire.IBackgroundJobClient client = new Hangfire.BackgroundJobClient(s.GetRequiredService<Hangfire.JobStorage>());
        Hangfire.BackgroundJobClientExtensions.Create(client, () => FailingJob.Run(message), new Hangfire.States.FailedState(new InvalidOperationException(message)));
        return Task.FromResult(true);
    });

    /// <summary>Every POST action of the application, as "POST template", from MVC's action descriptors.</summary>
    public IReadOnlyList<string> PostActions() =>
    [
        .. factory.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.Infrastructure.IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>()
            .Where(d => d.ActionConstraints?.OfType<Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint>().Any(c => c.HttpMethods.Contains("POST")) == true)
            .Select(d => "POST " + d.AttributeRouteInfo!.Template)
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>An account; a trainee's gets its staff record first (training records belong to the person).</summary>
    public async Task CreateUserAsync(string userName, string name, string[] roles, string password)
    {
        if (roles.Contains(SecrecyTraining.Web.Domain.Roles.Trainee))
        {
            await AddPersonAsync(userName, name, TraineesDepartment);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().CreateAsync("test-setup", userName, name, roles, password, mustChangePassword: false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }
    }

    /// <summary>Marks every lesson of the course read for the user, so its exam opens.</summary>
    public async Task CompleteCourseAsync(string userName, string courseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        var personId = db.People.Where(p => p.EmployeeNumber == userName).Select(p => p.Id).Single();
        foreach (var lesson in db.Lessons.Where(l => l.CourseId == courseId).ToList())
        {
            db.LessonProgress.Add(new SecrecyTraining.Web.Domain.LessonProgress
            {
                PersonId = personId,
                LessonId = lesson.Id,
                FirstOpenedAt = DateTimeOffset.UtcNow.AddHours(-1),
                CompletedAt = DateTimeOffset.UtcNow,
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>The correct options of each question of the attempt, as positions among the options its page shows (shuffled).</summary>
    public Task<Dictionary<int, int[]>> ShownKeysAsync(int attemptId) => WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>();
        var questions = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.Include(db.AttemptQuestions.Where(q => q.AttemptId == attemptId), q => q.Question));
        return questions.ToDictionary(q => q.Position, q => q.Question!.Correct.Select(original => q.OptionOrder.ToList().IndexOf(original)).Order().ToArray());
    });

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await factory.DisposeAsync();
        DeleteDataDirectory();
    }

    /// <summary>xunit calls this after <see cref="DisposeAsync"/>; disposing the factory twice is harmless.</summary>
    public void Dispose() => factory.Dispose();

    private void DeleteDataDirectory()
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>The small content set the integration tests use too (its exam demo-exam has three questions, 20 minutes).</summary>
    public static string FixtureContent
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "SecrecyTraining.Tests", "Fixtures", "content");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("tests/SecrecyTraining.Tests/Fixtures/content not found above " + AppContext.BaseDirectory);
        }
    }

    private sealed class Factory(string dataDirectory, TimeProvider clock) : WebApplicationFactory<Program>
    {
        public int Port { get; set; }

        public string PublicBaseUrl => $"http://127.0.0.1:{Port}";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Certificates:BaseUrl", PublicBaseUrl);
            builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "1000000"); // every flow signs in from 127.0.0.1
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Content:ImportOnStartup", "true");
            builder.UseSetting("Content:Directory", FixtureContent);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(clock);
                services.AddSingleton<IStartupFilter, PostCoverage.StartupFilter>();
            });
        }
    }
}

/// <summary>A job recorded as failed; no retry, so it stays failed (Hangfire's retry filter would otherwise reschedule it).</summary>
public static class FailingJob
{
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public static void Run(string message) => throw new InvalidOperationException(message);
}

public sealed class MovableClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}

/// <summary>The check that runs after every flow (scripts/test runs it on its own, second).</summary>
[CollectionDefinition(Name)]
public sealed class CoverageBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "coverage";
}

/// <summary>The 保密办's flows change the content: an application of their own.</summary>
[CollectionDefinition(Name)]
public sealed class OfficeBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "office";
}

/// <summary>The 保密办's editors change blueprints, policy and commitment texts: an application of their own.</summary>
[CollectionDefinition(Name)]
public sealed class AuthoringBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "authoring";
}

/// <summary>The gate flows get an application of their own (they move its clock), run beside the other collection.</summary>
[CollectionDefinition(Name)]
public sealed class SessionsBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "sessions";
}

[CollectionDefinition(Name)]
public sealed class GateBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "gate";
}

/// <summary>HR's staff records through the year: its own application, so its people and proposals count in no other flow's to-do list.</summary>
[CollectionDefinition(Name)]
public sealed class StaffBrowser : ICollectionFixture<BrowserApp>
{
    public const string Name = "staff";
}
