using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Web.Cli;

internal static class CertificateCommands
{
    public static Command Create(CliHost host) =>
        new("certificates", "Check certificates and export the verification key.")
        {
            Verify(host),
            PublicKey(host),
            RotateKey(host),
        };

    /// <summary>Replaces the signing key; the old public key is kept, so every certificate issued so far still verifies.</summary>
    private static Command RotateKey(CliHost host)
    {
        var command = new Command("rotate-key", "Retire the certificate signing key and create a new one (old certificates stay verifiable). Restart every node afterwards.");
        command.SetAction((parsed, ct) => host.RunAsync(async (services, token) =>
        {
            var (keyPath, retired) = CertificateSigner.Paths(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<AppStorage>());
            if (!File.Exists(keyPath))
            {
                await host.Console.Error.WriteLineAsync($"There is no signing key at {keyPath}: nothing to rotate. Run the verb with the application's configuration (data directory or Certificates:SigningKeyPath).");
                return 1;
            }

            var (old, created) = CertificateSigner.Rotate(keyPath, retired);
            await services.GetRequiredService<Features.Audit.AuditLog>()
                .AppendAsync(Features.Account.AccountProvisioning.CommandLineActor, "certificate.key-rotated", created, $"retired {old}", token);
            await host.Console.Out.WriteLineAsync($"New signing key {created} in {keyPath}; the retired key {old} stays in {retired} and still verifies the certificates it signed.");
            await host.Console.Out.WriteLineAsync("Restart the application (every node, which must share the key file) to sign with the new key; give verifiers the new public key (certificates public-key).");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>
    /// Checks a code or verification URL offline (signature and fields, no database needed); when the database can be
    /// reached it also prints the certificate's current status. Exit 0 = genuine, 1 = forged/altered/unknown.
    /// </summary>
    private static Command Verify(CliHost host)
    {
        var code = new Argument<string>("code") { Description = "The code, or the whole URL from the certificate's QR code (…/verify?c=…)." };
        var key = new Option<string?>("--public-key") { Description = "A PEM public key file (default: the configured signing key)." };
        var command = new Command("verify", "Check a certificate's verification code offline and print its fields.") { code, key };
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, token) =>
        {
            var signer = CertificateSigner.ForVerification(parsed.GetValue(key), services.GetRequiredService<IConfiguration>(), services.GetRequiredService<AppStorage>());
            if (signer is null)
            {
                await host.Console.Error.WriteLineAsync("No certificate key found: pass --public-key FILE (the PEM from `certificates public-key`).");
                return 1;
            }

            var result = signer.Verify(parsed.GetValue(code)!);
            if (!result.IsValid)
            {
                await host.Console.Error.WriteLineAsync(result.Problem switch
                {
                    VerificationProblem.Malformed => "INVALID: the code is malformed.",
                    VerificationProblem.UnknownKey => "INVALID: the code was not signed by a known key.",
                    _ => "INVALID: the signature does not match — the certificate is forged or altered.",
                });
                return 1;
            }

            var f = result.Fields!;
            var output = host.Console.Out;
            await output.WriteLineAsync("Signature: valid");
            await output.WriteLineAsync($"Number:      {f.Number}");
            await output.WriteLineAsync($"Holder:      {f.HolderName} ({f.EmployeeNumber})");
            await output.WriteLineAsync($"Type:        {f.TypeName}");
            await output.WriteLineAsync($"Issued:      {f.IssuedOn:yyyy-MM-dd}");
            await output.WriteLineAsync($"Valid until: {f.ValidUntil:yyyy-MM-dd}");
            await output.WriteLineAsync($"Status:      {await StatusAsync(services, f.Number, token)}");
            return 0;
        }, ct));
        return command;
    }

    private static Command PublicKey(CliHost host)
    {
        var command = new Command("public-key", "Print the public key (PEM) that verifies this installation's certificates.");
        command.SetAction((parsed, ct) => host.RunWithoutDatabaseAsync(async (services, _) =>
        {
            await host.Console.Out.WriteAsync(services.GetRequiredService<CertificateSigner>().PublicKeyPem());
            await host.Console.Out.WriteLineAsync();
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The current status from the database, or a note that it could not be reached (the check stays offline).</summary>
    private static async Task<string> StatusAsync(IServiceProvider services, string number, CancellationToken ct)
    {
        try
        {
            var certifications = services.GetRequiredService<CertificationAdministration>();
            var record = await certifications.FindByNumberAsync(number, ct);
            return record is null
                ? "no record in the database"
                : $"{record.Status} ({Domain.CertificationStatusNames.ChineseName(record.Status)})"
                  + (record.Certification.RevocationReason is { } why ? " — " + why : "");
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            return "unknown (database not reachable; the signature check above needs none)";
        }
    }
}
