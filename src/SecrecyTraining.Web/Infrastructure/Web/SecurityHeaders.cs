namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Headers on every response. The deployment network is cut off from the internet, so nothing may be loaded from
/// another origin and no inline script may run; file downloads are never stored.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where Hangfire's dashboard is mapped (Admin only).</summary>
    public const string JobsDashboardPath = "/admin/jobs";

    /// <summary>
    /// The jobs dashboard is Hangfire's own page: its charts set inline styles. There, and only there, inline style (never
    /// inline script, never another origin) is allowed.
    /// </summary>
    public static readonly string JobsDashboardPolicy = ContentSecurityPolicy.Replace("style-src 'self';", "style-src 'self' 'unsafe-inline';", StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Read before the dashboard runs: it moves the path into PathBase.
        var policy = context.Request.Path.StartsWithSegments(JobsDashboardPath) ? JobsDashboardPolicy : ContentSecurityPolicy;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // A download (certificates, exports, the audit log) names people: no browser or proxy keeps a copy.
            if (headers.ContentDisposition.Count > 0)
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(context);
    });
}
