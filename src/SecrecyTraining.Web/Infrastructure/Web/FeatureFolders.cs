using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Views live beside their controller: a controller in namespace <c>…Features.Staff</c> finds its views in
/// <c>/Features/Staff/</c>, then in <c>/Features/Shared/</c>.
/// </summary>
public sealed class FeatureFolders : IViewLocationExpander
{
    private const string FeatureKey = "feature";
    private const string NamespaceMarker = ".Features.";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            var ns = action.ControllerTypeInfo.Namespace ?? "";
            var at = ns.IndexOf(NamespaceMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                context.Values[FeatureKey] = ns[(at + NamespaceMarker.Length)..].Replace('.', '/');
            }
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(FeatureKey, out var feature) && feature is not null)
        {
            yield return $"/Features/{feature}/{{0}}.cshtml";
        }

        yield return "/Features/Shared/{0}.cshtml";
    }
}
