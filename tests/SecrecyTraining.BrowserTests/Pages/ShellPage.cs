using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>What every signed-in page has: the main navigation, the current user, sign-out and the language switch.</summary>
public sealed class ShellPage(IPage page)
{
    public ILocator NavigationLinks => page.GetByTestId("main-nav").GetByRole(AriaRole.Link);

    public ILocator CurrentUser => page.GetByTestId("current-user");

    /// <summary>The home page's to-do item that links to <paramref name="url"/>, for the role.</summary>
    public ILocator ToDo(string role, string url) => page.GetByTestId("todo-" + role).Locator($"[data-todo=\"{url}\"]");

    /// <summary>Every destination of the bar, those folded into a menu included.</summary>
    public Task<string[]> NavigationTextsAsync() =>
        page.GetByTestId("main-nav").Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.textContent.trim())");

    /// <summary>Signed in, the language switch, password change and sign-out are in the menu under the user's name.</summary>
    private async Task OpenAccountMenuAsync()
    {
        if (await CurrentUser.IsVisibleAsync() && await CurrentUser.GetAttributeAsync("aria-expanded") != "true")
        {
            await CurrentUser.ClickAsync();
        }
    }

    public async Task<LoginPage> SignOutAsync()
    {
        await OpenAccountMenuAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        return new LoginPage(page);
    }

    public async Task SwitchToEnglishAsync()
    {
        await OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await page.Locator("html[lang='en-US']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public async Task SwitchToChineseAsync()
    {
        await OpenAccountMenuAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "中文", Exact = true }).ClickAsync();
        await page.Locator("html[lang='zh-CN']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// What of the navigation bar does not fit: an entry wrapped over two lines, an entry or control beyond the bar's right
    /// edge or below its first row, or a page wider than the window.
    /// </summary>
    public async Task<string[]> NavigationOverflowAsync()
    {
        await page.WaitForLoadStateAsync(LoadState.Load); // measured once the stylesheets apply
        return await page.EvaluateAsync<string[]>("""
        () => {
          const bar = document.querySelector('nav.navbar');
          const box = bar.getBoundingClientRect();
          const problems = [];
          const items = [...bar.querySelectorAll('.navbar-brand, .nav-link, .culture-switch button')]
            .filter(i => i.getClientRects().length > 0 && !i.closest('.dropdown-menu'));
          const rowTop = Math.min(...items.map(i => i.getBoundingClientRect().top));
          for (const item of items) {
            const r = item.getBoundingClientRect();
            const lineHeight = parseFloat(getComputedStyle(item).lineHeight) || 24;
            if (r.height > lineHeight * 1.6 + 16) problems.push(`wraps: ${item.textContent.trim()}`);
            if (r.right > box.right + 0.5 || r.right > window.innerWidth) problems.push(`beyond the bar: ${item.textContent.trim()}`);
            if (r.top > rowTop + lineHeight) problems.push(`on a second row: ${item.textContent.trim()}`);
          }
          if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
          return problems;
        }
        """);
    }
}
