using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>What every signed-in page has: the main navigation, the current user, sign-out and the language switch.</summary>
public sealed class ShellPage(IPage page)
{
    public ILocator NavigationLinks => page.GetByTestId("main-nav").GetByRole(AriaRole.Link);

    public ILocator CurrentUser => page.GetByTestId("current-user");

    public Task<IReadOnlyList<string>> NavigationTextsAsync() => NavigationLinks.AllInnerTextsAsync();

    public async Task<LoginPage> SignOutAsync()
    {
        await page.GetByTestId("sign-out").ClickAsync();
        return new LoginPage(page);
    }

    public Task SwitchToEnglishAsync() => page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
}
