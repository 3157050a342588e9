using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Infrastructure.Auth;

public static class IdentitySetup
{
    public const int MinimumPasswordLength = 10;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary><c>Auth:SessionHours</c> (12): how long a sign-in lasts at most, however active the browser is.</summary>
    public static TimeSpan SessionLifetime(IConfiguration configuration) => TimeSpan.FromHours(configuration.GetValue("Auth:SessionHours", 12.0));

    private const string SignedInAtItem = "signed-in-at";

    public static IServiceCollection AddAppIdentity(this IServiceCollection services)
    {
        services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddSignInManager<AppSignInManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "SecrecyTraining.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The minutely security-stamp check reads the database. While the database is unreachable it keeps the
            // sign-in as it is (rather than failing every request, and the error page with it) and checks again later.
            options.Events.OnSigningIn = context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items[SignedInAtItem] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                // An absolute lifetime: the sliding renewal keeps an active browser signed in, but never past this.
                var services = context.HttpContext.RequestServices;
                var lifetime = SessionLifetime(services.GetRequiredService<IConfiguration>());
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                if (!context.Properties.Items.TryGetValue(SignedInAtItem, out var at) || !long.TryParse(at, out var seconds)
                    || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > lifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // Inside the validation interval the validator checks nothing; asking it would still build the sign-in
                // manager, the user manager and their store for every request (a tenth of an answer save's time).
                var interval = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
                if (context.Properties.IssuedUtc is { } issued && now - issued <= interval)
                {
                    return;
                }

                try
                {
                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                }
                catch (Exception e) when (Web.DatabaseUnavailable.Is(e))
                {
                    context.ShouldRenew = false;
                }
            };
            // A script saving an answer must see that the sign-in has expired, not follow a redirect to the sign-in page
            // and take its 200 for an acknowledgement.
            options.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
            // A signed-in user without the role gets 403 at the URL asked for; the status-code page explains it.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IConfiguration>((options, configuration) => options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(configuration));

        // A changed role, a password reset or a lockout reaches a signed-in browser within a minute: its cookie's security
        // stamp is checked against the database that often.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<AccountProvisioning>();
        services.AddAuthorizationBuilder().AddAppPolicies();
        return services;
    }
}
