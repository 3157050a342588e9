using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>Courses, lessons and practice as a trainee uses them.</summary>
public sealed class LearningPages(IPage page)
{
    public async Task OpenFirstLessonAsync(string courseTitle)
    {
        await page.GotoAsync("/learn");
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = courseTitle }).ClickAsync();
        await page.GetByTestId("lessons").GetByRole(AriaRole.Link).First.ClickAsync();
    }

    public Task ConfirmReadAsync() => page.GetByRole(AriaRole.Button, new() { Name = "我已学完本课" }).ClickAsync();

    public ILocator Flash => page.GetByRole(AriaRole.Alert);

    public ILocator Lessons => page.GetByTestId("lessons");

    public async Task PractiseAsync(string chapterText)
    {
        await page.GotoAsync("/practice");
        await page.GetByTestId("practice-chapters").GetByRole(AriaRole.Link).Filter(new() { HasText = chapterText }).ClickAsync();
        var question = page.GetByTestId("practice-question");
        await question.Locator("input.form-check-input").First.CheckAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();
    }

    public ILocator Feedback => page.GetByTestId("practice-feedback");
}
