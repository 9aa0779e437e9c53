namespace EduCounty.Common;

/// <summary>
/// 学校标识码: 10 digits = 2-digit 学校类别码 + 2-digit 省级区划码 + 6-digit 序号
/// (教育部《学校(机构)代码管理办法》2011; see shared/reference/codes.md §2).
/// </summary>
public static class SchoolCode
{
    // 学校类别码 (codes.md §2): 11 幼儿园 … 51 特殊教育, 91–93 其他机构.
    private static readonly HashSet<string> Categories =
        ["11", "21", "22", "31", "32", "33", "34", "35", "36", "37", "41", "42", "51", "91", "92", "93"];

    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "学校标识码为空";
        }
        var v = value.Trim();
        if (v.Length != 10 || !v.All(char.IsAsciiDigit))
        {
            return "学校标识码应为 10 位数字";
        }
        if (!Categories.Contains(v[..2]))
        {
            return $"学校标识码前两位“{v[..2]}”不是有效的学校类别码";
        }
        var province = int.Parse(v.AsSpan(2, 2));
        if (province is < 11 or > 82)
        {
            return $"学校标识码第 3–4 位“{v.Substring(2, 2)}”不是有效的省级区划码";
        }
        return null;
    }

    public static bool IsValid(string? value) => Validate(value) is null;

    /// <summary>The 学校类别码 a school of this type carries (the first two digits of its 办学类型 code).</summary>
    public static string CategoryFor(SchoolType type) => ((int)type / 10).ToString("D2");
}
