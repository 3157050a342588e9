using System.CommandLine;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Cli;

internal static class UserCommands
{
    public static Command Create(CliHost host) => new("users", "Sign-in accounts.")
    {
        Add(host),
        ResetPassword(host),
        SetRoles(host),
        Disable(host),
        Enable(host),
    };

    private static Command Add(CliHost host)
    {
        var employeeNumber = new Argument<string>("employee-no") { Description = "Employee number; it is the sign-in name." };
        var name = new Option<string>("--name") { Description = "The person's name.", Required = true };
        var roles = RoleOption();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the initial password from standard input instead of generating one." };

        var command = new Command("add", "Create an account. Prints a one-time password unless --password-stdin is given; either way it must be changed at first sign-in.")
        {
            employeeNumber, name, roles, passwordStdin,
        };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, _) =>
        {
            string? password = null;
            if (parsed.GetValue(passwordStdin))
            {
                password = (await host.Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    await host.Console.Error.WriteLineAsync("No password on standard input.");
                    return 1;
                }
            }

            var number = parsed.GetRequiredValue(employeeNumber);
            var result = await services.GetRequiredService<AccountProvisioning>()
                .CreateAsync(AccountProvisioning.CommandLineActor, number, parsed.GetRequiredValue(name), parsed.GetRequiredValue(roles), password);
            return await ReportAsync(host.Console, result, result.PersonId is null
                ? $"Created account {number}. No staff record has this employee number: the account signs in, but takes no training until HR's roster lists the person."
                : $"Created account {number} for its staff record.");
        }, ct));
        return command;
    }

    private static Command SetRoles(CliHost host)
    {
        var employeeNumber = new Argument<string>("employee-no") { Description = "The account whose roles change." };
        var roles = RoleOption();
        var command = new Command("roles", "Give the account exactly these roles (audited).") { employeeNumber, roles };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, _) =>
        {
            var number = parsed.GetRequiredValue(employeeNumber);
            var result = await services.GetRequiredService<AccountProvisioning>()
                .SetRolesAsync(AccountProvisioning.CommandLineActor, number, parsed.GetRequiredValue(roles));
            return await ReportAsync(host.Console, result, $"Roles of {number}: {string.Join(", ", parsed.GetRequiredValue(roles))}.");
        }, ct));
        return command;
    }

    private static Option<string[]> RoleOption()
    {
        var roles = new Option<string[]>("--role") { Description = $"A role ({string.Join(" | ", Roles.All)}); repeat for several.", Required = true };
        roles.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => Roles.Normalize(t.Value) is null))
            {
                result.AddError($"Unknown role '{token.Value}'. Roles: {string.Join(", ", Roles.All)}.");
            }
        });
        return roles;
    }

    private static Command ResetPassword(CliHost host) => OnOneAccount(host, "reset-password", "Give the account a new one-time password and lift a lockout.",
        (accounts, _, number) => accounts.ResetPasswordAsync(AccountProvisioning.CommandLineActor, number), number => $"Password of {number} reset.");

    private static Command Disable(CliHost host) => OnOneAccount(host, "disable", "Disable the account: it cannot sign in, its sessions end within a minute (audited).",
        (accounts, services, number) => accounts.DisableAsync(AccountProvisioning.CommandLineActor, number, services.GetRequiredService<TimeProvider>().GetUtcNow()),
        number => $"Account {number} disabled.");

    private static Command Enable(CliHost host) => OnOneAccount(host, "enable", "Let a disabled account sign in again (audited).",
        (accounts, _, number) => accounts.EnableAsync(AccountProvisioning.CommandLineActor, number), number => $"Account {number} enabled.");

    /// <summary>A verb that does one thing to the account named by its argument and reports it.</summary>
    private static Command OnOneAccount(
        CliHost host, string name, string description, Func<AccountProvisioning, IServiceProvider, string, Task<ProvisioningResult>> act, Func<string, string> success)
    {
        var employeeNumber = new Argument<string>("employee-no") { Description = "The account's employee number." };
        var command = new Command(name, description) { employeeNumber };
        command.SetAction((parsed, ct) => host.RunAsync(async (services, _) =>
        {
            var number = parsed.GetRequiredValue(employeeNumber);
            var result = await act(services.GetRequiredService<AccountProvisioning>(), services, number);
            return await ReportAsync(host.Console, result, success(number));
        }, ct));
        return command;
    }

    private static async Task<int> ReportAsync(CliConsole console, ProvisioningResult result, string success)
    {
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync(error);
            }

            return 1;
        }

        await console.Out.WriteLineAsync(success);
        if (result.OneTimePassword is not null)
        {
            await console.Out.WriteLineAsync($"One-time password: {result.OneTimePassword}");
        }

        await console.Out.WriteLineAsync("The password must be changed at the first sign-in.");
        return 0;
    }
}
