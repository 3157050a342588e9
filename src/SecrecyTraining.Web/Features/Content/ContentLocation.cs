namespace SecrecyTraining.Web.Features.Content;

/// <summary>
/// Where the content directory is: <c>Content:Directory</c> relative to the content root (<c>content</c> when published,
/// <c>../../content</c> in Development, which is the repository's).
/// </summary>
public static class ContentLocation
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["Content:Directory"] is { Length: > 0 } configured ? configured : "content", environment.ContentRootPath);

    public static bool ImportOnStartup(IConfiguration configuration) =>
        !bool.TryParse(configuration["Content:ImportOnStartup"], out var value) || value;
}
