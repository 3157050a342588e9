using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Infrastructure.Localization;

[AllowAnonymous]
[AllowedWhilePasswordChangeRequired]
[Route("culture")]
public sealed class CultureController(TimeProvider clock) : Controller
{
    [HttpPost("")]
    public IActionResult Set(string culture, string? returnUrl)
    {
        if (LocalizationSetup.SupportedCultures.Any(c => c.Name == culture))
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
