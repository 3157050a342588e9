using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SecrecyTraining.Web.Features.Certificates;

namespace SecrecyTraining.Tests.Unit;

public sealed class CertificateSignerTests
{
    private static readonly CertificateFields Fields = new("BM-2026-000042", "100302", "张伟", "上岗保密培训合格", new(2026, 1, 10), new(2027, 1, 10));

    [Fact]
    public void ASignedCodeVerifiesAndCarriesTheFields()
    {
        var signer = NewSigner();

        var result = signer.Verify(signer.Sign(Fields));

        Assert.True(result.IsValid);
        Assert.Equal(Fields, result.Fields);
    }

    [Fact]
    public void TheWholeVerificationUrlIsAcceptedToo()
    {
        var signer = NewSigner();

        Assert.True(signer.Verify("http://10.1.1.5/verify?c=" + signer.Sign(Fields)).IsValid);
    }

    [Fact]
    public void AnAlteredFieldOrAnotherKeysSignatureIsRejected()
    {
        var signer = NewSigner();
        var code = signer.Sign(Fields);
        var payload = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code.Split('.')[0]));
        var altered = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(payload.Replace("2027-01-10", "2029-01-10", StringComparison.Ordinal))) + "." + code.Split('.')[1];

        Assert.Equal(VerificationProblem.BadSignature, signer.Verify(altered).Problem);
        Assert.Equal(VerificationProblem.UnknownKey, NewSigner().Verify(code).Problem);
        Assert.Equal(VerificationProblem.Malformed, signer.Verify("not-a-code").Problem);
        Assert.Equal(VerificationProblem.Malformed, signer.Verify("%%%.###").Problem);
    }

    [Fact]
    public void ARetiredKeyStillVerifiesTheCertificatesItSigned()
    {
        var old = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var oldCode = new CertificateSigner(old, []).Sign(Fields);
        var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(old.ExportSubjectPublicKeyInfo(), out _);

        var rotated = new CertificateSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256), [publicOnly]);

        Assert.True(rotated.Verify(oldCode).IsValid);
    }

    [Fact]
    public void TheKeyIsCreatedOnceAndReusedAfterARestart()
    {
        var dir = Directory.CreateTempSubdirectory("secrecy-keys-").FullName;
        try
        {
            var path = Path.Combine(dir, "keys", "certificate-signing.pem");
            var first = CertificateSigner.FromFiles(path, Path.Combine(dir, "retired"));
            var second = CertificateSigner.FromFiles(path, Path.Combine(dir, "retired"));

            Assert.Equal(first.KeyId, second.KeyId);
            Assert.True(second.Verify(first.Sign(Fields)).IsValid);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path)); // the private key is the owner's only
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static CertificateSigner NewSigner() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), []);
}
