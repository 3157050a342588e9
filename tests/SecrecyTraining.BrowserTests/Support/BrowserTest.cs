using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Support;

/// <summary>
/// A browser test: every page it opens is watched (<see cref="PageWatch"/>), and when the test ends each page is checked
/// once more and the test fails with whatever was found on any page it opened.
/// </summary>
public abstract class BrowserTest(BrowserApp app) : IAsyncLifetime
{
    private readonly List<(IPage Page, PageWatch Watch)> opened = [];

    protected BrowserApp App => app;

    /// <summary>A new person at a new browser (own cookies), 1366×768 unless told otherwise.</summary>
    protected async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var session = await app.NewWatchedPageAsync(viewport);
        opened.Add(session);
        return session.Page;
    }

    protected PageWatch Watch(IPage page) => opened.Single(o => o.Page == page).Watch;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (page, watch) in opened)
        {
            await watch.CheckNowAsync(page);
            await page.Context.CloseAsync();
        }

        foreach (var (_, watch) in opened)
        {
            watch.AssertClean();
        }
    }
}
