using Microsoft.Playwright;

namespace SecrecyTraining.BrowserTests.Pages;

/// <summary>HR's pages: staff and the roster import, posts, post assignments and the gate, certificate printing.</summary>
public sealed class HrPages(IPage page)
{
    public async Task AddDepartmentAsync(string name)
    {
        await page.GotoAsync("/staff");
        await page.GetByPlaceholder("处室名称").FillAsync(name);
        await page.GetByTestId("new-department").GetByRole(AriaRole.Button, new() { Name = "新增" }).ClickAsync();
        await Assertions.Expect(page.Locator("#departmentId")).ToContainTextAsync(name);
    }

    /// <summary>Finds the person on the staff page by name and opens their page.</summary>
    public async Task OpenPersonAsync(string name, string employeeNumber)
    {
        await page.GotoAsync("/staff");
        await page.GetByLabel("姓名或工号").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.Locator($"tr[data-person='{employeeNumber}']").GetByRole(AriaRole.Link, new() { Name = employeeNumber }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
    }

    /// <summary>On a person's page: 更正工号 with the new number and the reason.</summary>
    public async Task CorrectEmployeeNumberAsync(string newNumber, string reason)
    {
        var form = page.GetByTestId("correct-number");
        if (await form.GetAttributeAsync("open") is null)
        {
            await form.Locator("summary").ClickAsync();
        }

        await form.GetByLabel("新工号").FillAsync(newNumber);
        await form.GetByLabel("理由").FillAsync(reason);
        await form.GetByRole(AriaRole.Button, new() { Name = "更正" }).ClickAsync();
    }

    /// <summary>On a person's page: 编辑人员信息 with the new name, department and e-mail, saved.</summary>
    public async Task EditPersonAsync(string name, string department, string email)
    {
        var form = page.GetByTestId("edit-person");
        if (await form.GetAttributeAsync("open") is null)
        {
            await form.Locator("summary").ClickAsync();
        }

        await form.GetByLabel("姓名").FillAsync(name);
        await form.GetByLabel("处室").SelectOptionAsync(new SelectOptionValue { Label = department });
        await form.GetByLabel("邮箱").FillAsync(email);
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
    }

    /// <summary>On a person's page: 豁免 until the day, with the reason.</summary>
    public async Task ExemptAsync(string reason, DateOnly until)
    {
        var section = page.GetByTestId("exemption");
        await section.GetByLabel("豁免理由").FillAsync(reason);
        await section.GetByLabel("豁免至").FillAsync(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await section.GetByRole(AriaRole.Button, new() { Name = "豁免" }).ClickAsync();
    }

    /// <summary>On a person's page: 延期 of the open training to the day, with the reason.</summary>
    public async Task ExtendTrainingAsync(int trainingId, DateOnly dueOn, string reason)
    {
        var row = page.Locator($"[data-training='{trainingId}']");
        await row.GetByLabel("新的截止日期").FillAsync(dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await row.GetByLabel("延期理由").FillAsync(reason);
        await row.GetByRole(AriaRole.Button, new() { Name = "延期" }).ClickAsync();
    }

    /// <summary>The staff list's rows of people with overdue training (the 逾期 filter).</summary>
    public async Task<ILocator> OverdueRowsAsync()
    {
        await page.GotoAsync("/staff");
        await page.GetByLabel("只看有逾期培训的人员").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("overdue=true"));
        return page.GetByTestId("staff-table").Locator("tbody tr[data-person]");
    }

    /// <summary>Opens 导入人员名单 from the staff page and previews the file.</summary>
    public async Task PreviewRosterAsync(string fileName, byte[] content)
    {
        await page.GotoAsync("/staff");
        await page.GetByRole(AriaRole.Link, new() { Name = "导入人员名单" }).ClickAsync();
        await page.Locator("input[type=file][name=file]").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = content,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        await page.GetByTestId("roster-summary").WaitForAsync();
    }

    public ILocator RosterRow(int line) => page.Locator($"[data-testid=roster-preview] tr[data-line=\"{line}\"]");

    public ILocator RosterCommit => page.GetByTestId("roster-commit");

    /// <summary>Commits the previewed roster; returns each new account's one-time password by employee number.</summary>
    public async Task<Dictionary<string, string>> CommitRosterAsync()
    {
        await RosterCommit.ClickAsync();
        await page.GetByTestId("roster-result").WaitForAsync();
        var cards = page.GetByTestId("one-time-passwords").Locator(".card");
        var passwords = new Dictionary<string, string>();
        for (var i = 0; i < await cards.CountAsync(); i++)
        {
            var card = cards.Nth(i);
            var login = await card.Locator(".font-monospace").First.InnerTextAsync();
            passwords[login.Trim()] = (await card.GetByTestId("otp").InnerTextAsync()).Trim();
        }

        return passwords;
    }

    public async Task CreatePostAsync(string department, string title, string level)
    {
        await page.GotoAsync("/posts");
        var form = page.GetByTestId("new-post");
        await form.GetByLabel("处室").SelectOptionAsync(new SelectOptionValue { Label = department });
        await form.GetByLabel("岗位").FillAsync(title);
        await form.GetByLabel("涉密等级").SelectOptionAsync(new SelectOptionValue { Label = level });
        await form.GetByRole(AriaRole.Button, new() { Name = "新增" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("posts-table")).ToContainTextAsync(title);
    }

    /// <summary>Proposes the person for the post on 岗位任用 and lands on the new assignment's page.</summary>
    public async Task ProposeAsync(string employeeNumber, string postTitle)
    {
        await page.GotoAsync("/posts/assignments");
        var form = page.GetByTestId("propose");
        await form.GetByLabel("工号").FillAsync(employeeNumber);
        // The option reads "处室 · 岗位（级别）": the whole title, so 机要员 is not 机要员400001 of another flow.
        var exact = new System.Text.RegularExpressions.Regex("· " + System.Text.RegularExpressions.Regex.Escape(postTitle) + "（");
        var option = await form.Locator("select#postId option", new() { HasTextRegex = exact }).GetAttributeAsync("value");
        await form.GetByLabel("岗位").SelectOptionAsync(option!);
        await form.GetByRole(AriaRole.Button, new() { Name = "提名" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/posts/assignments/\\d+$"));
    }

    public ILocator Problems => page.GetByTestId("problems");

    public ILocator Done => page.GetByTestId("done");

    public ILocator State => page.Locator("h1 + p");

    public Task ActivateAsync() => page.GetByTestId("activate").ClickAsync();

    public async Task RecordVettingAsync(string note)
    {
        var vetting = page.GetByTestId("vetting");
        await vetting.GetByLabel("审查意见（可选）").FillAsync(note);
        await vetting.GetByRole(AriaRole.Button, new() { Name = "审查通过" }).ClickAsync();
    }

    public Task StartLeavingAsync() => page.GetByTestId("leaving").GetByRole(AriaRole.Button, new() { Name = "发起离岗" }).ClickAsync();

    public Task EndAsync() => page.GetByTestId("end").ClickAsync();

    public ILocator DecryptionPeriod => page.GetByTestId("decryption-period");

    public async Task ChangeDecryptionEndAsync(DateOnly endsOn, string reason)
    {
        await DecryptionPeriod.GetByLabel("结束日期").FillAsync(endsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await DecryptionPeriod.GetByLabel("调整理由").FillAsync(reason);
        await DecryptionPeriod.GetByRole(AriaRole.Button, new() { Name = "调整脱密期" }).ClickAsync();
    }

    /// <summary>证书 → the department → 打印本处室证书; returns the downloaded PDF.</summary>
    public async Task<byte[]> PrintDepartmentCertificatesAsync(string department)
    {
        await page.GotoAsync("/certificates");
        await page.Locator("select#departmentId").SelectOptionAsync(new SelectOptionValue { Label = department });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        return await DownloadAsync(page, () => page.GetByTestId("print-department").ClickAsync());
    }

    /// <summary>Runs <paramref name="click"/> and returns the file the browser downloaded.</summary>
    public static async Task<byte[]> DownloadAsync(IPage page, Func<Task> click)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }
}
