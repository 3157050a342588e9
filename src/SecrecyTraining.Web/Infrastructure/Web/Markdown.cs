using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Lessons, clauses and commitment texts as HTML. Raw HTML in the source is shown as text, and no extension that lets the
/// source set attributes is enabled, so content can never inject script or styles into a page. A link or image goes only
/// to this site (a relative path, <c>#anchor</c> or <c>/path</c>); any other target (<c>javascript:</c>, another host,
/// <c>//host</c>) is shown as its text, without the link.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    public static HtmlString ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsSameSite(l.Url)).ToList())
        {
            Unlink(link);
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return new(writer.ToString());
    }

    /// <summary>A target on this site: no scheme, no host (<c>//</c> or <c>\\</c>), nothing that is not a plain path or anchor.</summary>
    public static bool IsSameSite(string? url)
    {
        var target = (url ?? "").Trim();
        if (target.Length == 0 || target.StartsWith("//", StringComparison.Ordinal) || target.StartsWith(@"\\", StringComparison.Ordinal)
            || target.StartsWith("/\\", StringComparison.Ordinal))
        {
            return target.Length == 0;
        }

        var colon = target.IndexOf(':', StringComparison.Ordinal);
        var firstDelimiter = target.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon);
    }

    /// <summary>Replaces the link by its text (an image by its alt text).</summary>
    private static void Unlink(LinkInline link)
    {
        if (link.IsImage)
        {
            link.ReplaceBy(new LiteralInline(string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()))));
            return;
        }

        Inline anchor = link;
        foreach (var child in link.ToList())
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }

        link.Remove();
    }
}
