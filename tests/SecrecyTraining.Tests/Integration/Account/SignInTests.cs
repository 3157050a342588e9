using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Tests.Integration.Account;

[Collection(SharedApp.Name)]
public sealed class SignInTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task AnonymousRequestForHomeIsRedirectedToSignIn(string provider)
    {
        var app = await databases.StartAsync(provider);

        var response = await app.Browser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task SignInPageIsInChinese(string provider)
    {
        var app = await databases.StartAsync(provider);

        var page = await app.Browser().GetStringAsync("/account/login");

        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("工号", page);
        Assert.Contains("登录", page);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task SignedInUserSeesTheirNameOnHome(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("200001", "钱多多", [Roles.Trainee]);
        var client = app.Browser();

        var home = await client.FollowAsync(await AppFactory.SignInAsync(client, "200001", AppFactory.Password));

        Assert.Contains("您好，钱多多", home);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task WrongPasswordIsRefusedWithoutSayingWhichPartWasWrong(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("200002", "孙悟", [Roles.Trainee]);

        var response = await AppFactory.SignInAsync(app.Browser(), "200002", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("工号或密码不正确。", await response.Content.ReadAsStringAsync());
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task FiveWrongPasswordsLockTheAccountForFifteenMinutes(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("200003", "周密", [Roles.Trainee]);
        var client = app.Browser();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await AppFactory.SignInAsync(client, "200003", $"wrong-password-{attempt}");
        }

        var withRightPassword = await AppFactory.SignInAsync(client, "200003", AppFactory.Password);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("账号已锁定 15 分钟", await withRightPassword.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var lockoutEnd = await app.WithScopeAsync(async s =>
            (await s.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("200003"))!.LockoutEnd);
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task FourWrongPasswordsDoNotLockTheAccount(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("200004", "吴用", [Roles.Trainee]);
        var client = app.Browser();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await AppFactory.SignInAsync(client, "200004", $"wrong-password-{attempt}");
        }

        var response = await AppFactory.SignInAsync(client, "200004", AppFactory.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task SigningOutEndsTheSession(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInAsAsync(Roles.Trainee);

        var signOut = await client.PostFormAsync("/", "/account/logout", []);

        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task PostWithoutAntiforgeryTokenIsRefused(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("200005", "郑和", [Roles.Trainee]);

        var response = await app.Browser().PostAsync("/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "200005", ["Password"] = AppFactory.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task EmptySignInFormShowsMessagesNextToTheFields(string provider)
    {
        var app = await databases.StartAsync(provider);

        var response = await AppFactory.SignInAsync(app.Browser(), "", "");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("data-valmsg-for=\"UserName\" data-valmsg-replace=\"true\">请输入工号。", page);
        Assert.Contains("data-valmsg-for=\"Password\" data-valmsg-replace=\"true\">请输入密码。", page);
    }
}
