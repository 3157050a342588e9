using System.Globalization;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// The query string of a page's filters, for its paging, export and to-do links: empty values and false flags left out,
/// dates as yyyy-MM-dd, everything escaped.
/// </summary>
public static class FilterQuery
{
    public static string Of(params (string Key, object? Value)[] parts) => string.Join("&", parts
        .Select(p => (p.Key, Text: p.Value switch
        {
            null or false => null,
            true => "true",
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        }))
        .Where(p => !string.IsNullOrEmpty(p.Text))
        .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Text!)}"));
}
