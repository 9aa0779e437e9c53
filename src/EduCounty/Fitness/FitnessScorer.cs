using System.Collections.Immutable;
using EduCounty.Common;

namespace EduCounty.Fitness;

/// <summary>
/// Scores a <see cref="FitnessResult"/> by 国家学生体质健康标准（2014年修订）, following
/// shared/reference/fitness-standard-2014/README.md. All arithmetic is in decimal, so table bounds compare exactly.
/// </summary>
public sealed class FitnessScorer(FitnessStandard standard)
{
    /// <summary>附加分 is at most 20 (README "Bonus points and totals"; 标准 第六条).</summary>
    public const decimal MaxBonus = 20m;

    /// <summary>标准分 is at most 100 (README "Bonus points and totals").</summary>
    public const decimal MaxStandard = 100m;

    /// <summary>学年总分 is at most 120 (README "Bonus points and totals").</summary>
    public const decimal MaxTotal = 120m;

    /// <summary>毕业成绩 below this gives 结业/肄业 for 高中、中职 and university graduates (README "Other rules").</summary>
    public const decimal CompletionThreshold = 50m;

    private static readonly Lazy<FitnessScorer> Embedded = new(() => new FitnessScorer(FitnessStandard.Default));

    public static FitnessScorer Default => Embedded.Value;

    public FitnessStandard Standard { get; } = standard ?? throw new ArgumentNullException(nameof(standard));

    /// <summary>Rounds half up (away from zero) to one decimal, as README "BMI" and "ratings" (source A) do.</summary>
    public static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>Scores one student. Throws <see cref="RuleException"/> when the input cannot be scored.</summary>
    public FitnessScore Score(FitnessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var g = Standard.GradeIndex(result.Grade);
        if (g < 0)
        {
            throw new RuleException($"未知年级代码“{result.Grade}”");
        }
        if (result.Sex is not (Sex.Male or Sex.Female))
        {
            throw new RuleException($"性别代码“{(int)result.Sex}”无效");
        }

        var weights = Standard.Weights(result.Sex, g);
        var items = ImmutableArray.CreateBuilder<ItemScore>(weights.Length);
        decimal standardScore = 0, bonusScore = 0, bmi = 0;
        var bmiCategory = string.Empty;
        foreach (var w in weights)
        {
            ItemScore item;
            if (w.Item == FitnessItem.Bmi)
            {
                // README "BMI": weight/height² rounded to 0.1 (half up) first, then the band with min ≤ BMI ≤ max.
                var raw = result.Measurement(FitnessItem.Bmi)
                    ?? throw new RuleException("缺少身高或体重，无法计算 BMI");
                bmi = Round1(raw);
                var band = FindBand(Standard.BmiBands(result.Sex, g), bmi)
                    ?? throw new RuleException($"BMI {bmi} 不在 bmi.csv 的任何区间内");
                bmiCategory = band.Category;
                item = new ItemScore(FitnessItem.Bmi, bmi, band.Score, w.Weight, 0, band.Source, w.Source, null);
            }
            else
            {
                var value = result.Measurement(w.Item)
                    ?? throw new RuleException($"缺少必测项目“{Standard.Item(w.Item).NameZh}”");
                var table = Standard.Scores(w.Item, result.Sex, g)!;
                var level = table.Lookup(value);
                var score = level?.Score ?? 0;
                BonusLevel? bonus = null;
                // README "Bonus points": only when the item itself scores 100; the table's top level is the per-item cap.
                if (score == 100)
                {
                    bonus = Standard.Bonus(w.Item, result.Sex, g)?.Lookup(value);
                }
                item = new ItemScore(
                    w.Item, value, score, w.Weight, bonus?.Bonus ?? 0,
                    level?.Source ?? table.Levels[^1].Source, w.Source, bonus?.Source, level is null);
            }
            items.Add(item);
            standardScore += item.Weighted;
            bonusScore += item.Bonus;
        }

        // README "Bonus points and totals": 标准分 = Σ score × weight (≤ 100), 附加分 ≤ 20, 学年总分 = 标准分 + 附加分 (≤ 120).
        standardScore = Math.Min(standardScore, MaxStandard);
        bonusScore = Math.Min(bonusScore, MaxBonus);
        var total = Math.Min(standardScore + bonusScore, MaxTotal);
        var (rated, rating) = Rate(total);
        return new FitnessScore(
            result.StudentNumber, result.Grade, result.Sex, bmi, bmiCategory, items.MoveToImmutable(),
            standardScore, bonusScore, total, rated, rating.Rating, rating.Source);
    }

    /// <summary>
    /// 等级 of a 学年总分 or 毕业成绩 (ratings.csv, 标准 第六、七条): the value is rounded half up to one decimal
    /// (README: source A; 89.95 → 90.0 → 优秀) and then matched against the bands.
    /// </summary>
    public (decimal Rated, RatingBand Band) Rate(decimal total)
    {
        var rated = Round1(total);
        foreach (var band in Standard.Ratings)
        {
            if (band.Contains(rated))
            {
                return (rated, band);
            }
        }
        throw new RuleException($"总分 {rated} 不在 ratings.csv 的任何等级内");
    }

    /// <summary>
    /// 毕业成绩 = 毕业当年学年总分 × 50% + 其他学年学年总分平均 × 50% (README "Bonus points and totals").
    /// With no other 学年 on record the graduation-year total alone is used (the rule leaves this case open).
    /// </summary>
    public GraduationScore Graduation(decimal graduationYearTotal, IReadOnlyCollection<decimal> otherYearTotals)
    {
        ArgumentNullException.ThrowIfNull(otherYearTotals);
        var score = otherYearTotals.Count == 0
            ? graduationYearTotal
            : graduationYearTotal * 0.5m + otherYearTotals.Average() * 0.5m;
        var (rated, band) = Rate(score);
        return new GraduationScore(score, rated, band.Rating, rated < CompletionThreshold);
    }

    private static BmiBand? FindBand(ImmutableArray<BmiBand> bands, decimal bmi)
    {
        foreach (var band in bands)
        {
            if (band.Contains(bmi))
            {
                return band;
            }
        }
        return null;
    }
}
