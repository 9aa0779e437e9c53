using System.Security.Cryptography;

namespace EduCounty.Security;

/// <summary>
/// A random one-time password (set by someone else, changed at the first sign-in; docs/adr/0015): 14 characters with
/// at least one upper-case letter, lower-case letter, digit and symbol, so it meets 等保 三级's three-of-four classes,
/// from alphabets without look-alikes (no I/l/1, O/0).
/// </summary>
public static class OneTimePassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%^*-_+=";

    /// <summary>A new password.</summary>
    public static string New()
    {
        const string all = Upper + Lower + Digits + Symbols;
        var chars = new List<char> { Pick(Upper), Pick(Lower), Pick(Digits), Pick(Symbols) };
        while (chars.Count < 14)
        {
            chars.Add(Pick(all));
        }
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(1000))]);
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
}
