using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecrecyTraining.Web.Infrastructure;

/// <summary>
/// The certificate that encrypts the Data Protection keys (sign-in cookies, anti-forgery tokens) before they are stored in
/// the database, so a copy of the database — a backup, a dump — does not hold them in clear. It is a file beside the
/// signing key, <c>&lt;data directory&gt;/keys/data-protection.pfx</c> (or <c>DataProtection:CertificatePath</c>, with
/// <c>DataProtection:CertificatePassword</c> when it has one), created on the first run readable by the owner only.
/// Several nodes must share it, as they share the signing key. docs/operations.md, "Keys".
/// </summary>
public static class KeyEncryption
{
    public static string PathOf(IConfiguration configuration, AppStorage storage) =>
        configuration["DataProtection:CertificatePath"] is { Length: > 0 } configured
            ? configured
            : storage.PathFor(Path.Combine("keys", "data-protection.pfx"));

    public static X509Certificate2 LoadOrCreate(IConfiguration configuration, AppStorage storage)
    {
        var path = PathOf(configuration, storage);
        var password = configuration["DataProtection:CertificatePassword"];
        if (!File.Exists(path))
        {
            Create(path, password);
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The Data Protection certificate {path} cannot be read ({e.Message}); is DataProtection:CertificatePassword right?", e);
        }
    }

    /// <summary>A self-signed RSA certificate, written all at once; a node that loses the race to create it uses the winner's.</summary>
    private static void Create(string path, string? password)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=SecrecyTraining Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        PrivateFiles.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx, password));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
