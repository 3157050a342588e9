using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Commitments;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Exams;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Features.Notifications;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Features.Practice;
using SecrecyTraining.Web.Features.Staff;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Infrastructure;

/// <summary>The services of the application, shared by the web host and the command verbs.</summary>
public static class AppComposition
{
    public static WebApplicationBuilder AddSecrecyTraining(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var storage = new AppStorage(builder.Configuration, builder.Environment);
        services.AddSingleton(storage);
        services.AddSingleton<PendingUploads>();
        // The demo's history is made at the times it happened, with a clock set back while it is made (Development only).
        services.AddSingleton<TimeProvider>(IsDemo(builder.Environment, builder.Configuration) ? new TravellingClock() : TimeProvider.System);
        services.AddSingleton(_ => PublicAddress.FromConfiguration(builder.Configuration, builder.Environment));
        services.AddReverseProxy(builder.Configuration, builder.Environment);

        services.AddAppDatabase(builder.Configuration, storage);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoOrganisation>();
        services.AddScoped<ContentImporter>();
        services.AddScoped<QuestionEditor>();
        services.AddScoped<ContentExport>();
        services.AddScoped<PolicyEditor>();
        services.AddScoped<CommitmentTextEditor>();
        services.AddScoped<BlueprintEditor>();
        services.AddScoped<PaperDraw>();
        services.AddScoped<Features.Sessions.SessionService>();
        services.AddScoped<Features.Sessions.SessionResults>();
        services.AddScoped<Features.Sessions.AttemptDocuments>();
        services.AddScoped<Features.Sessions.AnswerSheetImport>();
        services.AddScoped<QuestionSheetImport>();
        services.AddScoped<ExamService>();
        services.AddScoped<AnswerWriter>();
        services.AddScoped<LearningService>();
        services.AddScoped<PracticeService>();
        services.AddScoped<CertificationIssuer>();
        services.AddScoped<CertificationAdministration>();
        services.AddSingleton(sp => CertificateSigner.FromConfiguration(sp.GetRequiredService<IConfiguration>(), storage));
        services.AddSingleton<CertificatePdf>();
        services.AddScoped<Standing>();
        services.AddScoped<PostAssignmentService>();
        services.AddScoped<Features.Home.ToDoList>();
        services.AddScoped<CommitmentService>();
        services.AddScoped<RosterImport>();
        services.AddScoped<StaffRecords>();
        services.AddScoped<Features.Training.OfflineTrainingService>();
        services.AddScoped<Features.Training.TrainingHours>();
        services.AddScoped<Notifier>();
        services.AddSingleton<Features.Compliance.RefreshingCache>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, Features.Compliance.StandingsChangeWatcher>();
        services.AddHostedService<Features.Compliance.ComplianceWarmup>();
        services.AddScoped<Features.Compliance.ComplianceService>();
        services.AddScoped<PersonTimeline>();
        services.AddScoped<Features.Compliance.AnnualReport>();
        services.AddScoped<ItemAnalysisPage>();
        services.AddScoped<Features.Audit.AuditLog>();
        services.AddScoped<UnreadCount>();
        services.AddAppJobs(builder.Configuration, storage);
        services.AddAntiforgery();
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure(options => options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(builder.Configuration));
        services.Configure<CookieTempDataProviderOptions>(options =>
            options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(builder.Configuration));
        services.AddDataProtection().SetApplicationName("SecrecyTraining").PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(KeyEncryption.LoadOrCreate(builder.Configuration, storage));
        services.AddAppIdentity();
        services.AddAppRateLimiting(builder.Configuration);
        services.AddAppLocalization();
        // Chinese text is written as characters, not as &#x...; escapes: pages stay readable and searchable.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        services
            .AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Filters.Add<PasswordChangeRequiredFilter>();
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RazorViewEngineOptions>(options => options.ViewLocationExpanders.Add(new FeatureFolders()));
        return builder;
    }

    public static WebApplication UseSecrecyTraining(this WebApplication app)
    {
        // Fails the start, with the reason, when Certificates:BaseUrl is missing outside Development.
        var address = app.Services.GetRequiredService<PublicAddress>();
        _ = address.BaseUrl;
        if (ReverseProxy.HasKnownProxies(app.Configuration))
        {
            app.UseForwardedHeaders();
        }

        app.UseHttpsRequirement(app.Configuration, address);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapControllers();
        app.UseAppJobs();
        return app;
    }

    /// <summary>The demo organisation is wanted: Development, and <c>Demo:Seed</c> true.</summary>
    private static bool IsDemo(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration.GetValue("Demo:Seed", false);

    /// <summary>
    /// Applies migrations and reference data; seeds the demo organisation once when both the environment is Development
    /// and <c>Demo:Seed</c> is true (appsettings.Development.json sets it), so a mislabelled server never gets demo accounts.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        if (IsDemo(app.Environment, app.Configuration))
        {
            // A new demo's content is imported when its history begins, a year ago.
            await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(Console.Out, () => ImportContentAsync(app, scope.ServiceProvider));
        }
        else
        {
            await ImportContentAsync(app, scope.ServiceProvider);
        }
    }

    /// <summary>
    /// Imports content/ at start-up when it is new or changed (<c>Content:ImportOnStartup</c>, default true).
    /// Content with problems is not imported: the application keeps serving the content it had, and says why in the log.
    /// </summary>
    private static async Task ImportContentAsync(WebApplication app, IServiceProvider services)
    {
        if (!ContentLocation.ImportOnStartup(app.Configuration))
        {
            return;
        }

        var directory = ContentLocation.Resolve(app.Configuration, app.Environment);
        if (!Directory.Exists(directory))
        {
            app.Logger.LogWarning("No content directory at {Directory}; nothing imported", directory);
            return;
        }

        ContentImportResult result;
        try
        {
            result = await services.GetRequiredService<ContentImporter>().ImportAsync(ContentFiles.FromDirectory(directory), directory, "startup", skipWhenSourceUnchanged: true);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e)
        {
            // Several nodes starting together: one import wins, the others collide on its rows and roll back.
            app.Logger.LogWarning(e, "Content import at start-up collided with another import; this node serves what is in the database");
            return;
        }

        if (result.Status == ImportStatus.Invalid)
        {
            app.Logger.LogError("Content at {Directory} was not imported:\n{Problems}", directory, string.Join("\n", result.Problems));
        }
        else
        {
            app.Logger.LogInformation("{Report}", result.Report);
        }
    }
}
