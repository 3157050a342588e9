using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>The exam list and the exam being taken.</summary>
public sealed class ExamPage(IPage page)
{
    public async Task StartAsync(string examId)
    {
        await page.GotoAsync("/exams");
        await page.Locator($"[data-exam=\"{examId}\"] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/attempts/*");
    }

    /// <summary>The attempt's id, from the exam page's address (/attempts/{id}).</summary>
    public int AttemptId => int.Parse(new Uri(page.Url).Segments[2].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ticks the given options of every question, as a well-prepared examinee would.</summary>
    public async Task AnswerAsync(IReadOnlyDictionary<int, int[]> shownKeys)
    {
        foreach (var (position, options) in shownKeys)
        {
            foreach (var option in options)
            {
                await ChooseAsync(position, option);
            }

            await Assertions.Expect(SaveState(position)).ToHaveTextAsync("已保存");
        }
    }

    public ILocator Question(int position) => page.Locator($".exam-question[data-position=\"{position}\"]");

    public ILocator SaveState(int position) => Question(position).Locator(".save-state");

    public ILocator Connection => page.Locator("#connection");

    public ILocator Countdown => page.Locator("#countdown");

    public Task ChooseAsync(int position, int shownOption) => Question(position).Locator("input.answer").Nth(shownOption).CheckAsync();

    public Task<bool> IsChosenAsync(int position, int shownOption) => Question(position).Locator("input.answer").Nth(shownOption).IsCheckedAsync();

    public async Task<string> OpenSubmitConfirmationAsync()
    {
        await page.Locator("#submit-open").ClickAsync();
        var summary = page.Locator("#unanswered-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        return await summary.InnerTextAsync();
    }

    public async Task ConfirmSubmitAsync()
    {
        await page.Locator("#submit-confirmed").ClickAsync();
        await page.WaitForURLAsync("**/result");
    }
}
