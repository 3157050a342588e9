namespace SecrecyTraining.Tests.Support;

/// <summary>
/// The running application on each database, started once and shared by the tests of the collection
/// (which therefore run one at a time); <see cref="StartAsync"/> hands it out with an empty database.
/// </summary>
public sealed class Databases : IAsyncLifetime
{
    private readonly Dictionary<string, AppFactory> apps = [];

    public async Task<AppFactory> StartAsync(string provider)
    {
        if (!apps.TryGetValue(provider, out var app))
        {
            app = new AppFactory(TestDatabase.Create(provider));
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

/// <summary>Every integration test runs on each database.</summary>
public sealed class Providers : TheoryData<string>
{
    public Providers()
    {
        Add("Sqlite");
        Add("Postgres");
    }
}
