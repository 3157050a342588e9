using System.Globalization;
using System.Security.Claims;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>The staff record (<see cref="Domain.Person"/>) the signed-in account belongs to, from its sign-in cookie.</summary>
public static class SignedInPerson
{
    public const string ClaimType = "person_id";

    /// <summary>The person's id; null for an account that is nobody's staff record (the administrator).</summary>
    public static int? PersonId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimType) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
