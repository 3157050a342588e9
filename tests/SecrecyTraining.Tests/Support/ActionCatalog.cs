using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace SecrecyTraining.Tests.Support;

/// <summary>A controller action with one HTTP method, as MVC's action descriptors describe it.</summary>
public sealed partial record ActionUnderTest(string Key, string Method, string Template, ControllerActionDescriptor Descriptor)
{
    /// <summary>The URL with each route parameter replaced by <paramref name="value"/>(name, constraint).</summary>
    public string Url(Func<string, string, string> value) =>
        "/" + Parameter().Replace(Template, m => Uri.EscapeDataString(value(m.Groups[1].Value, m.Groups[2].Value)));

    [GeneratedRegex(@"\{\*?([A-Za-z]+)([^}]*)\}")]
    private static partial Regex Parameter();
}

/// <summary>Every controller action of the application, so tests that walk them cover a new action without being told.</summary>
public static class ActionCatalog
{
    public static List<ActionUnderTest> All(IServiceProvider services) =>
    [
        .. services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .SelectMany(d =>
            {
                var template = d.AttributeRouteInfo?.Template ?? throw new InvalidOperationException($"{d.DisplayName} has no attribute route.");
                var methods = d.ActionConstraints?.OfType<HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods).ToList() is { Count: > 0 } m ? m : ["GET"];
                return methods.Select(method => new ActionUnderTest($"{method} {template}", method, template, d));
            })
            .OrderBy(a => a.Key, StringComparer.Ordinal),
    ];
}
