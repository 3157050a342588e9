using System.IO.Compression;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// Guards against decompression bombs in uploaded archives (content zips, and .xlsx rosters, which are zips): the sizes
/// the archive declares must add up to at most the limit, and reading an entry stops at what it declared.
/// </summary>
public static class ZipLimits
{
    /// <summary>False when the archive declares more than <paramref name="maxBytes"/> of content (a file that is not a zip is left to its reader to refuse).</summary>
    public static bool DeclaresAtMost(byte[] archive, long maxBytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > maxBytes - total) // never overflows, whatever size an entry declares
                {
                    return false;
                }

                total += entry.Length;
            }

            return true;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

    /// <summary>An entry's bytes, refusing an entry that inflates beyond the size it declared.</summary>
    public static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new MemoryStream((int)Math.Min(entry.Length, 16 * 1024 * 1024));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > entry.Length)
            {
                throw new InvalidDataException($"Zip entry '{entry.FullName}' inflates beyond the {entry.Length} bytes it declares.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
