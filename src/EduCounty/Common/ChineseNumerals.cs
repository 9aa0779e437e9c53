using System.Globalization;

namespace EduCounty.Common;

/// <summary>Chinese numerals as documents and grade names write them: 一…九, 十, 十一…九十九 (公文 headings "（十二）").</summary>
public static class ChineseNumerals
{
    private static readonly string[] Digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1–99 in Chinese characters; other numbers in Arabic digits.</summary>
    public static string Of(int n) => n switch
    {
        >= 1 and <= 9 => Digits[n],
        10 => "十",
        > 10 and < 20 => "十" + Digits[n % 10],
        >= 20 and <= 99 => Digits[n / 10] + "十" + Digits[n % 10],
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
