using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Every <c>&lt;form method="post"&gt;</c> carries its own anti-forgery token, however its action is written. ASP.NET Core's
/// form tag helper leaves the token out of a form with a literal <c>action="…"</c>, and the global anti-forgery filter
/// then answers the browser's POST with 400; this helper runs after it and adds the token whenever it is still missing
/// (not already in the form, not opted out with <c>asp-antiforgery="false"</c>, not posting to another host), so no view
/// can forget it.
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class PostFormTagHelper(IHtmlGenerator generator) : TagHelper
{
    public override int Order => int.MaxValue;

    [HtmlAttributeNotBound, ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.AllAttributes.TryGetAttribute("method", out var method)
            || !string.Equals(method.Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase)
            || (context.AllAttributes.TryGetAttribute("asp-antiforgery", out var optOut) && string.Equals(optOut.Value?.ToString(), "false", StringComparison.OrdinalIgnoreCase))
            || (context.AllAttributes.TryGetAttribute("action", out var action) && IsElsewhere(action.Value?.ToString()))
            || output.PostContent.GetContent().Contains(AntiforgeryFieldName, StringComparison.Ordinal)
            || (await output.GetChildContentAsync()).GetContent().Contains(AntiforgeryFieldName, StringComparison.Ordinal))
        {
            return;
        }

        output.PostContent.AppendHtml(generator.GenerateAntiforgery(ViewContext));
    }

    /// <summary>An action on another host (or scheme-relative) never gets this session's token.</summary>
    private static bool IsElsewhere(string? action) =>
        action is not null && (action.StartsWith("//", StringComparison.Ordinal)
            || (Uri.TryCreate(action, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")); // "/x" is a file URI on Linux

    private const string AntiforgeryFieldName = "__RequestVerificationToken";
}
