using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string RequestId);

/// <summary>The friendly pages for failures and status codes; the request id ties a report to the log.</summary>
[AllowAnonymous]
[AllowedWhilePasswordChangeRequired]
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken] // re-executed for failed POSTs too: the error page must show the original status, not 400
public sealed class ErrorsController : Controller
{
    [Route("error")]
    public IActionResult Error() => Show(StatusCodes.Status500InternalServerError);

    [Route("error/{code:int}")]
    public IActionResult Status(int code) => Show(code is >= 400 and <= 599 ? code : StatusCodes.Status500InternalServerError);

    private ViewResult Show(int code)
    {
        Response.StatusCode = code;
        return View("Error", new ErrorViewModel(code, Activity.Current?.Id ?? HttpContext.TraceIdentifier));
    }
}
