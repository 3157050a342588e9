using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecrecyTraining.BrowserTests.Pages;
using SecrecyTraining.BrowserTests.Support;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Jobs;

namespace SecrecyTraining.BrowserTests.Flows;

/// <summary>
/// The 保密办 (李娜) moves the 核心 level to a calendar-year cycle due 12-31 with 14 grace days; 孙悦 on a 核心 post passes and
/// is certified to a 12-31; the clock runs on: in November HR sees 60天内到期, after New Year 已过期 with the grace shown and
/// the post still held (and so says HR's daily digest), when the grace ends the post is suspended, and her renewal runs to the
/// next 12-31 and re-activates it.
/// </summary>
[Collection(StaffBrowser.Name)]
public sealed class CalendarCycleFlowTests(BrowserApp browser) : BrowserTest(browser)
{
    private const string OfficePassword = "Li-Na-Baomi-2026!";
    private const string HrPassword = "Qian-Jin-Renshi-2026";
    private const string TraineePassword = "Sun-Yue-Xuexi-2026";

    [Fact]
    public async Task ALevelOnTheCalendarYearRollsOverAtItsDueDayWithItsGraceDays()
    {
        await App.CreateUserAsync("office-li", "李娜", [Roles.SecrecyOffice], OfficePassword);
        await App.CreateUserAsync("hr-qian", "钱进", [Roles.HR], HrPassword);
        await App.AddPersonAsync("500001", "孙悦", "保卫处");
        await App.CreateUserAsync("500001", "孙悦", [Roles.Trainee], TraineePassword);
        var assignment = await App.ProposeOnNewPostAsync("500001", PostLevel.Core);
        await App.CompleteCourseAsync("500001", "basics");

        // 核心岗位 to the calendar year; a day not every year has is refused beside its field.
        var office = await NewPageAsync();
        await new LoginPage(office).SignInAsync("office-li", OfficePassword);
        await office.GotoAsync("/content/policy");
        var core = office.GetByTestId("level-Core");
        await core.GetByLabel("证书周期").SelectOptionAsync("Calendar");
        await core.GetByLabel("每年到期日（月-日，自然年周期）").FillAsync("02-29");
        await core.GetByLabel("到期后宽限期（天，期满才暂停岗位）").FillAsync("14");
        Watch(office).Expect(422);
        await core.GetByRole(AriaRole.Button, new() { Name = "保存核心岗位的策略" }).ClickAsync();
        await Assertions.Expect(office.Locator("#Core-DueMonthDay-error")).ToContainTextAsync("应为每年都有的月-日");
        await office.GetByTestId("level-Core").GetByLabel("每年到期日（月-日，自然年周期）").FillAsync("12-31");
        await office.GetByTestId("level-Core").GetByRole(AriaRole.Button, new() { Name = "保存核心岗位的策略" }).ClickAsync();
        await Assertions.Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("核心岗位的策略已保存");
        await Assertions.Expect(office.GetByTestId("level-Core").GetByLabel("证书周期")).ToHaveValueAsync("Calendar");

        // She passes; a first certificate with less than half a year of the cycle left runs to the end of the next cycle.
        var today = Today();
        var firstEnd = today > new DateOnly(today.Year, 7, 1) ? today.Year + 1 : today.Year;
        var trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("500001", TraineePassword);
        await PassAsync(trainee);
        await trainee.GotoAsync("/");
        await Assertions.Expect(trainee.GetByTestId("my-certificates")).ToContainTextAsync($"{firstEnd}-12-31");
        await new TraineePages(trainee).SignFirstPendingCommitmentAsync(TraineePassword);
        var hr = await HrAsync();
        await hr.Page.GotoAsync($"/posts/assignments/{assignment}");
        await hr.Pages.RecordVettingAsync("政审合格");
        await hr.Pages.ActivateAsync();
        await Assertions.Expect(hr.Pages.State).ToContainTextAsync("在岗");

        // Mid-November of that year: inside the window.
        MoveTo(new DateOnly(firstEnd, 11, 15));
        hr = await HrAsync();
        await hr.Pages.OpenPersonAsync("孙悦", "500001");
        await Assertions.Expect(Standing(hr.Page)).ToHaveAttributeAsync("data-status", "Expiring60");
        await Assertions.Expect(hr.Page.GetByTestId("person-standing")).ToContainTextAsync($"有效期至 {firstEnd}-12-31");

        // 5 January: expired, the grace running, the post still held; she is told until when.
        MoveTo(new DateOnly(firstEnd + 1, 1, 5));
        await RunExpirySweepAsync();
        hr = await HrAsync();
        await hr.Pages.OpenPersonAsync("孙悦", "500001");
        await Assertions.Expect(Standing(hr.Page)).ToHaveTextAsync("已过期");
        await Assertions.Expect(hr.Page.GetByTestId("grace-until")).ToHaveTextAsync($"宽限期至 {firstEnd + 1}-01-14，期满暂停岗位");
        await hr.Page.GotoAsync($"/posts/assignments/{assignment}");
        await Assertions.Expect(hr.Pages.State).ToContainTextAsync("在岗");
        trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("500001", TraineePassword);
        await trainee.GotoAsync("/inbox");
        await Assertions.Expect(trainee.GetByText($"宽限期至 {firstEnd + 1}-01-14")).ToBeVisibleAsync();

        // HR's one message of the day names her with the grace, and leads to the dashboard.
        await App.WithServicesAsync(s => s.GetRequiredService<ManagerDigest>().RunAsync(CancellationToken.None));
        hr = await HrAsync();
        await hr.Page.GotoAsync("/inbox");
        var digest = hr.Page.GetByTestId("inbox").Locator("form", new() { HasText = "今日培训提醒" });
        await Assertions.Expect(digest).ToHaveCountAsync(1);
        await Assertions.Expect(digest).ToContainTextAsync($"孙悦（500001）证书 BM-");
        await Assertions.Expect(digest).ToContainTextAsync($"宽限期至 {firstEnd + 1}-01-14");
        await digest.GetByRole(AriaRole.Button).ClickAsync();
        await hr.Page.WaitForURLAsync("**/compliance");

        // 16 January: the grace is over and the post suspended.
        MoveTo(new DateOnly(firstEnd + 1, 1, 16));
        await RunExpirySweepAsync();
        hr = await HrAsync();
        await hr.Page.GotoAsync($"/posts/assignments/{assignment}");
        await Assertions.Expect(hr.Pages.State).ToContainTextAsync("暂停");

        // Her late renewal counts for the cycle it falls in (to this year's 12-31) and gives the post back.
        trainee = await NewPageAsync();
        await new LoginPage(trainee).SignInAsync("500001", TraineePassword);
        await PassAsync(trainee);
        await trainee.GotoAsync("/");
        await Assertions.Expect(trainee.GetByTestId("my-certificates")).ToContainTextAsync($"{firstEnd + 1}-12-31");
        await hr.Page.ReloadAsync();
        await Assertions.Expect(hr.Pages.State).ToContainTextAsync("在岗");
    }

    private DateOnly Today() => DateOnly.FromDateTime(App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>Moves the server's clock to 10:00 China time on <paramref name="day"/>.</summary>
    private void MoveTo(DateOnly day) =>
        App.Clock.Advance(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)) - App.Clock.GetUtcNow());

    private Task<string> RunExpirySweepAsync() => App.WithServicesAsync(s => s.GetRequiredService<ExpirySweep>().RunAsync(CancellationToken.None));

    private static ILocator Standing(IPage page) => page.GetByTestId("person-standing").Locator("[data-status]");

    /// <summary>HR signs in afresh (the clock has moved past the last session's lifetime).</summary>
    private async Task<(IPage Page, HrPages Pages)> HrAsync()
    {
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync("hr-qian", HrPassword);
        return (page, new HrPages(page));
    }

    private async Task PassAsync(IPage page)
    {
        var exam = new ExamPage(page);
        await exam.StartAsync("demo-exam");
        await exam.AnswerAsync(await App.ShownKeysAsync(exam.AttemptId));
        await exam.OpenSubmitConfirmationAsync();
        await exam.ConfirmSubmitAsync();
        await Assertions.Expect(page.GetByTestId("score")).ToHaveTextAsync("100 / 100");
    }
}
