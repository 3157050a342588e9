namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// A search or filter value typed by a user: without control characters (PostgreSQL refuses a NUL in text), trimmed,
/// empty as null, and cut to <see cref="MaxLength"/> characters (nobody types more into a search box, and a pattern of
/// tens of thousands of characters is one SQLite refuses).
/// </summary>
public static class SearchTerm
{
    public const int MaxLength = 100;

    public static string? Normalize(string? value)
    {
        var term = value is null ? null : new string([.. value.Where(c => !char.IsControl(c))]).Trim();
        return string.IsNullOrEmpty(term) ? null : term.Length > MaxLength ? term[..MaxLength] : term;
    }
}
