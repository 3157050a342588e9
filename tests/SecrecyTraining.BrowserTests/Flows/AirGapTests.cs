using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// The proof of the air gap, and a check of every page: for each role, Chromium follows every link it can reach from the
/// home page (a stranger from the sign-in page). On each page the <see cref="PageWatch"/> checks run and are waited for: a
/// request to a host other than the application's own (blocked), a console error or CSP refusal, a POST form without its
/// own token, a critical or serious axe-core finding — any of them fails the test. A link off the machine fails it too.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AirGapTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Air-Gap-Pass-2026";
    private const int MaxPagesPerRole = 300;
    private static readonly string[] Downloads = [".pdf", ".xlsx", ".csv", ".gift", ".zip"];

    public static TheoryData<string> Callers => ["anonymous", .. Roles.All];

    [Theory, MemberData(nameof(Callers))]
    public async Task NoPageReachableByTheRoleAsksForAnythingOffTheMachine(string caller)
    {
        var page = await NewPageAsync();
        var origin = new Uri(App.BaseUrl);
        var outside = new List<string>();
        var start = "/account/login";
        if (caller != "anonymous")
        {
            var userName = "air-" + caller.ToLowerInvariant();
            await App.CreateUserAsync(userName, "断网" + Roles.ChineseName(caller), [caller], Password);
            await new LoginPage(page).SignInAsync(userName, Password);
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            start = "/";
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var landed = new HashSet<string>(StringComparer.Ordinal);
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
            await Watch(page).CheckNowAsync(page);
            landed.Add(new Uri(page.Url).PathAndQuery); // after redirects
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
        Assert.True(outside.Count == 0, "Links off the machine:\n" + string.Join("\n", outside));
        var notChecked = landed.Except(Watch(page).CheckedPages).ToList();
        Assert.True(notChecked.Count == 0, "pages not checked: " + string.Join(", ", notChecked));
    }
}
