using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>Identity's messages that a user can meet, in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> localizer) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = localizer["密码至少需要 {0} 个字符。", length] };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = localizer["密码至少需要包含 {0} 个不同的字符。", uniqueChars] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = localizer["当前密码不正确。"] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = localizer["账号 {0} 已存在。", userName] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = localizer["工号 {0} 含有不允许的字符。", userName ?? ""] };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = localizer["链接已失效，请重新操作。"] };
}
