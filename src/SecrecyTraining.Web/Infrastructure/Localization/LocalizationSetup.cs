using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace SecrecyTraining.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public const string DefaultCulture = "zh-CN";

    public static IReadOnlyList<CultureInfo> SupportedCultures { get; } = [new("zh-CN"), new("en-US")];

    /// <summary>zh-CN unless the user chose English with the switch (remembered in a cookie); the browser's language is not consulted.</summary>
    public static IServiceCollection AddAppLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            options.SupportedCultures = [.. SupportedCultures];
            options.SupportedUICultures = [.. SupportedCultures];
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }
}
