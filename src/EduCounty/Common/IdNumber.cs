namespace EduCounty.Common;

/// <summary>
/// 居民身份证号码 per GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence
/// (odd = male, even = female) and a check character computed with ISO 7064 MOD 11-2.
/// </summary>
public static class IdNumber
{
    // GB 11643-1999 §7: weights W_i = 2^(17-i) mod 11 for positions 1..17.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // Check character for (sum mod 11) = 0..10.
    private const string CheckChars = "10X98765432";

    public static char ComputeCheckChar(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("需要 17 位本体码", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if (d is < 0 or > 9)
            {
                throw new ArgumentException("本体码必须为数字", nameof(first17));
            }
            sum += d * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <summary>Returns null when valid, otherwise the Chinese reason.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "身份证号为空";
        }
        var v = value.Trim().ToUpperInvariant();
        if (v.Length != 18)
        {
            return $"身份证号应为 18 位，实际 {v.Length} 位";
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(v[i]))
            {
                return $"身份证号第 {i + 1} 位不是数字";
            }
        }
        if (!char.IsAsciiDigit(v[17]) && v[17] != 'X')
        {
            return "身份证号末位应为数字或 X";
        }
        if (BirthDate(v) is null)
        {
            return "身份证号中的出生日期无效";
        }
        var expected = ComputeCheckChar(v.AsSpan(0, 17));
        return expected == v[17] ? null : $"身份证号校验码错误（应为 {expected}）";
    }

    public static bool IsValid(string? value) => Validate(value) is null;

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static DateOnly? BirthDate(string value)
    {
        if (value.Length < 14)
        {
            return null;
        }
        if (int.TryParse(value.AsSpan(6, 4), out var y) && int.TryParse(value.AsSpan(10, 2), out var m)
            && int.TryParse(value.AsSpan(12, 2), out var d) && y >= 1900 && m is >= 1 and <= 12
            && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return new DateOnly(y, m, d);
        }
        return null;
    }

    /// <summary>Sex from the sequence code: odd = male (GB 11643 §5.3.3).</summary>
    public static Sex SexOf(string value) => (value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>Builds a valid number from its parts (used by the synthetic demo county).</summary>
    public static string Compose(string addressCode, DateOnly birth, int sequence)
    {
        var body = $"{addressCode}{birth:yyyyMMdd}{sequence:D3}";
        return body + ComputeCheckChar(body);
    }

    /// <summary>Masks for screen and export: 6523**********123X (first 4 and last 4 shown).</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        if (value.Length <= 8)
        {
            return new string('*', value.Length);
        }
        return string.Concat(value.AsSpan(0, 4), new string('*', value.Length - 8), value.AsSpan(value.Length - 4));
    }
}
