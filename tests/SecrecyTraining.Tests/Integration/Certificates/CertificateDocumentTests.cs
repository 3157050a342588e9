using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Certificates;

/// <summary>Certificate PDFs, department printing, and verification on the page and with the CLI.</summary>
[Collection(SharedApp.Name)]
public sealed class CertificateDocumentTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task TheHolderDownloadsAChinesePdfWhoseTextNamesThemAndTheNumber(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        await Organisation.PersonOnNewPostAsync(app, "u-trainee", "张新");
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        var certification = await CertificationAsync(app);
        var other = await app.SignInAsAsync(Roles.Trainee, Roles.DeptHead);

        var response = await trainee.GetAsync($"/certificates/{certification.Id}.pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = await Pdf.TextAsync(pdf);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("张新", text); // the holder's name as the staff record has it (the person holds the certificate)
        Assert.Contains(certification.Number, text);
        Assert.Contains("示例上岗证书", text);
        Assert.Contains("业务处", text);
        Assert.Contains("保密培训合格证书", text);
        Assert.Equal(1, Pdf.Pages(text));
        Assert.True(pdf.Length < 400_000, $"the font is subset-embedded, so a certificate stays small ({pdf.Length} bytes)");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/certificates/{certification.Id}.pdf")).StatusCode);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task HrPrintsEveryValidCertificateOfADepartmentAsOneDocument(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFixtures.Valid());
        foreach (var (no, name) in new[] { ("p-1", "赵一"), ("p-2", "钱二"), ("p-3", "孙三") })
        {
            await app.CreateUserAsync(no, name, [Roles.Trainee]);
            await Organisation.PersonOnNewPostAsync(app, no, name);
            await app.CompleteCourseAsync(no, "basics");
            var client = app.Browser();
            await AppFactory.SignInAsync(client, no, AppFactory.Password);
            await (await AttemptPage.StartAsync(client)).PassAsync(app, client);
        }

        var departmentId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Departments.Select(d => d.Id).SingleAsync());
        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        var third = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.OrderBy(c => c.Number).Select(c => c.Id).LastAsync());
        await office.PostFormAsync("/certificates", $"/certificates/{third}/revoke", new() { ["reason"] = "调离" });
        var hr = await app.SignInAsAsync(Roles.HR);

        var text = await Pdf.TextAsync(await hr.GetByteArrayAsync($"/certificates/department/{departmentId}.pdf"));

        Assert.Equal(2, Pdf.Pages(text));
        Assert.Contains("赵一", text);
        Assert.Contains("钱二", text);
        Assert.DoesNotContain("孙三", text); // revoked: not printed
        Assert.Contains("打印本处室证书", await hr.GetStringAsync($"/certificates?departmentId={departmentId}"));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task TheVerificationPageShowsTheCurrentStatusAndRejectsAnAlteredCode(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        var certification = await CertificationAsync(app);
        var anonymous = app.Browser();
        var code = certification.VerificationCode;

        var valid = await anonymous.GetAsync("/verify?c=" + Uri.EscapeDataString(code));
        var page = await valid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Contains(certification.Number, page);
        Assert.Contains("测试Trainee", page);
        Assert.Contains("有效", page);

        // Change one character of the signed fields (the name), keep the signature: refused.
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(code.Split('.')[0]));
        var altered = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(payload.Replace("测试Trainee", "测试Trainer", StringComparison.Ordinal)))
                      + "." + code.Split('.')[1];
        var forged = await anonymous.GetAsync("/verify?c=" + Uri.EscapeDataString(altered));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("签名不符", await forged.Content.ReadAsStringAsync());

        var office = await app.SignInAsAsync(Roles.SecrecyOffice);
        await office.PostFormAsync("/certificates", $"/certificates/{certification.Id}/revoke", new() { ["reason"] = "证书遗失补办" });
        Assert.Contains("已撤销", await anonymous.GetStringAsync("/verify?c=" + Uri.EscapeDataString(code)));
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task VerifyShowsTheSignedFieldsAndSaysSoWhenTheRecordWasChangedAfterIssue(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        var certification = await CertificationAsync(app);
        var anonymous = app.Browser();
        var url = "/verify?c=" + Uri.EscapeDataString(certification.VerificationCode);

        // Someone with database access moves the expiry a year on and renames the holder.
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.Certifications.Where(c => c.Id == certification.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ValidUntil, certification.ValidUntil.AddYears(1)));
            return await db.People.Where(p => p.EmployeeNumber == "u-trainee").ExecuteUpdateAsync(set => set.SetProperty(p => p.Name, "冒名者"));
        });
        var altered = await anonymous.GetAsync(url);
        var page = await altered.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, altered.StatusCode);
        Assert.DoesNotContain("签名有效", page);
        Assert.Contains("证书记录与签名的证书内容不一致", page);
        var flat = System.Text.RegularExpressions.Regex.Replace(page, @"\s+", " ");
        Assert.Contains("<tr data-field=\"持证人\"><td>持证人</td><td>测试Trainee</td><td>冒名者</td></tr>", flat);
        Assert.Contains($"<tr data-field=\"有效期至\"><td>有效期至</td><td>{LocalDate(certification.ValidUntil):yyyy-MM-dd}</td><td>{LocalDate(certification.ValidUntil.AddYears(1)):yyyy-MM-dd}</td></tr>", flat);

        // Put back, then HR corrects the employee number (audited): the signed number stays, the correction is shown.
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.Certifications.Where(c => c.Id == certification.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.ValidUntil, certification.ValidUntil));
            return await db.People.Where(p => p.EmployeeNumber == "u-trainee").ExecuteUpdateAsync(set => set.SetProperty(p => p.Name, "测试Trainee"));
        });
        var hr = await app.SignInAsAsync(Roles.HR);
        await hr.PostFormAsync("/staff/u-trainee", "/staff/u-trainee/employee-number", new() { ["newNumber"] = "300888", ["reason"] = "录错" });
        var corrected = await anonymous.GetAsync(url);
        var correctedPage = await corrected.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Contains("签名有效", correctedPage);
        Assert.Contains("测试Trainee（u-trainee）", correctedPage);
        Assert.Contains("人事已将工号更正为 300888", correctedPage);

        // A number changed in the database without HR's audited correction is a mismatch.
        await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().People.Where(p => p.EmployeeNumber == "300888")
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.EmployeeNumber, "999999")));
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync(url)).StatusCode);
    }

    private static DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Theory, ClassData(typeof(Providers))]
    public async Task TheCliVerifiesACodeOfflineAndWithTheDatabasePrintsTheStatus(string provider)
    {
        var app = await databases.StartAsync(provider);
        var trainee = await app.SignInTraineeReadyForTheExamAsync();
        await (await AttemptPage.StartAsync(trainee)).PassAsync(app, trainee);
        var certification = await CertificationAsync(app);
        var url = "http://intranet.example/verify?c=" + certification.VerificationCode;

        var (code, output, _) = await Verbs.RunAsync(app, "certificates", "verify", url);
        var (_, publicKey, _) = await Verbs.RunAsync(app, "certificates", "public-key");
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, publicKey);
        var tampered = certification.VerificationCode[..^3] + (certification.VerificationCode.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");
        var (badCode, _, badError) = await Verbs.RunAsync(app, "certificates", "verify", tampered, "--public-key", keyFile);
        File.Delete(keyFile);

        Assert.Equal(0, code);
        Assert.Contains("Signature: valid", output);
        Assert.Contains(certification.Number, output);
        Assert.Contains("测试Trainee (u-trainee)", output);
        Assert.Contains("Valid (有效)", output);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicKey);
        Assert.Equal(1, badCode);
        Assert.Contains("INVALID", badError);
    }

    /// <summary>A host of its own: the rotation replaces the key file in the data directory, which the shared host keeps using.</summary>
    [Fact]
    public async Task AfterAKeyRotationOldCertificatesStillVerifyAndNewOnesAreSignedWithTheNewKey()
    {
        await using var database = TestDatabase.Create("Sqlite");
        await using (var before = new AppFactory(database))
        {
            var trainee = await before.SignInTraineeReadyForTheExamAsync();
            await (await AttemptPage.StartAsync(trainee)).PassAsync(before, trainee);
        }

        var (_, oldKey, _) = await Verbs.RunAsync(database, "certificates", "public-key");
        var (rotated, output, _) = await Verbs.RunAsync(database, "certificates", "rotate-key");
        var (_, newKey, _) = await Verbs.RunAsync(database, "certificates", "public-key");

        await using var after = new AppFactory(database);
        var old = await CertificationAsync(after);
        var (verified, verifyOutput, _) = await Verbs.RunAsync(after, "certificates", "verify", old.VerificationCode);
        var signer = after.Services.GetRequiredService<Web.Features.Certificates.CertificateSigner>();

        Assert.Equal(0, rotated);
        Assert.Contains("still verifies the certificates it signed", output);
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(0, verified);
        Assert.Contains("Signature: valid", verifyOutput);
        Assert.Contains(signer.KeyId, output); // the restarted application signs with the new key
        Assert.True(signer.Verify(old.VerificationCode).IsValid);
        var rotation = Assert.Single(await Audit.AuditedEventsTests.EntriesAsync(after, "certificate.key-rotated"));
        Assert.Equal(signer.KeyId, rotation.Subject);
    }

    private static Task<Certification> CertificationAsync(AppFactory app) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Certifications.AsNoTracking().SingleAsync());
}
