using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Support;

/// <summary>The application on a test database, with helpers named for what a test wants to do.</summary>
public partial class AppFactory(TestDatabase database, string environment = "Testing") : WebApplicationFactory<Program>
{
    public const string Password = "Correct-Horse-1";

    /// <summary>The public address the test app is configured with (the test server answers every host).</summary>
    public const string PublicBaseUrl = "http://training.test";

    public TestDatabase Database { get; } = database;

    public TestClock Clock { get; } = new();

    /// <summary>A content directory imported at start-up, as a real start does (null: none; tests import what they need).</summary>
    public string? StartupContent { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Certificates:BaseUrl", PublicBaseUrl);
        // Every test signs in from the same (absent) address, many times a minute; SignInDefenceTests sets the limits it tests.
        builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "1000000");
        builder.UseSetting("RateLimits:SignInPerNamePerMinute", "1000000");
        builder.UseSetting("RateLimits:VerifyPerAddressPerMinute", "1000000");
        builder.UseSetting("Content:ImportOnStartup", StartupContent is null ? "false" : "true");
        builder.UseSetting("Content:Directory", StartupContent ?? ContentFixtures.ValidDirectory);
        // Jobs are run by the tests themselves, on Hangfire's in-memory storage, with no server picking them up.
        builder.UseSetting("Jobs:Storage", "InMemory");
        builder.UseSetting("Jobs:Server", "false");
        builder.UseSetting("Jobs:BatchSize", "2"); // small batches, so tests cross batch boundaries
        builder.UseSetting("Compliance:CacheSeconds", "0"); // the shared app outlives each test's data
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects so tests can see them.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// An account; a trainee's or a department head's gets its staff record first, in <see cref="Organisation.DefaultDepartment"/>
    /// (training records belong to the person, a head's department is the person's), as a roster import makes them.
    /// </summary>
    public async Task<AppUser> CreateUserAsync(string userName, string name, string[] roles, string password = Password, bool mustChangePassword = false)
    {
        if (roles.Contains(Web.Domain.Roles.Trainee) || roles.Contains(Web.Domain.Roles.DeptHead))
        {
            await Organisation.PersonAsync(this, userName, name);
        }

        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountProvisioning>()
            .CreateAsync("test-setup", userName, name, roles, password, mustChangePassword);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!;
    }

    public Task<ContentImportResult> ImportAsync(IReadOnlyList<ContentFile> files) =>
        WithScopeAsync(s => s.GetRequiredService<ContentImporter>().ImportAsync(files, "tests", "tests"));

    /// <summary>Imports the fixture content and signs in a trainee who has read the course its exam (demo-exam) needs.</summary>
    public async Task<HttpClient> SignInTraineeReadyForTheExamAsync()
    {
        await ImportAsync(ContentFixtures.Valid());
        var client = await SignInAsAsync(Web.Domain.Roles.Trainee);
        await CompleteCourseAsync("u-trainee", "basics");
        return client;
    }

    /// <summary>Marks every lesson of the course read for the user (as if the minimum reading time had passed).</summary>
    public Task CompleteCourseAsync(string userName, string courseId) => WithScopeAsync(s => Support.Learning.CompleteCourseAsync(
        s.GetRequiredService<Web.Data.AppDbContext>(), userName, courseId, Clock.GetUtcNow()));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The latest audit entry of <paramref name="action"/>.</summary>
    public Task<SecrecyTraining.Web.Domain.AuditEntry> LastAuditAsync(string action) => WithScopeAsync(s =>
        s.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>().AuditEntries.Where(e => e.Action == action).OrderByDescending(e => e.Sequence).FirstAsync());

    /// <summary>Creates an account holding <paramref name="roles"/> and signs it in; the client carries the session cookie.</summary>
    public async Task<HttpClient> SignInAsAsync(params string[] roles)
    {
        var userName = "u-" + string.Join("-", roles).ToLowerInvariant();
        await CreateUserAsync(userName, "测试" + string.Join("", roles), roles);
        var client = Browser();
        var response = await SignInAsync(client, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        client.PostFormAsync("/account/login", "/account/login", new() { ["UserName"] = userName, ["Password"] = password });
}
