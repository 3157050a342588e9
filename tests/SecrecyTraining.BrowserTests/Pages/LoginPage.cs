using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

public sealed class LoginPage(IPage page)
{
    public Task GotoAsync() => page.GotoAsync("/account/login");

    public Task SetUserNameAsync(string value) => page.GetByLabel("工号", new() { Exact = true }).FillAsync(value);

    public Task SetPasswordAsync(string value) => page.GetByLabel("密码", new() { Exact = true }).FillAsync(value);

    public Task SubmitAsync() => page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

    public ILocator Error => page.GetByTestId("login-error");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "登录" });

    public async Task<ShellPage> SignInAsync(string userName, string password)
    {
        await GotoAsync();
        await SetUserNameAsync(userName);
        await SetPasswordAsync(password);
        await SubmitAsync();
        return new ShellPage(page);
    }
}
