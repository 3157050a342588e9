using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SecrecyTraining.Web.Features.Certificates;

/// <summary>The fields a certificate's verification code signs, in their canonical order.</summary>
public sealed record CertificateFields(
    string Number, string EmployeeNumber, string HolderName, string TypeName, DateOnly IssuedOn, DateOnly ValidUntil)
{
    private const string Format = "yyyy-MM-dd";

    /// <summary>The canonical text: version 1, the key id, then the fields separated by '|' ('|' cannot occur in them).</summary>
    internal string Canonical(string keyId) => string.Join('|',
        "1", keyId, Number, EmployeeNumber, HolderName.Replace('|', '/'), TypeName.Replace('|', '/'),
        IssuedOn.ToString(Format, CultureInfo.InvariantCulture), ValidUntil.ToString(Format, CultureInfo.InvariantCulture));

    internal static (string KeyId, CertificateFields Fields)? Parse(string canonical)
    {
        var parts = canonical.Split('|');
        if (parts.Length != 8 || parts[0] != "1"
            || !DateOnly.TryParseExact(parts[6], Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var issued)
            || !DateOnly.TryParseExact(parts[7], Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
        {
            return null;
        }

        return (parts[1], new CertificateFields(parts[2], parts[3], parts[4], parts[5], issued, until));
    }
}

public enum VerificationProblem
{
    None,
    Malformed,
    UnknownKey,
    BadSignature,
}

public sealed record VerificationResult(VerificationProblem Problem, CertificateFields? Fields)
{
    public bool IsValid => Problem == VerificationProblem.None;
}

/// <summary>
/// Signs certificates with an ECDSA P-256 key and checks codes. A code is <c>base64url(canonical fields).base64url(signature)</c>
/// (the 64-byte IEEE P1363 form), so it carries the fields and can be checked offline with the public key alone.
/// The key is generated on the first run in the data directory (<c>keys/certificate-signing.pem</c>) unless
/// <c>Certificates:SigningKeyPath</c> names one; public keys of retired signing keys in <c>keys/certificate-retired/*.pem</c>
/// keep old certificates verifiable after a rotation.
/// </summary>
public sealed class CertificateSigner
{
    private readonly ECDsa signingKey;
    private readonly Dictionary<string, ECDsa> verifyingKeys = new(StringComparer.Ordinal);

    public string KeyId { get; }

    public CertificateSigner(ECDsa signingKey, IEnumerable<ECDsa> retiredPublicKeys)
    {
        this.signingKey = signingKey;
        KeyId = IdOf(signingKey);
        verifyingKeys[KeyId] = signingKey;
        foreach (var key in retiredPublicKeys)
        {
            verifyingKeys.TryAdd(IdOf(key), key);
        }
    }

    /// <summary>Loads the signing key from <paramref name="keyPath"/>, creating it (readable by the owner only) when missing.</summary>
    public static CertificateSigner FromFiles(string keyPath, string retiredDirectory)
    {
        var key = ECDsa.Create();
        if (File.Exists(keyPath))
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            if (!WriteKeyFile(key, keyPath, overwrite: false))
            {
                // Another process starting at the same time created it first; its key wins.
                key.ImportFromPem(File.ReadAllText(keyPath));
            }
        }

        return new CertificateSigner(key, RetiredKeys(retiredDirectory));
    }

    /// <summary>
    /// A verifier only (for <c>certificates verify</c>): the given public key file, or the configured key if it exists.
    /// Never creates a key; null when there is none.
    /// </summary>
    public static CertificateSigner? ForVerification(string? publicKeyFile, IConfiguration configuration, Infrastructure.AppStorage storage)
    {
        var (keyPath, retired) = Paths(configuration, storage);
        var path = publicKeyFile ?? keyPath;
        if (!File.Exists(path))
        {
            return null;
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new CertificateSigner(key, RetiredKeys(retired));
    }

    public static CertificateSigner FromConfiguration(IConfiguration configuration, Infrastructure.AppStorage storage)
    {
        var (keyPath, retired) = Paths(configuration, storage);
        return FromFiles(keyPath, retired);
    }

    /// <summary>The signing key file (<c>Certificates:SigningKeyPath</c> or the data directory's) and the retired keys' directory.</summary>
    public static (string KeyPath, string RetiredDirectory) Paths(IConfiguration configuration, Infrastructure.AppStorage storage)
    {
        var configured = configuration["Certificates:SigningKeyPath"];
        return (string.IsNullOrWhiteSpace(configured) ? storage.PathFor(Path.Combine("keys", "certificate-signing.pem")) : configured,
            storage.PathFor(Path.Combine("keys", "certificate-retired")));
    }

    /// <summary>
    /// Retires the signing key at <paramref name="keyPath"/> (its public half goes to <paramref name="retiredDirectory"/>, so
    /// certificates it signed stay verifiable) and puts a new one in its place. Returns the old and new key ids.
    /// </summary>
    public static (string Old, string New) Rotate(string keyPath, string retiredDirectory)
    {
        if (!File.Exists(keyPath))
        {
            throw new FileNotFoundException($"There is no signing key at {keyPath}: nothing to rotate (is this the application's data directory or Certificates:SigningKeyPath?).", keyPath);
        }

        var old = FromFiles(keyPath, retiredDirectory);
        Directory.CreateDirectory(retiredDirectory);
        File.WriteAllText(Path.Combine(retiredDirectory, old.KeyId + ".pem"), old.PublicKeyPem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        WriteKeyFile(key, keyPath, overwrite: true);
        return (old.KeyId, IdOf(key));
    }

    /// <summary>Writes the private key readable by the owner only, all at once (a temporary file moved into place); false when the file exists and may not be overwritten.</summary>
    private static bool WriteKeyFile(ECDsa key, string keyPath, bool overwrite)
    {
        Infrastructure.PrivateFiles.CreateDirectory(Path.GetDirectoryName(keyPath)!);
        var temporary = keyPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        Infrastructure.PrivateFiles.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());

        try
        {
            File.Move(temporary, keyPath, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite)
        {
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>The public key in PEM form, to hand to whoever verifies certificates offline.</summary>
    public string PublicKeyPem() => signingKey.ExportSubjectPublicKeyInfoPem();

    private static List<ECDsa> RetiredKeys(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.pem").Order(StringComparer.Ordinal).Select(path =>
            {
                var k = ECDsa.Create();
                k.ImportFromPem(File.ReadAllText(path));
                return k;
            })]
            : [];

    public string Sign(CertificateFields fields)
    {
        var payload = Encoding.UTF8.GetBytes(fields.Canonical(KeyId));
        var signature = signingKey.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(signature);
    }

    /// <summary>Checks a code, or a whole verification URL (<c>…/verify?c=CODE</c>).</summary>
    public VerificationResult Verify(string codeOrUrl)
    {
        var code = CodeOf(codeOrUrl);
        var dot = code.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == code.Length - 1)
        {
            return new(VerificationProblem.Malformed, null);
        }

        byte[] payload, signature;
        try
        {
            payload = WebEncoders.Base64UrlDecode(code[..dot]);
            signature = WebEncoders.Base64UrlDecode(code[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return new(VerificationProblem.Malformed, null);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return new(VerificationProblem.Malformed, null);
        }

        if (CertificateFields.Parse(text) is not var (keyId, fields))
        {
            return new(VerificationProblem.Malformed, null);
        }

        if (!verifyingKeys.TryGetValue(keyId, out var key))
        {
            return new(VerificationProblem.UnknownKey, null);
        }

        return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? new(VerificationProblem.None, fields)
            : new(VerificationProblem.BadSignature, null);
    }

    /// <summary>The code part of a verification URL, or the text itself.</summary>
    public static string CodeOf(string codeOrUrl)
    {
        var text = codeOrUrl.Trim();
        var query = text.IndexOf("?c=", StringComparison.Ordinal) is var q and >= 0 ? q : text.IndexOf("&c=", StringComparison.Ordinal);
        if (query >= 0)
        {
            text = Uri.UnescapeDataString(text[(query + 3)..].Split('&')[0]);
        }

        return text;
    }

    /// <summary>A key's id: the first 8 hex digits of the SHA-256 of its public key (SubjectPublicKeyInfo).</summary>
    public static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..8];
}
