using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>Downloads are never cached, and common passwords are refused beside their field.</summary>
[Collection(SharedApp.Name)]
public sealed class SmallDefencesTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task EveryFileDownloadIsMarkedNoStore(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        var hr = await app.SignInAsAsync(Roles.HR);
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var year = app.Clock.GetUtcNow().AddHours(8).Year;

        foreach (var (client, url) in new[]
                 {
                     (hr, "/staff/export.xlsx"), (hr, "/staff/export.csv"), (hr, $"/compliance/report/{year}.xlsx"), (hr, $"/compliance/report/{year}.pdf"),
                     (office, "/audit/export.csv"), (office, "/content/questions/export.gift"),
                 })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url} may be cached: {response.Headers.CacheControl}");
        }

    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ACommonPasswordOrOneWithTheEmployeeNumberIsRefusedBesideItsField(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("330012", "常见", [Roles.HR]);
        var client = app.Browser();
        await AppFactory.SignInAsync(client, "330012", AppFactory.Password);

        foreach (var weak in new[] { "1234567890", "woaini1314", "Password123", "3456789012", "my330012pass" })
        {
            var refused = await client.PostFormAsync("/account/change-password", "/account/change-password",
                new() { ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = weak, ["ConfirmPassword"] = weak });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(page, "data-valmsg-for=\"NewPassword\"[^>]*>这个密码太常见或包含工号"),
                weak + ": " + System.Text.RegularExpressions.Regex.Match(page, "data-valmsg-for=\"NewPassword\"[^>]*>[^<]*").Value);
        }

        var accepted = await client.PostFormAsync("/account/change-password", "/account/change-password",
            new() { ["CurrentPassword"] = AppFactory.Password, ["NewPassword"] = "Lantern-River-42", ["ConfirmPassword"] = "Lantern-River-42" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }
}
