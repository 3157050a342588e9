namespace SecrecyTraining.Web.Infrastructure;

/// <summary>
/// Files and directories only the service account may read: the data directory 0700; the database, keys, backups and
/// uploads 0600 — created with that mode, so there is no moment in which they are readable by others. (On Windows the
/// directory's ACL applies instead.)
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory 0700 (its missing parents too), or takes group and other access away from an existing one.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (Directory.Exists(path))
        {
            if ((File.GetUnixFileMode(path) & ~DirectoryMode) != 0)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) & DirectoryMode);
            }

            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>A new empty file, 0600 from its first moment (fails when it exists).</summary>
    public static void CreateEmpty(string path)
    {
        using var _ = new FileStream(path, Options(System.IO.FileMode.CreateNew));
    }

    /// <summary>Writes the bytes to a new or replaced file created 0600.</summary>
    public static async Task WriteAllBytesAsync(string path, byte[] content, CancellationToken ct = default)
    {
        await using var stream = new FileStream(path, Options(System.IO.FileMode.Create));
        await stream.WriteAsync(content, ct);
    }

    /// <summary>Writes the bytes to a new or replaced file created 0600.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
        using var stream = new FileStream(path, Options(System.IO.FileMode.Create));
        stream.Write(content);
    }

    /// <summary>Writes the text (UTF-8) to a new or replaced file created 0600.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var stream = new FileStream(path, Options(System.IO.FileMode.Create));
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
