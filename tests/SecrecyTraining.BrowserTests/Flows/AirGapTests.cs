using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// The proof of the air gap: for each role, Chromium follows every link it can reach from the home page (a stranger from
/// the sign-in page). Any request to a host other than the application's own is recorded and blocked, and any script or
/// stylesheet the Content-Security-Policy refuses shows up as a console error; both fail the test.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AirGapTests(BrowserApp app)
{
    private const string Password = "Air-Gap-Pass-2026";
    private const int MaxPagesPerRole = 300;
    private static readonly string[] Downloads = [".pdf", ".xlsx", ".csv", ".gift"];

    public static TheoryData<string> Callers => ["anonymous", .. Roles.All];

    [Theory, MemberData(nameof(Callers))]
    public async Task NoPageReachableByTheRoleAsksForAnythingOffTheMachine(string caller)
    {
        var page = await app.NewPageAsync();
        var origin = new Uri(app.BaseUrl);
        var outside = new List<string>();
        var consoleErrors = new List<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || (url.Host == origin.Host && url.Port == origin.Port))
            {
                await route.ContinueAsync();
            }
            else
            {
                outside.Add($"{route.Request.Url} (from {page.Url})");
                await route.AbortAsync();
            }
        });
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("the server responded with a status of", StringComparison.Ordinal))
            {
                consoleErrors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => consoleErrors.Add($"{page.Url}: {error}");

        var start = "/account/login";
        if (caller != "anonymous")
        {
            var userName = "air-" + caller.ToLowerInvariant();
            await app.CreateUserAsync(userName, "断网" + Roles.ChineseName(caller), [caller], Password);
            await new LoginPage(page).SignInAsync(userName, Password);
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            start = "/";
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        // The jobs dashboard (Hangfire's own pages) is reached by address, not from the menu.
        var queue = new Queue<string>(caller == Roles.Admin ? [start, "/admin/jobs", "/admin/jobs/recurring"] : [start]);
        while (queue.Count > 0 && visited.Count < MaxPagesPerRole)
        {
            var path = queue.Dequeue();
            if (!visited.Add(path))
            {
                continue;
            }

            await page.GotoAsync(path);
            foreach (var href in await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"))
            {
                var link = new Uri(href);
                if (link.Host != origin.Host || link.Port != origin.Port)
                {
                    if (path.StartsWith("/admin/jobs", StringComparison.Ordinal) && link.Host == "www.hangfire.io")
                    {
                        continue; // the footer of Hangfire's own dashboard names its maker; a link, never requested
                    }


                    outside.Add($"a link to {href} on {path}");
                    continue;
                }

                var local = link.PathAndQuery;
                if (!Downloads.Any(d => link.AbsolutePath.EndsWith(d, StringComparison.OrdinalIgnoreCase)) && !visited.Contains(local))
                {
                    queue.Enqueue(local);
                }
            }
        }

        Assert.True(queue.All(visited.Contains), $"stopped at {MaxPagesPerRole} pages with links left to follow");
        Assert.True(visited.Count >= (caller == "anonymous" ? 1 : 3), $"only {visited.Count} pages were reached: {string.Join(", ", visited)}");
        Assert.True(outside.Count == 0, "Requests off the machine:\n" + string.Join("\n", outside));
        Assert.True(consoleErrors.Count == 0, "Console errors (a blocked script or style?):\n" + string.Join("\n", consoleErrors));
    }
}
