using EduCounty.Common;
using EduCounty.Common.Protection;

namespace EduCounty.Registry;

/// <summary>
/// 学籍号 handling: the national form "G" + 身份证号 embeds personal data (codes.md §11), so such a
/// number is stored encrypted, looked up by keyed hash and shown masked; "L"/"J" forms stay plain.
/// </summary>
public static class StudentNumbers
{
    public static bool EmbedsIdNumber(string number) =>
        number.Length == 19 && (number[0] is 'G' or 'g') && IdNumber.IsValid(number[1..]);

    public static string Display(string number) =>
        EmbedsIdNumber(number) ? string.Concat("G", IdNumber.Mask(number[1..])) : number;

    public static (string Display, string Hash, byte[] Cipher) Protect(PersonalDataProtector protector, string number)
    {
        var n = number.Trim().ToUpperInvariant();
        return (Display(n), protector.LookupHash(n), protector.Encrypt(n));
    }
}
