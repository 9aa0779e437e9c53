using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Fitness;

/// <summary>
/// The table rows that decided an item's score, in words for the 体质健康档案 (issue 21 §7): "男生小学一年级：≥ 1700
/// 毫升得 100 分；权重 15%". The rows themselves (file and line) stay in <see cref="ItemScore.Provenance"/> for the CLI.
/// </summary>
public static class FitnessProvenance
{
    public static string Words(this FitnessStandard standard, ItemScore s, Sex sex, string grade)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(s);
        var info = standard.Item(s.Item);
        var gradeName = standard.Grades.FirstOrDefault(g => g.Code == grade)?.NameZh ?? Common.Grades.Label(grade);
        var who = $"{(sex == Sex.Male ? "男" : "女")}生{gradeName}";
        var text = $"{who}：{Score(standard, info, s, sex, grade)}；权重 {N(s.Weight * 100)}%";
        if (s.BonusSource is { } source && standard.Bonus(s.Item, sex, grade)?.Levels.FirstOrDefault(l => l.Source == source) is { } b)
        {
            text += $"；{Compare(info)} {N(b.Threshold)} {info.UnitZh}加 {b.Bonus} 分";
        }
        return text;
    }

    private static string Score(FitnessStandard standard, FitnessItemInfo info, ItemScore s, Sex sex, string grade)
    {
        if (s.Item == FitnessItem.Bmi)
        {
            var band = standard.BmiBands(sex, grade).FirstOrDefault(b => b.Source == s.Source);
            return band is null ? $"{s.Score} 分" : $"体重指数{band.Category}（{Range(band.Min, band.Max)}）得 {band.Score} 分";
        }
        var level = standard.Scores(s.Item, sex, grade)?.Levels.FirstOrDefault(l => l.Source == s.Source);
        if (level is null)
        {
            return $"{s.Score} 分";
        }
        var row = $"{Compare(info)} {N(level.Threshold)} {info.UnitZh}得 {level.Score} 分";
        return s.BelowTable ? $"未达最低档（{row}），得 0 分" : row;
    }

    private static string Compare(FitnessItemInfo info) => info.LowerIsBetter ? "≤" : "≥";

    private static string Range(decimal? min, decimal? max) =>
        (min, max) switch
        {
            (null, { } hi) => $"≤ {N(hi)}",
            ({ } lo, null) => $"≥ {N(lo)}",
            ({ } lo, { } hi) => $"{N(lo)}–{N(hi)}",
            _ => "全部",
        };

    private static string N(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
