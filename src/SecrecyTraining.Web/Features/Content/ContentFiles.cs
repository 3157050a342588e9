using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>One text file of a content set, by its path relative to the content directory ('/'-separated).</summary>
public sealed record ContentFile(string Path, string Text);

public static class ContentFiles
{
    /// <summary>Upload limits: a content zip larger than this, or one that expands beyond it, is refused.</summary>
    public const long MaxTotalBytes = 50 * 1024 * 1024;

    public static IReadOnlyList<ContentFile> FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Content directory not found: {directory}");
        }

        return [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => new ContentFile(System.IO.Path.GetRelativePath(directory, f).Replace('\\', '/'), Normalize(File.ReadAllText(f))))
            .Where(f => !IsIgnored(f.Path))
            .OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>Reads a zip of a content directory; rejects entries that climb out of it and archives that expand too far.</summary>
    public static IReadOnlyList<ContentFile> FromZip(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var files = new List<ContentFile>();
        long total = 0;
        foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            var path = entry.FullName.Replace('\\', '/');
            if (path.StartsWith('/') || path.Split('/').Any(part => part is ".." or "."))
            {
                throw new InvalidDataException($"Zip entry '{entry.FullName}' points outside the content directory.");
            }

            if (entry.Length > MaxTotalBytes - total) // never overflows, whatever size an entry declares
            {
                throw new InvalidDataException($"The zip expands to more than {MaxTotalBytes / 1024 / 1024} MiB.");
            }

            total += entry.Length;

            using var reader = new StreamReader(new MemoryStream(Infrastructure.Web.ZipLimits.Read(entry)), Encoding.UTF8);
            files.Add(new ContentFile(path, Normalize(reader.ReadToEnd())));
        }

        var root = CommonRoot(files);
        return [.. files
            .Select(f => f with { Path = f.Path[root.Length..] })
            .Where(f => !IsIgnored(f.Path))
            .OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>SHA-256 over every path and text, so the same content gives the same hash on any machine.</summary>
    public static string Hash(IEnumerable<ContentFile> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Path + "\n" + file.Text.Length + "\n" + file.Text + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>Hidden files, and Markdown at the top level (README.md, REVIEW.md: notes about the content, not content).</summary>
    private static bool IsIgnored(string path) =>
        path.Split('/').Any(part => part.StartsWith('.')) || (!path.Contains('/') && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase));

    /// <summary>A zip made from the folder itself has every path under "content/": strip that shared folder.</summary>
    private static string CommonRoot(List<ContentFile> files)
    {
        if (files.Count == 0 || files.Any(f => !f.Path.Contains('/')))
        {
            return "";
        }

        var first = files[0].Path[..(files[0].Path.IndexOf('/') + 1)];
        var known = new[] { "regulations/", "courses/", "questions/", "exams/", "commitments/" };
        return !known.Contains(first) && files.All(f => f.Path.StartsWith(first, StringComparison.Ordinal)) ? first : "";
    }
}
