using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>
/// Hangfire: storage follows the database provider (SQLite → Hangfire.Storage.SQLite in <c>hangfire.db</c> beside the app's
/// file; PostgreSQL → Hangfire.PostgreSql, schema <c>hangfire</c>; SQL Server → Hangfire.SqlServer, schema <c>hangfire</c>);
/// <c>Jobs:Storage=InMemory</c> for tests. <c>Jobs:Server=false</c> runs no server in this process (the jobs still run by hand).
/// </summary>
public static class JobsSetup
{
    public static IServiceCollection AddAppJobs(this IServiceCollection services, IConfiguration configuration, AppStorage storage)
    {
        foreach (var job in RecurringJobs.All)
        {
            services.AddScoped(job.JobType);
        }

        services.AddSingleton<JobRunner>();
        services.AddScoped<Idempotent>();
        var (provider, connectionString) = DatabaseSetup.Resolve(configuration, storage);
        var kind = configuration["Jobs:Storage"] is { Length: > 0 } configured ? configured : provider.ToString();
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));
        // This application's own storage, registered after AddHangfire so it wins over Hangfire's process-wide
        // JobStorage.Current (several applications in one process — the test hosts — would otherwise share the last one).
        services.AddSingleton<JobStorage>(_ => kind switch
        {
            "InMemory" => new Hangfire.InMemory.InMemoryStorage(),
            nameof(DatabaseProvider.Sqlite) => new SQLiteStorage(OwnerOnlyFile(storage.PathFor("hangfire.db")), new SQLiteStorageOptions()),
            nameof(DatabaseProvider.Postgres) => GlobalConfiguration.Configuration.UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true }).Entry,
            nameof(DatabaseProvider.SqlServer) => new SqlServerStorage(connectionString, new SqlServerStorageOptions { SchemaName = "hangfire" }),
            _ => throw new InvalidOperationException($"Jobs:Storage '{kind}' is not supported; use InMemory or leave it empty to follow Database:Provider."),
        });
        if (configuration.GetValue("Jobs:Server", true))
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = configuration.GetValue("Jobs:Workers", 2);
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        return services;
    }

    /// <summary>The job store's file, created 0600 before SQLite opens it (as the application's database is).</summary>
    private static string OwnerOnlyFile(string path)
    {
        if (!File.Exists(path))
        {
            Infrastructure.PrivateFiles.CreateEmpty(path);
        }

        return path;
    }

    /// <summary>Registers the recurring jobs and maps the dashboard at <c>/admin/jobs</c> (Admin only, read only).</summary>
    public static WebApplication UseAppJobs(this WebApplication app)
    {
        RecurringJobs.Register(app.Services.GetRequiredService<IRecurringJobManager>(), TimeZone(app.Configuration), app.Configuration);
        app.MapHangfireDashboard(SecurityHeaders.JobsDashboardPath, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            // Read only: triggering, retrying or deleting a job from the page would bypass the audit log. Run a job with
            // the `jobs run` verb instead.
            IsReadOnlyFunc = _ => true,
            DisplayStorageConnectionString = false,
            DashboardTitle = "SecrecyTraining · Jobs",
            AppPath = "/",
        }, app.Services.GetRequiredService<JobStorage>()); // this app's storage, not Hangfire's process-wide JobStorage.Current

        return app;
    }

    /// <summary><c>Jobs:TimeZone</c> (an IANA or Windows id), China Standard Time by default.</summary>
    public static TimeZoneInfo TimeZone(IConfiguration configuration) =>
        configuration["Jobs:TimeZone"] is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : LocalTime.Zone;

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
