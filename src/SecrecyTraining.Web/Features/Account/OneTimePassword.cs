using System.Security.Cryptography;

namespace SecrecyTraining.Web.Features.Account;

/// <summary>Passwords handed out by someone else (CLI, administrator, HR): printable, without look-alike characters.</summary>
public static class OneTimePassword
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public const int Length = 12;

    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
}
