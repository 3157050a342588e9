using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>
/// Training pages need the staff record the records belong to: an account that is nobody's (created on the command line
/// for someone not on the roster) is told so instead of reaching the action.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresStaffRecordAttribute : ActionFilterAttribute
{
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.HttpContext.User.Identity?.IsAuthenticated == true && context.HttpContext.User.PersonId() is null)
        {
            context.Result = new ViewResult { ViewName = "NoStaffRecord", StatusCode = StatusCodes.Status403Forbidden };
        }
    }
}
