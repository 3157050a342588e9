using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>Marks the actions a user whose password was set by someone else may reach before changing it.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowedWhilePasswordChangeRequiredAttribute : Attribute;

/// <summary>Sends a user who must change the password to the change-password page from everywhere else.</summary>
public sealed class PasswordChangeRequiredFilter : IAuthorizationFilter
{
    public const string ClaimType = "must_change_password";

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || !user.HasClaim(ClaimType, "true"))
        {
            return;
        }

        if (context.ActionDescriptor.EndpointMetadata.OfType<AllowedWhilePasswordChangeRequiredAttribute>().Any())
        {
            return;
        }

        context.Result = new RedirectToActionResult(nameof(AccountController.ChangePassword), "Account", null);
    }
}

/// <summary>
/// Puts the display name, the staff record and the must-change-password flag into the sign-in cookie (rebuilt at every
/// security-stamp check, so an account linked to its person later shows it within a minute).
/// </summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.PersonId is { } personId)
        {
            identity.AddClaim(new Claim(SignedInPerson.ClaimType, personId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(PasswordChangeRequiredFilter.ClaimType, "true"));
        }

        return identity;
    }
}
