namespace SecrecyTraining.Tests.Support;

/// <summary>
/// The running application on each database, started once and shared by the tests of the collection
/// (which therefore run one at a time); <see cref="StartAsync"/> hands it out with an empty database. Another collection
/// with a PostgreSQL database of its own (<see cref="JobDatabases"/>) runs beside it.
/// </summary>
public class Databases : IAsyncLifetime
{
    private readonly Dictionary<string, AppFactory> apps = [];
    private readonly string? postgresDatabase;

    public Databases()
    {
    }

    protected Databases(string postgresDatabase) => this.postgresDatabase = postgresDatabase;

    public async Task<AppFactory> StartAsync(string provider)
    {
        if (!apps.TryGetValue(provider, out var app))
        {
            app = new AppFactory(TestDatabase.Create(provider, provider == "Postgres" ? postgresDatabase : null));
            _ = app.Services; // starts the host, which applies the migrations
            apps[provider] = app;
        }

        await app.Database.ResetAsync();
        app.Clock.Reset();
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values)
        {
            await app.DisposeAsync();
            await app.Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<Databases>
{
    public const string Name = "app";
}

/// <summary>The recurring jobs over simulated years: the longest tests, in an application of their own beside the shared one.</summary>
public sealed class JobDatabases() : Databases("secrecy_jobs");

[CollectionDefinition(Name)]
public sealed class JobsApp : ICollectionFixture<JobDatabases>
{
    public const string Name = "jobs";
}

/// <summary>Every integration test runs on each database.</summary>
public sealed class Providers : TheoryData<string>
{
    public Providers()
    {
        Add("Sqlite");
        Add("Postgres");
    }
}
