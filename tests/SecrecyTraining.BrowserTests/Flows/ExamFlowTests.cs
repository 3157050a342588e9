using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.BrowserTests.Flows;

[Collection(SharedBrowser.Name)]
public sealed partial class ExamFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string Password = "Browser-Pass-2026";

    [Fact]
    public async Task ATraineeKeepsAnsweringOfflineAndEveryAnswerIsSavedWhenTheConnectionReturns()
    {
        await App.CreateUserAsync("b-exam", "考生", [Roles.Trainee], Password);
        await App.CompleteCourseAsync("b-exam", "basics");
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("b-exam", Password);
        var exam = new ExamPage(page);

        await exam.StartAsync("demo-exam");
        await Assertions.Expect(exam.Countdown).ToHaveTextAsync(CountdownText());
        await exam.ChooseAsync(1, 0);
        await Assertions.Expect(exam.SaveState(1)).ToHaveTextAsync("已保存");

        Watch(page).ExpectConsoleError("net::ERR_INTERNET_DISCONNECTED"); // the save the page retries while offline
        await page.Context.SetOfflineAsync(true);
        await exam.ChooseAsync(2, 1);
        await Assertions.Expect(exam.SaveState(2)).ToHaveTextAsync("未保存，正在重试");
        await Assertions.Expect(exam.Connection).ToContainTextAsync("网络已断开");

        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(exam.SaveState(2)).ToHaveTextAsync("已保存", new() { Timeout = 20_000 });

        await page.ReloadAsync();
        Assert.True(await exam.IsChosenAsync(1, 0));
        Assert.True(await exam.IsChosenAsync(2, 1));

        var summary = await exam.OpenSubmitConfirmationAsync();
        Assert.Contains("3", summary);
        await exam.ConfirmSubmitAsync();

        await Assertions.Expect(page.GetByTestId("score")).ToContainTextAsync("/ 100");
        await Assertions.Expect(page.GetByTestId("review-question")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task ATraineeReadsTheCoursePractisesAndThenTheExamOpens()
    {
        await App.CreateUserAsync("b-learner", "新同事", [Roles.Trainee], Password);
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("b-learner", Password);
        var learning = new LearningPages(page);

        await page.GotoAsync("/exams");
        var card = page.Locator("[data-exam=\"demo-exam\"]");
        await Assertions.Expect(card.GetByTestId("locked")).ToContainTextAsync("学完课程《保密基础》后开放（已学 0/1）");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "开始" })).ToHaveCountAsync(0);

        await learning.OpenFirstLessonAsync("保密基础");
        await Assertions.Expect(page.Locator("article.lesson-body")).ToContainTextAsync("秘密文件放在保密柜内");
        await Assertions.Expect(page.GetByTestId("reading-countdown")).ToHaveTextAsync(new Regex("^还需阅读 [45]:\\d\\d$"));
        var shown = await page.GetByTestId("reading-countdown").InnerTextAsync();
        await Assertions.Expect(page.GetByTestId("reading-countdown")).Not.ToHaveTextAsync(shown, new() { Timeout = 3000 }); // it counts down
        await learning.ConfirmReadAsync();
        await Assertions.Expect(page.GetByTestId("flash-error")).ToContainTextAsync("请再阅读约");

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await learning.ConfirmReadAsync();
        await Assertions.Expect(learning.Lessons).ToContainTextAsync("已学完");

        await learning.PractiseAsync("示例保密规定 · 一、秘密文件的保存");
        await Assertions.Expect(learning.Feedback.GetByTestId("verdict")).ToHaveTextAsync(new Regex("回答(正确|错误)"));
        await Assertions.Expect(learning.Feedback).ToContainTextAsync("条款");

        await new ExamPage(page).StartAsync("demo-exam");
        await Assertions.Expect(page.Locator(".exam-question")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task ATraineeTakesTheExamOnAPhone()
    {
        await App.CreateUserAsync("b-phone", "手机考生", [Roles.Trainee], Password);
        await App.CompleteCourseAsync("b-phone", "basics");
        var page = await NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await new LoginPage(page).SignInAsync("b-phone", Password);
        var exam = new ExamPage(page);

        await exam.StartAsync("demo-exam");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the exam page is wider than the phone");
        var keys = await App.ShownKeysAsync(exam.AttemptId);
        foreach (var position in keys.Keys.Order().Reverse())
        {
            // The answer card leads to the question, and its top is not hidden under the sticky header.
            await page.Locator($".nav-q[data-position=\"{position}\"]").ClickAsync();
            await page.WaitForFunctionAsync(
                $"() => document.querySelector('#q{position}').getBoundingClientRect().top >= document.querySelector('.exam-header').getBoundingClientRect().bottom - 1");
            foreach (var option in keys[position])
            {
                await exam.Question(position).Locator("label").Nth(option).TapAsync();
            }

            await Assertions.Expect(exam.SaveState(position)).ToHaveTextAsync("已保存");
        }

        await exam.OpenSubmitConfirmationAsync();
        await exam.ConfirmSubmitAsync();
        await Assertions.Expect(page.GetByTestId("score")).ToContainTextAsync("100");
    }

    [GeneratedRegex(@"^(19|20):\d\d$")]
    private static partial Regex CountdownText();
}
