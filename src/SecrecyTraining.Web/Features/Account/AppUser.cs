using Microsoft.AspNetCore.Identity;

namespace SecrecyTraining.Web.Features.Account;

/// <summary>
/// A sign-in account. The user name is the employee number of the staff record it belongs to (<see cref="PersonId"/>);
/// accounts that are nobody's staff record (the system administrator) have none. Training records belong to the person,
/// never to the account.
/// </summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set when someone else chose the password (an administrator, HR, a CLI command); cleared when the user changes it.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the account was disabled (it cannot sign in; its sessions end within a minute); null while it may.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledBy { get; set; }

    /// <summary>The staff record this account signs in for; null for accounts that are nobody's (such as <c>admin</c>).</summary>
    public int? PersonId { get; set; }
}
