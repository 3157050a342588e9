using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Account;

[Collection(SharedApp.Name)]
public sealed class ChangePasswordTests(Databases databases)
{
    private const string NewPassword = "A-new-passphrase-7";

    [Theory, ClassData(typeof(Providers))]
    public async Task FirstSignInWithPasswordSetByAdministratorMustChangeIt(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("300001", "冯远", [Roles.HR], mustChangePassword: true);
        var client = app.Browser();

        await AppFactory.SignInAsync(client, "300001", AppFactory.Password);

        foreach (var page in new[] { "/", "/staff", "/posts" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/change-password", response.Headers.Location!.OriginalString);
        }

        var form = await client.GetStringAsync("/account/change-password");
        Assert.Contains("首次登录须先修改密码", form);

        var changed = await ChangeAsync(client, AppFactory.Password, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AfterChangingThePasswordOnlyTheNewOneSignsIn(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("300002", "陈平", [Roles.Trainee], mustChangePassword: true);
        var client = app.Browser();
        await AppFactory.SignInAsync(client, "300002", AppFactory.Password);
        await ChangeAsync(client, AppFactory.Password, NewPassword);

        var withOld = await AppFactory.SignInAsync(app.Browser(), "300002", AppFactory.Password);
        var withNew = await AppFactory.SignInAsync(app.Browser(), "300002", NewPassword);

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        Assert.Equal("/", withNew.Headers.Location!.OriginalString);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task PasswordShorterThanTenCharactersIsRefusedNextToTheField(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.Trainee);

        var response = await ChangeAsync(client, AppFactory.Password, "short-9ch");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-valmsg-for=\"NewPassword\" data-valmsg-replace=\"true\">新密码长度须在 10 到 128 个字符之间。", page);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task WrongCurrentPasswordIsShownNextToThatField(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.Trainee);

        var response = await ChangeAsync(client, "not-my-password", NewPassword);

        Assert.Contains("data-valmsg-for=\"CurrentPassword\" data-valmsg-replace=\"true\">当前密码不正确。", await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next) =>
        client.PostFormAsync("/account/change-password", "/account/change-password", new()
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = next,
            ["ConfirmPassword"] = next,
        });
}
