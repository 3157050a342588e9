using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Tests.Unit;

public sealed class AccountRulesTests
{
    [Fact]
    public void OneTimePasswordsAreLongEnoughAndAvoidLookAlikeCharacters()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => OneTimePassword.Generate()).ToList();

        Assert.All(passwords, p => Assert.Equal(12, p.Length));
        Assert.All(passwords, p => Assert.DoesNotContain(p, c => "0O1lI".Contains(c)));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [InlineData("hr", "HR")]
    [InlineData(" secrecyoffice ", "SecrecyOffice")]
    [InlineData("DEPTHEAD", "DeptHead")]
    [InlineData("Wizard", null)]
    public void RoleNamesAreAcceptedInAnyLetterCase(string given, string? expected) =>
        Assert.Equal(expected, Roles.Normalize(given));
}
