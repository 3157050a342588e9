using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>A trainee's own pages: first sign-in, commitments, the inbox.</summary>
public sealed class TraineePages(IPage page)
{
    /// <summary>Signs in with the one-time password HR printed and sets a password of one's own, as the page demands.</summary>
    public async Task FirstSignInAsync(string userName, string oneTimePassword, string newPassword)
    {
        await new LoginPage(page).SignInAsync(userName, oneTimePassword);
        await page.WaitForURLAsync("**/account/change-password**");
        await page.GetByLabel("当前密码").FillAsync(oneTimePassword);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("确认新密码").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存新密码" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    /// <summary>Reads the first pending 承诺书 on 保密承诺书 and signs it with the password.</summary>
    public async Task SignFirstPendingCommitmentAsync(string password)
    {
        await page.GotoAsync("/commitments");
        var pending = page.GetByTestId("pending-commitment").First;
        await pending.GetByLabel("我已阅读并承诺遵守。请输入登录密码确认签署").FillAsync(password);
        await pending.GetByRole(AriaRole.Button, new() { Name = "签署" }).ClickAsync();
        await page.GetByTestId("signed-ok").WaitForAsync();
    }

    public ILocator PendingCommitments => page.GetByTestId("pending-commitment");
}
