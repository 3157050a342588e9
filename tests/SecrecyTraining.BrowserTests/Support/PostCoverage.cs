using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>
/// Records every controller action that Chromium posted to and that was not refused (only the browser talks to the test
/// server over HTTP), as
/// "POST template", into the file named by SECRECY_POST_COVERAGE. scripts/test sets it, runs the browser flows, then runs
/// <c>EveryPostActionIsSubmittedFromChromium</c>, which reads it.
/// </summary>
public static class PostCoverage
{
    public const string Variable = "SECRECY_POST_COVERAGE";

    private static readonly Lock Gate = new();

    public static string? FilePath => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public static void Record(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Response.StatusCode >= 400 || Refused(context.Response) || FilePath is not { } path
            || context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>()?.AttributeRouteInfo?.Template is not { } template)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(path, $"POST {template}\n");
        }
    }

    /// <summary>
    /// The sign-in cookie's challenge or forbid: a redirect carrying ReturnUrl (to the sign-in or access-denied page). The
    /// POST was turned away, not handled; a signed-out user's redirect to the sign-in page carries none.
    /// </summary>
    private static bool Refused(HttpResponse response) =>
        response.StatusCode is >= 300 and < 400 && response.Headers.Location.ToString().Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Puts the recorder in front of the application's pipeline.</summary>
    public sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await nextMiddleware(context);
                Record(context);
            });
            next(app);
        };
    }
}
