using System.Text.Json;
using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>
/// What must hold on every page a browser test opens: no request to a host but the application's (blocked and recorded),
/// no console error or script error, no Content-Security-Policy refusal, every <c>&lt;form method="post"&gt;</c> carrying its
/// own anti-forgery token, no critical or serious axe-core finding, and no 4xx/5xx answer the test did not expect.
/// The checks run in the page after each load (an init script, so they are never forgotten) and once more, synchronously,
/// when the test ends; <see cref="AssertClean"/> then fails the test with everything found.
/// </summary>
public sealed class PageWatch
{
    private static readonly string AxeSource = File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Support", "axe", "axe.min.js"));

    private readonly Uri origin;
    private readonly List<string> problems = [];
    private readonly List<int> expectedStatuses = [];
    private readonly List<string> expectedConsoleErrors = [];
    private readonly HashSet<string> checkedPages = new(StringComparer.Ordinal);

    private PageWatch(Uri origin) => this.origin = origin;

    /// <summary>The paths whose forms and accessibility were checked.</summary>
    public IReadOnlyCollection<string> CheckedPages
    {
        get
        {
            lock (problems)
            {
                return [.. checkedPages];
            }
        }
    }

    public static async Task<PageWatch> AttachAsync(IBrowserContext context, string baseUrl)
    {
        var watch = new PageWatch(new Uri(baseUrl));
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || watch.IsOwn(url))
            {
                await route.ContinueAsync();
            }
            else
            {
                watch.Add($"request off the machine: {route.Request.Url}");
                await route.AbortAsync();
            }
        });
        await context.ExposeFunctionAsync<string, bool>("__secrecyReport", json =>
        {
            watch.Report(json);
            return true;
        });
        await context.AddInitScriptAsync(AxeSource + "\n" + CheckScript);
        context.Page += (_, page) => watch.Observe(page);
        return watch;
    }

    /// <summary>The test expects the next page answered with <paramref name="status"/> (a refused form re-shown with its errors); once.</summary>
    public void Expect(int status)
    {
        lock (problems)
        {
            expectedStatuses.Add(status);
        }
    }

    private bool Expected(int status)
    {
        lock (problems)
        {
            return expectedStatuses.Remove(status);
        }
    }

    /// <summary>The test expects a console error containing <paramref name="text"/> (a request made while offline, say).</summary>
    public void ExpectConsoleError(string text) => expectedConsoleErrors.Add(text);

    /// <summary>Runs the page checks on what the page shows now and waits for them.</summary>
    public async Task CheckNowAsync(IPage page)
    {
        if (page.IsClosed || !IsOwn(new Uri(page.Url)))
        {
            return;
        }

        var json = await page.EvaluateAsync<string>("() => window.__secrecyCheck ? window.__secrecyCheck() : Promise.resolve('')");
        if (!string.IsNullOrEmpty(json))
        {
            Report(json);
        }
    }

    public void AssertClean()
    {
        lock (problems)
        {
            Assert.True(problems.Count == 0, "On the pages this test opened:\n" + string.Join("\n", problems.Distinct()));
        }
    }

    private bool IsOwn(Uri url) => url.Host == origin.Host && url.Port == origin.Port;

    private void Observe(IPage page)
    {
        page.Console += (_, message) =>
        {
            // A document answered with an error status is reported by the response handler, which knows what the test expects.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal)
                && !expectedConsoleErrors.Any(e => message.Text.Contains(e, StringComparison.Ordinal)))
            {
                Add($"console error on {Path(page.Url)}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"script error on {Path(page.Url)}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && IsOwn(new Uri(response.Url))
                && !(response.Request.ResourceType == "document" && Expected(response.Status)))
            {
                Add($"{response.Status} for {response.Request.Method} {Path(response.Url)}");
            }
        };
    }

    private void Report(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var path = root.GetProperty("path").GetString()!;
        lock (problems)
        {
            checkedPages.Add(path);
        }

        foreach (var form in root.GetProperty("formsWithoutToken").EnumerateArray())
        {
            Add($"a POST form without its own anti-forgery token on {path}: action={form.GetString()}");
        }

        foreach (var violation in root.GetProperty("axe").EnumerateArray())
        {
            Add($"axe on {path}: {violation.GetString()}");
        }

        foreach (var csp in root.GetProperty("csp").EnumerateArray())
        {
            Add($"CSP refused on {path}: {csp.GetString()}");
        }
    }

    private void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }

    private static string Path(string url) => new Uri(url).PathAndQuery;

    /// <summary>
    /// Runs in every document before its own scripts. window.__secrecyCheck() checks the forms and runs axe-core (Hangfire's
    /// own dashboard pages are left out of axe: that UI is not ours to fix); after each load it runs by itself.
    /// </summary>
    private const string CheckScript = """
        (() => {
          if (window.top !== window) return;
          const csp = [];
          document.addEventListener('securitypolicyviolation', e => csp.push(e.violatedDirective + ' ' + e.blockedURI));
          const run = async () => {
            const formsWithoutToken = [...document.querySelectorAll('form')]
              .filter(f => f.method === 'post' && !f.querySelector('input[name="__RequestVerificationToken"]'))
              .map(f => f.getAttribute('action') || '(this page)');
            let found = [];
            if (!location.pathname.startsWith('/admin/jobs')) {
              document.getAnimations().forEach(a => a.finish()); // colours mid-transition are not what a person reads
              const result = await axe.run(document, { resultTypes: ['violations'] });
              found = result.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')} — ${(v.nodes[0].failureSummary || '').replace(/\s+/g, ' ')}`);
            }
            return JSON.stringify({ path: location.pathname + location.search, formsWithoutToken, axe: found, csp: csp.splice(0) });
          };
          // One run at a time: axe refuses to start while it is running.
          let chain = Promise.resolve('');
          window.__secrecyCheck = () => (chain = chain.then(run, run));
          window.addEventListener('load', () => {
            window.__secrecyCheck().then(json => window.__secrecyReport(json)).catch(() => {});
          });
        })();
        """;
}
