using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>The 保密办's pages: certificates and revocation, content uploads and reviews, the audit log.</summary>
public sealed class OfficePages(IPage page)
{
    /// <summary>证书 → the certificate's row → 撤销, with the reason.</summary>
    public async Task RevokeAsync(string holder, string reason)
    {
        await page.GotoAsync("/certificates");
        var row = page.GetByTestId("certificates-table").Locator("tbody tr", new() { HasText = holder }).First;
        await row.GetByText("撤销", new() { Exact = true }).ClickAsync();
        await row.GetByLabel("撤销理由").FillAsync(reason);
        await row.GetByRole(AriaRole.Button, new() { Name = "确认撤销" }).ClickAsync();
        await page.GetByTestId("done").WaitForAsync();
    }

    public ILocator Done => page.GetByTestId("done");

    /// <summary>内容管理 → 内容导入 → 上传内容, and the file checked and imported (over the page's question edits, when ticked).</summary>
    public async Task UploadContentAsync(string fileName, byte[] content, bool overAppEdits = false)
    {
        await page.GotoAsync("/content/imports");
        await page.GetByRole(AriaRole.Link, new() { Name = "上传内容" }).ClickAsync();
        if (overAppEdits)
        {
            await page.GetByLabel("以文件为准，覆盖页面上修改过的内容").CheckAsync();
        }

        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/octet-stream", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "校验并预览" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        if (await page.GetByTestId("upload-preview").IsVisibleAsync())
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "批准并导入" }).ClickAsync();
            await page.WaitForLoadStateAsync();
        }
    }

    public ILocator UploadProblems => page.GetByTestId("upload-problems");
}
