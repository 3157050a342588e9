using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>
/// Behind a reverse proxy: only a configured proxy may say who the client is and that it came over HTTPS; cookies are Secure
/// over HTTPS (always, when configured); the Host header is filtered and never reaches a QR code; and a server outside
/// Development does not start without its public address.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReverseProxyTests(Databases databases)
{
    private const string Proxy = "10.9.0.1";

    [Theory, ClassData(typeof(Providers))]
    public async Task OnlyAConfiguredProxyMaySayWhoTheClientIsAndThatItCameOverHttps(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("500101", "代理", [Roles.HR]);
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("ReverseProxy:KnownProxies:0", Proxy).ConfigureTestServices(PeerFromHeader));

        var (throughProxy, _) = await SignInAsync(host, "500101", peer: Proxy, forwardedFor: "192.168.7.7", forwardedProto: "https");
        var (direct, _) = await SignInAsync(host, "500101", peer: "10.9.0.2", forwardedFor: "192.168.7.7", forwardedProto: "https");

        Assert.All(throughProxy, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.All(direct, cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
        var addresses = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == "sign-in.succeeded").OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync());
        Assert.Equal(["192.168.7.7", "10.9.0.2"], addresses);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task CookiesAreAlwaysSecureWhenHttpsIsRequired(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("500102", "加密", [Roles.HR]);
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("Auth:RequireHttps", "true").ConfigureTestServices(PeerFromHeader));

        var plain = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirected = await plain.GetAsync("/account/login?returnUrl=%2Fstaff");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("https://training.test/account/login?returnUrl=%2Fstaff", redirected.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.BadRequest, (await plain.PostAsync("/account/login", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health")).StatusCode);

        var (cookies, _) = await SignInAsync(host, "500102", peer: "10.9.0.3", https: true);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheQrCodeNamesThePublicAddressAndAForeignHostIsRefused(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var personId = await Organisation.PersonAsync(app, "500103", "二维码");
        var id = await app.WithScopeAsync(s => Organisation.CertifiedAsync(s.GetRequiredService<AppDbContext>(), personId, "BM-2026-000901", app.Clock.GetUtcNow()));
        var hr = await app.SignInAsAsync(Roles.HR);

        var pdf = await hr.GetByteArrayAsync($"/certificates/{id}.pdf");
        var code = Assert.Single(await Pdf.QrCodesAsync(pdf));
        Assert.StartsWith(AppFactory.PublicBaseUrl + "/verify?c=", code, StringComparison.Ordinal);

        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"/certificates/{id}.pdf");
        foreign.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await hr.SendAsync(foreign)).StatusCode);
        using var named = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        named.Headers.Host = "training.test";
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().SendAsync(named)).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task OutsideDevelopmentTheServerDoesNotStartWithoutItsPublicAddress(string provider)
    {
        var app = await databases.StartAsync(provider);
        await using var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Certificates:BaseUrl", ""));
        var refused = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Certificates:BaseUrl must be set outside Development", Flatten(refused), StringComparison.Ordinal);

        await using var relative = app.WithWebHostBuilder(b => b.UseSetting("Certificates:BaseUrl", "training.intranet/verify"));
        Assert.Contains("must be an absolute http:// or https:// address", Flatten(Assert.ThrowsAny<Exception>(() => relative.CreateClient())), StringComparison.Ordinal);
        await using var underPath = app.WithWebHostBuilder(b => b.UseSetting("Certificates:BaseUrl", "https://intranet/training"));
        Assert.Contains("served at the root of its host name", Flatten(Assert.ThrowsAny<Exception>(() => underPath.CreateClient())), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " / " + Flatten(e.InnerException);

    /// <summary>
    /// Signs in with its own cookie handling (a Secure cookie is not sent back over the test server's http:// by a
    /// cookie container, as a browser would not either); returns the Set-Cookie headers of the form page and of the sign-in.
    /// </summary>
    private static async Task<(List<string> Cookies, HttpResponseMessage SignedIn)> SignInAsync(
        WebApplicationFactory<Program> host, string userName, string peer, string? forwardedFor = null, string? forwardedProto = null, bool https = false)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }

        var page = await client.GetAsync("/account/login");
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        var signedIn = await client.SubmitFormAsync(await page.Content.ReadAsStringAsync(), "/account/login", "/account/login",
            new() { ["UserName"] = userName, ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        cookies.AddRange(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("SecrecyTraining.Auth=", StringComparison.Ordinal));
        return (cookies, signedIn);
    }

    private const string PeerHeader = "X-Test-Peer";

    /// <summary>The test server has no TCP peer: this stands in for one, ahead of the application's own middleware.</summary>
    private static void PeerFromHeader(IServiceCollection services) => services.AddSingleton<IStartupFilter, PeerStartupFilter>();

    private sealed class PeerStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate inner) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return inner(context);
            });
            next(app);
        };
    }
}
