using System.Text.RegularExpressions;

namespace SecrecyTraining.Web.Infrastructure;

/// <summary>
/// A checked upload waiting (owner-only, in the data directory's uploads/) for the commit that approves it: the roster,
/// the Excel 题库 and the content upload are each previewed first and applied from the same bytes. The token names the
/// file; one nobody committed within <see cref="Lifetime"/> is deleted (it may hold names and numbers).
/// </summary>
public sealed partial class PendingUploads(AppStorage storage)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Keeps <paramref name="content"/> under <paramref name="kind"/> (roster, questions, content); returns its token.</summary>
    public async Task<string> SaveAsync(string kind, string extension, byte[] content, CancellationToken ct = default)
    {
        var token = Guid.NewGuid().ToString("N") + extension.ToLowerInvariant();
        var uploads = storage.PathFor("uploads");
        PrivateFiles.CreateDirectory(uploads);
        DeleteAbandoned(uploads, DateTime.UtcNow);
        await PrivateFiles.WriteAllBytesAsync(Path.Combine(uploads, $"{kind}-{token}"), content, ct);
        return token;
    }

    /// <summary>The bytes of a pending upload, or null when the token is malformed, expired or already used.</summary>
    public async Task<byte[]?> ReadAsync(string kind, string? token, CancellationToken ct = default) =>
        PathOf(kind, token) is { } path && File.Exists(path) && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) <= Lifetime
            ? await File.ReadAllBytesAsync(path, ct)
            : null;

    /// <summary>
    /// Takes the pending upload for its one commit: the file is moved aside first, so a second click (or a second tab)
    /// finds it gone and commits nothing. Null when the token is malformed, expired or already taken.
    /// </summary>
    public async Task<byte[]?> ClaimAsync(string kind, string? token, CancellationToken ct = default)
    {
        if (PathOf(kind, token) is not { } path || !File.Exists(path) || DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > Lifetime)
        {
            return null;
        }

        var claimed = path + ".claimed-" + Guid.NewGuid().ToString("N");
        try
        {
            File.Move(path, claimed);
        }
        catch (IOException)
        {
            return null; // taken a moment ago
        }

        try
        {
            return await File.ReadAllBytesAsync(claimed, ct);
        }
        finally
        {
            File.Delete(claimed);
        }
    }

    public void Delete(string kind, string token)
    {
        if (PathOf(kind, token) is { } path)
        {
            File.Delete(path);
        }
    }

    /// <summary>Deletes the uploads nobody committed within <see cref="Lifetime"/>.</summary>
    public static void DeleteAbandoned(string uploads, DateTime utcNow)
    {
        foreach (var file in Directory.EnumerateFiles(uploads).Where(f => utcNow - File.GetLastWriteTimeUtc(f) > Lifetime))
        {
            File.Delete(file);
        }
    }

    private string? PathOf(string kind, string? token) =>
        token is not null && Token().IsMatch(token) ? storage.PathFor(Path.Combine("uploads", $"{kind}-{token}")) : null;

    [GeneratedRegex(@"^[0-9a-f]{32}\.(csv|xlsx|zip|gift|txt)$")]
    private static partial Regex Token();
}
