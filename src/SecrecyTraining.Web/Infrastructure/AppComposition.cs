using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using SecrecyTraining.Web.Data;
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
        services.AddSingleton(TimeProvider.System);

        services.AddAppDatabase(builder.Configuration, storage);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoOrganisation>();
        services.AddDataProtection().SetApplicationName("SecrecyTraining").PersistKeysToDbContext<AppDbContext>();
        services.AddAppIdentity();
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
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapControllers();
        return app;
    }

    /// <summary>Applies migrations and reference data; in Development also seeds the demo organisation once.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        if (app.Environment.IsDevelopment())
        {
            await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(Console.Out);
        }
    }
}
