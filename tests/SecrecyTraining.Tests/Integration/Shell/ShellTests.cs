using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Shell;

[Collection(SharedApp.Name)]
public sealed class ShellTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task HealthIsAnonymousAndChecksTheDatabase(string provider)
    {
        var app = await databases.StartAsync(provider);

        var response = await app.Browser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/lib/bootstrap/css/bootstrap.min.css")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        var app = await databases.StartAsync("Sqlite");

        var response = await app.Browser().GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task OnlyTheJobsDashboardMayApplyInlineStylesAndNothingAnywhereRunsInlineScript()
    {
        var app = await databases.StartAsync("Sqlite");
        var admin = await app.SignInAsAsync(Roles.Admin);

        var response = await admin.GetAsync("/admin/jobs");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("style-src 'self' 'unsafe-inline';", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("default-src 'self'", csp);
    }

    /// <summary>No view, stylesheet or script of ours names another origin to load from: no CDN, web font or analytics.</summary>
    [Fact]
    public void NoViewStylesheetOrScriptLoadsAnythingFromAnotherOrigin()
    {
        var web = Path.Combine(SourceTree.Root, "src", "SecrecyTraining.Web");
        var files = Directory.EnumerateFiles(Path.Combine(web, "Features"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "wwwroot"), "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".css", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal)));
        var loads = new System.Text.RegularExpressions.Regex(@"(src|href)\s*=\s*[""']?(https?:)?//|url\(\s*[""']?(https?:)?//|@import\s+[""']?(url\()?[""']?(https?:)?//|fetch\(\s*[""'](https?:)?//|fonts\.googleapis|googletagmanager|google-analytics");

        var offenders = files.SelectMany(f => File.ReadLines(f).Select((line, n) => (f, n, line)))
            .Where(x => loads.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(web, x.f)}:{x.n + 1}: {x.line.Trim()[..Math.Min(120, x.line.Trim().Length)]}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task UnknownPageShowsAFriendlyChinesePageWithRequestId(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.Trainee);

        var response = await client.GetAsync("/no-such-page");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", page);
        Assert.Contains("请求编号", page);
    }

    [Fact]
    public async Task PagesLoadNothingFromOutsideTheMachine()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = await app.SignInAsAsync(Roles.HR);

        foreach (var path in new[] { "/account/change-password", "/", "/staff", "/posts" })
        {
            var page = await client.GetStringAsync(path);
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        }
    }

    [Fact]
    public async Task EnglishIsChosenWithTheSwitchAndRemembered()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = app.Browser();

        var switched = await client.PostFormAsync("/account/login", "/culture", new() { ["culture"] = "en-US" }); // back to the page it was on
        Assert.Equal("/account/login", switched.Headers.Location!.OriginalString);

        var page = await client.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"en-US\">", page);
        Assert.Contains("Employee number", page);
        Assert.DoesNotContain(">工号<", page);

        await client.PostFormAsync("/account/login", "/culture", new() { ["culture"] = "zh-CN" });
        Assert.Contains(">工号<", await client.GetStringAsync("/account/login"));
    }

    [Fact]
    public async Task CultureSwitchDoesNotRedirectOutsideTheSite()
    {
        var app = await databases.StartAsync("Sqlite");
        var client = app.Browser();

        // A forged return address (the form's hidden field says /account/login): only an attacker sends this.
        var switched = await client.CraftedPostAsync("/account/login", "/culture", "/culture", new() { ["culture"] = "en-US", ["returnUrl"] = "https://example.org/" });

        Assert.Equal("/", switched.Headers.Location!.OriginalString);
    }
}
