using Microsoft.AspNetCore.Identity;

namespace SecrecyTraining.Web.Features.Account;

/// <summary>A sign-in account. The user name is the employee number.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set when someone else chose the password (an administrator, HR, a CLI command); cleared when the user changes it.</summary>
    public bool MustChangePassword { get; set; }
}
