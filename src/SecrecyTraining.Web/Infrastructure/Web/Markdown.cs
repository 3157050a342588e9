using Markdig;
using Microsoft.AspNetCore.Html;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Lessons, clauses and commitment texts as HTML. Raw HTML in the source is shown as text, and no extension that lets the
/// source set attributes is enabled, so content can never inject script or styles into a page.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    public static HtmlString ToHtml(string markdown) => new(Markdig.Markdown.ToHtml(markdown, Pipeline));
}
