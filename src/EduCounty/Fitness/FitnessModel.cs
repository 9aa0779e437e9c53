using System.Collections.Immutable;
using EduCounty.Common;

namespace EduCounty.Fitness;

/// <summary>
/// One student's results for one 学年, in the reference units (README "Normalisation rules"): height in cm,
/// weight in kg, 肺活量 ml, runs in seconds, 坐位体前屈 and 立定跳远 in cm, counts. Null = not tested.
/// A database layer or <see cref="FitnessImport"/> builds these; <see cref="FitnessScorer"/> scores them.
/// </summary>
public sealed record FitnessResult(string StudentNumber, string Grade, Sex Sex)
{
    public decimal? HeightCm { get; init; }
    public decimal? WeightKg { get; init; }
    public decimal? VitalCapacity { get; init; }
    public decimal? Run50m { get; init; }
    public decimal? SitAndReach { get; init; }
    public decimal? RopeSkip1Min { get; init; }
    public decimal? SitUps1Min { get; init; }
    public decimal? Shuttle50x8 { get; init; }
    public decimal? StandingLongJump { get; init; }
    public decimal? PullUps { get; init; }
    public decimal? Run800m { get; init; }
    public decimal? Run1000m { get; init; }

    /// <summary>The measured value of an item; for <see cref="FitnessItem.Bmi"/> the unrounded BMI, if height and weight are known.</summary>
    public decimal? Measurement(FitnessItem item) => item switch
    {
        FitnessItem.Bmi => HeightCm is > 0 && WeightKg is > 0 ? WeightKg * 10000m / (HeightCm * HeightCm) : null,
        FitnessItem.VitalCapacity => VitalCapacity,
        FitnessItem.Run50m => Run50m,
        FitnessItem.SitAndReach => SitAndReach,
        FitnessItem.RopeSkip1Min => RopeSkip1Min,
        FitnessItem.SitUps1Min => SitUps1Min,
        FitnessItem.Shuttle50x8 => Shuttle50x8,
        FitnessItem.StandingLongJump => StandingLongJump,
        FitnessItem.PullUps => PullUps,
        FitnessItem.Run800m => Run800m,
        FitnessItem.Run1000m => Run1000m,
        _ => null,
    };

    /// <summary>A copy with one item's value replaced (not for BMI, which comes from height and weight).</summary>
    public FitnessResult With(FitnessItem item, decimal? value) => item switch
    {
        FitnessItem.VitalCapacity => this with { VitalCapacity = value },
        FitnessItem.Run50m => this with { Run50m = value },
        FitnessItem.SitAndReach => this with { SitAndReach = value },
        FitnessItem.RopeSkip1Min => this with { RopeSkip1Min = value },
        FitnessItem.SitUps1Min => this with { SitUps1Min = value },
        FitnessItem.Shuttle50x8 => this with { Shuttle50x8 = value },
        FitnessItem.StandingLongJump => this with { StandingLongJump = value },
        FitnessItem.PullUps => this with { PullUps = value },
        FitnessItem.Run800m => this with { Run800m = value },
        FitnessItem.Run1000m => this with { Run1000m = value },
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "BMI 由身高体重计算，不能直接赋值"),
    };
}

/// <summary>
/// The score of one item. <see cref="Source"/> is the table row that decided it: the score level reached
/// (scores.csv), the BMI band (bmi.csv), or — when <see cref="BelowTable"/> — the lowest level, which the result missed (0 points).
/// </summary>
public sealed record ItemScore(
    FitnessItem Item,
    decimal Result,
    int Score,
    decimal Weight,
    int Bonus,
    SourceRow Source,
    SourceRow WeightSource,
    SourceRow? BonusSource,
    bool BelowTable = false)
{
    public string Code => FitnessItems.Code(Item);

    /// <summary>Score × weight, the item's share of the 标准分.</summary>
    public decimal Weighted => Score * Weight;

    /// <summary>A one-line explanation of the score in Chinese.</summary>
    public string Provenance =>
        (BelowTable ? $"未达最低档，0分（{Source}）" : $"{Score}分（{Source}）")
        + $"；权重 {Weight}（{WeightSource}）"
        + (BonusSource is null ? string.Empty : $"；加分 {Bonus}（{BonusSource}）");
}

/// <summary>The 学年 score of one student (标准 第六、七条).</summary>
public sealed record FitnessScore(
    string StudentNumber,
    string Grade,
    Sex Sex,
    decimal Bmi,
    string BmiCategory,
    ImmutableArray<ItemScore> Items,
    decimal StandardScore,
    decimal BonusScore,
    decimal TotalScore,
    decimal RatedTotal,
    string Rating,
    SourceRow RatingSource);

/// <summary>毕业成绩 and its 等级; <see cref="BelowCompletion"/> is the "below 50 → 结业/肄业" rule for 高中、中职、大学.</summary>
public sealed record GraduationScore(decimal Score, decimal RatedScore, string Rating, bool BelowCompletion);

