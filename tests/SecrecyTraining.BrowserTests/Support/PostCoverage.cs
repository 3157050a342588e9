using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.DependencyInjection;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>
/// Records every controller action that Chromium posted to and that was not refused (only the browser talks to the test
/// server over HTTP), as one JSON line: "POST template", who posted it, and the audit entries the request appended, into
/// the file named by SECRECY_POST_COVERAGE. scripts/test sets it, runs the browser flows, then runs the checks in
/// <c>PostCoverageTests</c>, which read it.
/// </summary>
public static class PostCoverage
{
    public const string Variable = "SECRECY_POST_COVERAGE";

    private static readonly Lock Gate = new();

    public static string? FilePath => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>One audit entry as the request appended it.</summary>
    public sealed record Entry(string Actor, string Action, string Subject, string Details);

    /// <summary>One accepted POST: its action, the signed-in account that sent it (null when signed out), what it audited.</summary>
    public sealed record Request(string Action, string? User, IReadOnlyList<Entry> Entries);

    public static IReadOnlyList<Request> Read(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => System.Text.Json.JsonSerializer.Deserialize<Request>(l)!)];

    public static void Record(HttpContext context, long auditedBefore)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Response.StatusCode >= 400 || Refused(context.Response) || FilePath is not { } path
            || context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>()?.AttributeRouteInfo?.Template is not { } template)
        {
            return;
        }

        using var scope = context.RequestServices.CreateScope();
        var entries = scope.ServiceProvider.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>().AuditEntries
            // A flow's own set-up (actor test-setup) may run while a page's late request (a focus beacon) is in flight: not the request's.
            .Where(e => e.Sequence > auditedBefore && e.Actor != "test-setup").OrderBy(e => e.Sequence)
            .Select(e => new Entry(e.Actor, e.Action, e.Subject, e.Details)).ToList();
        var line = System.Text.Json.JsonSerializer.Serialize(new Request("POST " + template, context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null, entries));
        lock (Gate)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>
    /// The sign-in cookie's challenge or forbid: a redirect carrying ReturnUrl (to the sign-in or access-denied page). The
    /// POST was turned away, not handled; a signed-out user's redirect to the sign-in page carries none.
    /// </summary>
    private static bool Refused(HttpResponse response) =>
        response.StatusCode is >= 300 and < 400 && response.Headers.Location.ToString().Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The audit log's last sequence number now (one user clicks at a time in a flow, so the difference is the request's).</summary>
    private static long AuditHead(HttpContext context)
    {
        using var scope = context.RequestServices.CreateScope();
        return scope.ServiceProvider.GetRequiredService<SecrecyTraining.Web.Data.AppDbContext>().AuditEntries
            .Select(e => (long?)e.Sequence).Max() ?? 0;
    }

    /// <summary>Puts the recorder in front of the application's pipeline.</summary>
    public sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var before = HttpMethods.IsPost(context.Request.Method) && FilePath is not null ? AuditHead(context) : 0;
                await nextMiddleware(context);
                Record(context, before);
            });
            next(app);
        };
    }
}
