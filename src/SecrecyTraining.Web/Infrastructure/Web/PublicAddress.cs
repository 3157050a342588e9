using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// The address people use to reach the application (<c>Certificates:BaseUrl</c>, e.g. <c>https://training.intranet</c>). The
/// certificate QR code is built from it and never from a request, whose Host header the client chooses. It is required
/// outside Development; in Development it defaults to the first of <c>Urls</c> (http://localhost:5080).
/// </summary>
public sealed class PublicAddress
{
    public const string Key = "Certificates:BaseUrl";

    private readonly Lazy<Uri> baseUrl;

    private PublicAddress(Func<Uri> resolve) => baseUrl = new Lazy<Uri>(resolve);

    /// <summary>The address; throws, saying what to set, when it is missing or malformed (a command verb needs it only to print a QR code).</summary>
    public Uri BaseUrl => baseUrl.Value;

    public bool IsHttps => BaseUrl.Scheme == Uri.UriSchemeHttps;

    public string Combine(string pathAndQuery) => BaseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery;

    public static PublicAddress FromConfiguration(IConfiguration configuration, IHostEnvironment environment) =>
        new(() => Resolve(configuration, environment));

    private static Uri Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[Key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{Key} must be set outside Development: the address people use to reach this application, e.g. https://training.intranet. " +
                    "Certificate QR codes point there; it is never taken from a request.");
            }

            var first = (configuration["Urls"] ?? "http://localhost:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            configured = first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"{Key} is '{configured}': it must be an absolute http:// or https:// address without a query, e.g. https://training.intranet.");
        }

        if (uri.AbsolutePath != "/")
        {
            // Pages and scripts use root-relative paths (/attempts/{id}/answers): the application is served at a host's root.
            throw new InvalidOperationException($"{Key} is '{configured}': the application is served at the root of its host name, e.g. https://training.intranet/, not under a path.");
        }

        return uri;
    }
}

/// <summary>
/// Running behind a reverse proxy (nginx, a hardware load balancer): which proxies are trusted to say who the client is and
/// whether it came over HTTPS, which Host headers are accepted, and when cookies are Secure. docs/operations.md, "Reverse proxy".
/// </summary>
public static class ReverseProxy
{
    /// <summary>
    /// <c>ReverseProxy:KnownProxies</c> (addresses) and <c>ReverseProxy:KnownNetworks</c> (CIDR, e.g. 10.1.0.0/16). Only a
    /// request from one of them may set X-Forwarded-For and X-Forwarded-Proto; with none configured the headers are ignored.
    /// </summary>
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var proxies = configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: '{network}' is not a network such as 10.1.0.0/16."));
            }
        });

        // Outside Development only the public address's host (and localhost, for a health check on the machine) may be
        // named in the Host header unless AllowedHosts says otherwise; Development keeps ASP.NET Core's default.
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            services.Configure<HostFilteringOptions>(options =>
                options.AllowedHosts = [PublicAddress.FromConfiguration(configuration, environment).BaseUrl.Host, "localhost", "127.0.0.1", "[::1]"]);
        }

        return services;
    }

    public static bool HasKnownProxies(IConfiguration configuration) =>
        configuration.GetSection("ReverseProxy:KnownProxies").GetChildren().Any() || configuration.GetSection("ReverseProxy:KnownNetworks").GetChildren().Any();

    /// <summary><c>Auth:RequireHttps</c>: the application is reached over HTTPS only (directly, or through a trusted proxy).</summary>
    public static bool RequiresHttps(IConfiguration configuration) => configuration.GetValue("Auth:RequireHttps", false);

    /// <summary>
    /// Cookies carry Secure when the request came over HTTPS (directly or, from a trusted proxy, by X-Forwarded-Proto), and
    /// always when <c>Auth:RequireHttps</c> is true.
    /// </summary>
    public static CookieSecurePolicy CookiePolicy(IConfiguration configuration) =>
        RequiresHttps(configuration) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>
    /// With <c>Auth:RequireHttps</c>, a plain-HTTP request is sent to the public address over HTTPS (a GET) or refused with
    /// 400 (anything else: its form would travel in clear). /health stays reachable for a check on the machine itself.
    /// </summary>
    public static IApplicationBuilder UseHttpsRequirement(this IApplicationBuilder app, IConfiguration configuration, PublicAddress address)
    {
        if (!RequiresHttps(configuration))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health"))
            {
                return next(context);
            }

            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                var target = new UriBuilder(address.BaseUrl) { Scheme = Uri.UriSchemeHttps, Port = address.IsHttps ? address.BaseUrl.Port : -1 };
                context.Response.Redirect(target.Uri.AbsoluteUri.TrimEnd('/') + context.Request.Path + context.Request.QueryString, permanent: false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return Task.CompletedTask;
        });
    }
}
