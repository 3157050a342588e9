using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string RequestId);

/// <summary>The friendly pages for failures and status codes; the request id ties a report to the log.</summary>
[AllowAnonymous]
[AllowedWhilePasswordChangeRequired]
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken] // re-executed for failed POSTs too: the error page must show the original status, not 400
public sealed class ErrorsController : Controller
{
    /// <summary>An unhandled exception: 503 when the database cannot be reached (it is not the application's fault, and it passes), else 500.</summary>
    [Route("error")]
    public IActionResult Error() => Show(DatabaseUnavailable.Is(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error)
        ? StatusCodes.Status503ServiceUnavailable
        : StatusCodes.Status500InternalServerError);

    /// <summary>
    /// The code is read from the route, not bound: binding would read the failed request's form too, and a form that
    /// cannot be read (a NUL in a value) would turn the page for a 400 into a 500.
    /// </summary>
    [Route("error/{code:int}")]
    public IActionResult Status() =>
        Show(int.TryParse(RouteData.Values["code"]?.ToString(), out var code) && code is >= 400 and <= 599 ? code : StatusCodes.Status500InternalServerError);

    private ViewResult Show(int code)
    {
        Response.StatusCode = code;
        return View("Error", new ErrorViewModel(code, Activity.Current?.Id ?? HttpContext.TraceIdentifier));
    }
}
