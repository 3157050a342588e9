using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>
/// Refuses passwords that are long enough but guessed first: the commonest ones (in China and elsewhere), a run of
/// digits, and any password that contains the account's employee number. (Identity's own rule of 4 different characters
/// already refuses one character repeated.)
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<SharedResource> localizer) : IPasswordValidator<AppUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "0123456789", "0987654321", "9876543210", "12345678910", "12345678901", "1234567890123", "123456789a",
        "a123456789", "a1234567890", "aa123456789", "1234567890a", "123456789.", "123456abcd", "abc1234567", "abcd123456",
        "abcdefghij", "1234512345", "1122334455", "1234554321", "123123123123", "1472583690", "7894561230", "qwertyuiop",
        "qwertyuiop123", "qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t", "1q2w3e4r5t6y", "qazwsxedc123", "zxcvbnm123",
        "asdfghjkl1", "password12", "password123", "password1234", "p@ssw0rd123", "passw0rd123", "iloveyou12", "iloveyou123",
        "woaini1314", "woaini520520", "5201314520", "1314520520", "admin12345", "admin123456", "administrator", "qq123456789",
        "123456789qq", "baomi12345", "baomi123456", "mima123456", "secret1234", "welcome123", "welcome1234", "letmein123",
        "changeme123", "china123456", "beijing2008", "zhongguo123", "test123456", "user123456", "root123456",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var candidate = password ?? "";
        var refused = Common.Contains(candidate)
                      || IsDigitRun(candidate)
                      || (user.UserName is { Length: >= 4 } name && candidate.Contains(name, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(refused
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = localizer["这个密码太常见或包含工号，容易被猜中，请换一个。"] })
            : IdentityResult.Success);
    }

    /// <summary>Consecutive digits up or down (1234567890…, 9876543210…).</summary>
    private static bool IsDigitRun(string password) =>
        password.Length > 1 && password.All(char.IsAsciiDigit)
        && (Enumerable.Range(1, password.Length - 1).All(i => (password[i] - password[i - 1] + 10) % 10 == 1)
            || Enumerable.Range(1, password.Length - 1).All(i => (password[i - 1] - password[i] + 10) % 10 == 1));
}
