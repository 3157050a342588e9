using System.Net;
using System.Text.RegularExpressions;
using SecrecyTraining.Tests.Support;

namespace SecrecyTraining.Tests.Integration.Cli;

[Collection(SharedApp.Name)]
public sealed partial class UserCommandsTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task UsersAddPrintsAOneTimePasswordThatMustBeChangedAtFirstSignIn(string provider)
    {
        var app = await databases.StartAsync(provider);

        var (code, output, _) = await Verbs.RunAsync(app, "users", "add", "admin", "--name", "管理员", "--role", "Admin");

        Assert.Equal(0, code);
        var password = OneTimePassword().Match(output).Groups[1].Value;
        Assert.Equal(12, password.Length);
        var client = app.Browser();
        await AppFactory.SignInAsync(client, "admin", password);
        var home = await client.GetAsync("/");
        Assert.Equal("/account/change-password", home.Headers.Location!.OriginalString);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task UsersAddWithSeveralRolesAndPasswordFromStandardInput(string provider)
    {
        var app = await databases.StartAsync(provider);

        var (code, output, _) = await Verbs.RunWithInputAsync(app, "Chosen-Password-1\n", "users", "add", "400001", "--name", "褚红", "--role", "hr", "--role", "DeptHead", "--password-stdin");

        Assert.Equal(0, code);
        Assert.DoesNotContain("One-time password", output);
        var client = app.Browser();
        await AppFactory.SignInAsync(client, "400001", "Chosen-Password-1");
        await client.PostFormAsync("/account/change-password", "/account/change-password", new()
        {
            ["CurrentPassword"] = "Chosen-Password-1",
            ["NewPassword"] = "Another-Password-2",
            ["ConfirmPassword"] = "Another-Password-2",
        });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/my-department")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task ResetPasswordLiftsTheLockoutAndPrintsANewPassword(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("400002", "卫青", ["Trainee"]);
        for (var i = 0; i < 5; i++)
        {
            await AppFactory.SignInAsync(app.Browser(), "400002", "wrong-password");
        }

        var (code, output, _) = await Verbs.RunAsync(app, "users", "reset-password", "400002");

        Assert.Equal(0, code);
        var response = await AppFactory.SignInAsync(app.Browser(), "400002", OneTimePassword().Match(output).Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task AddingAnExistingAccountFailsAndChangesNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.CreateUserAsync("400003", "蒋干", ["Trainee"]);

        var (code, _, error) = await Verbs.RunAsync(app, "users", "add", "400003", "--name", "别人", "--role", "Admin");

        Assert.Equal(1, code);
        Assert.Contains("400003", error);
        var client = app.Browser();
        await AppFactory.SignInAsync(client, "400003", AppFactory.Password);
        Assert.Contains("您好，蒋干", await client.GetStringAsync("/"));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("users")]
    [InlineData("users", "add", "400004", "--role", "Trainee")]
    [InlineData("users", "add", "400004", "--name", "沈括")]
    [InlineData("users", "add", "400004", "--name", "沈括", "--role", "Wizard")]
    [InlineData("users", "reset-password")]
    public async Task BadArgumentsPrintUsageAndExitWithTwo(params string[] args)
    {
        var app = await databases.StartAsync("Sqlite");

        var (code, output, error) = await Verbs.RunAsync(app, args);

        Assert.Equal(2, code);
        Assert.Contains("Usage:", output + error);
    }

    [Fact]
    public async Task DbMigrateReportsTheDatabaseUpToDate()
    {
        var app = await databases.StartAsync("Sqlite");

        var (code, output, _) = await Verbs.RunAsync(app, "db", "migrate");

        Assert.Equal(0, code);
        Assert.Contains("Database is up to date.", output);
    }

    [GeneratedRegex("One-time password: (\\S+)")]
    private static partial Regex OneTimePassword();
}
