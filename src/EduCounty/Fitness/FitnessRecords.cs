using EduCounty.Common;

namespace EduCounty.Fitness;

/// <summary>等级 of a 学年总分 (ratings.csv; 标准 第六、七条), stored as a number so analysis counts in SQL.</summary>
public enum FitnessRating
{
    Excellent = 1,
    Good = 2,
    Pass = 3,
    Fail = 4,
}

public static class FitnessRatings
{
    public static readonly FitnessRating[] All = [FitnessRating.Excellent, FitnessRating.Good, FitnessRating.Pass, FitnessRating.Fail];

    public static string Label(FitnessRating r) => r switch
    {
        FitnessRating.Excellent => "优秀",
        FitnessRating.Good => "良好",
        FitnessRating.Pass => "及格",
        _ => "不及格",
    };

    /// <summary>The rating names of ratings.csv → the stored value.</summary>
    public static FitnessRating Parse(string label) => label switch
    {
        "优秀" => FitnessRating.Excellent,
        "良好" => FitnessRating.Good,
        "及格" => FitnessRating.Pass,
        "不及格" => FitnessRating.Fail,
        _ => throw new RuleException($"未知等级“{label}”"),
    };
}

/// <summary>
/// One student's 国家学生体质健康标准 test in one 学年 (体质健康档案). Results are in the reference units
/// (README "Normalisation rules"); the scores are computed by <see cref="FitnessScorer"/> when the row is written and
/// stored, so analysis aggregates in SQL. Measurements and scores are doubles because SQLite cannot aggregate decimals;
/// the scorer itself works in decimal. One row per student and 学年 (a re-import replaces it).
/// </summary>
[SchoolScoped]
public sealed class FitnessTest
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    /// <summary>School year start (2024 = 2024-2025).</summary>
    public int Year { get; set; }
    public int SchoolId { get; set; }
    public required string Grade { get; set; }
    public int? ClassId { get; set; }
    /// <summary>Copied from the student so that rates by sex group in SQL without a join.</summary>
    public Sex Sex { get; set; }
    public DateOnly? TestedOn { get; set; }

    public double? HeightCm { get; set; }
    public double? WeightKg { get; set; }
    public double? VitalCapacity { get; set; }
    public double? Run50m { get; set; }
    public double? SitAndReach { get; set; }
    public double? RopeSkip1Min { get; set; }
    public double? SitUps1Min { get; set; }
    public double? Shuttle50x8 { get; set; }
    public double? StandingLongJump { get; set; }
    public double? PullUps { get; set; }
    public double? Run800m { get; set; }
    public double? Run1000m { get; set; }

    /// <summary>BMI rounded to 0.1 (README "BMI").</summary>
    public double Bmi { get; set; }
    public double StandardScore { get; set; }
    public double BonusScore { get; set; }
    public double TotalScore { get; set; }
    public FitnessRating Rating { get; set; }

    /// <summary>Which table row decided each item score, e.g. "bmi=bmi.csv:12 run_50m=scores.csv:345+bonus.csv:7".</summary>
    public required string Provenance { get; set; }

    /// <summary>Where the row came from: the import file name, or "示例数据".</summary>
    public required string Source { get; set; }

    /// <summary>The results as the scorer's input.</summary>
    public FitnessResult ToResult(string studentNumber) => new(studentNumber, Grade, Sex)
    {
        HeightCm = (decimal?)HeightCm,
        WeightKg = (decimal?)WeightKg,
        VitalCapacity = (decimal?)VitalCapacity,
        Run50m = (decimal?)Run50m,
        SitAndReach = (decimal?)SitAndReach,
        RopeSkip1Min = (decimal?)RopeSkip1Min,
        SitUps1Min = (decimal?)SitUps1Min,
        Shuttle50x8 = (decimal?)Shuttle50x8,
        StandingLongJump = (decimal?)StandingLongJump,
        PullUps = (decimal?)PullUps,
        Run800m = (decimal?)Run800m,
        Run1000m = (decimal?)Run1000m,
    };

    /// <summary>Copies results and scores into this row; returns true when anything changed.</summary>
    public bool Apply(FitnessResult r, FitnessScore s)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(s);
        var changed = false;
        void Set<T>(T current, T value, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                set(value);
                changed = true;
            }
        }
        Set(Grade, r.Grade, v => Grade = v);
        Set(Sex, r.Sex, v => Sex = v);
        Set(HeightCm, (double?)r.HeightCm, v => HeightCm = v);
        Set(WeightKg, (double?)r.WeightKg, v => WeightKg = v);
        Set(VitalCapacity, (double?)r.VitalCapacity, v => VitalCapacity = v);
        Set(Run50m, (double?)r.Run50m, v => Run50m = v);
        Set(SitAndReach, (double?)r.SitAndReach, v => SitAndReach = v);
        Set(RopeSkip1Min, (double?)r.RopeSkip1Min, v => RopeSkip1Min = v);
        Set(SitUps1Min, (double?)r.SitUps1Min, v => SitUps1Min = v);
        Set(Shuttle50x8, (double?)r.Shuttle50x8, v => Shuttle50x8 = v);
        Set(StandingLongJump, (double?)r.StandingLongJump, v => StandingLongJump = v);
        Set(PullUps, (double?)r.PullUps, v => PullUps = v);
        Set(Run800m, (double?)r.Run800m, v => Run800m = v);
        Set(Run1000m, (double?)r.Run1000m, v => Run1000m = v);
        Set(Bmi, (double)s.Bmi, v => Bmi = v);
        Set(StandardScore, (double)s.StandardScore, v => StandardScore = v);
        Set(BonusScore, (double)s.BonusScore, v => BonusScore = v);
        Set(TotalScore, (double)s.TotalScore, v => TotalScore = v);
        Set(Rating, FitnessRatings.Parse(s.Rating), v => Rating = v);
        Set(Provenance, ShortProvenance(s), v => Provenance = v);
        return changed;
    }

    /// <summary>"item=file:line" per item, "+file:line" for the bonus row (the full text is recomputed on display).</summary>
    public static string ShortProvenance(FitnessScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Join(' ', s.Items.Select(i =>
            $"{i.Code}={i.Source.File}:{i.Source.Line}" + (i.BonusSource is { } b ? $"+{b.File}:{b.Line}" : string.Empty)));
    }
}

/// <summary>
/// One 视力筛查 of a student in a 学年: 裸眼远视力 per eye on the 5-point logarithmic scale (GB/T 11533, e.g. 4.9)
/// and, when measured, the spherical equivalent of non-cycloplegic autorefraction (SE = 球镜 + ½ 柱镜, dioptres).
/// <see cref="Myopia"/> is decided by <see cref="MyopiaRule"/> when the row is written (docs/adr/0012).
/// </summary>
[SchoolScoped]
public sealed class VisionScreening
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int Year { get; set; }
    public int SchoolId { get; set; }
    public required string Grade { get; set; }
    public int? ClassId { get; set; }
    public Sex Sex { get; set; }
    public DateOnly? ScreenedOn { get; set; }
    public double UncorrectedLeft { get; set; }
    public double UncorrectedRight { get; set; }
    public double? SphericalEquivalentLeft { get; set; }
    public double? SphericalEquivalentRight { get; set; }
    public bool Myopia { get; set; }
    public required string Source { get; set; }
}

/// <summary>
/// 筛查性近视 (docs/adr/0012-myopia-definition.md): 《儿童青少年近视防控适宜技术指南》(国家卫生健康委, 2019, 更新版
/// 2021) and WS/T 663-2020 — 6 岁以上 裸眼远视力 &lt; 5.0 and, by non-cycloplegic autorefraction, SE ≤ −0.50 D.
/// Per eye; a student is myopic when either eye is. Where no refraction was measured the rule falls back on
/// 裸眼视力 alone (<see cref="VisionOnlyWithoutRefraction"/>), which over-counts (视力不良 ≠ 近视) — configurable.
/// </summary>
public sealed record MyopiaRule(double VisionBelow = 5.0, double SphericalEquivalentAtMost = -0.50, bool VisionOnlyWithoutRefraction = true)
{
    public static MyopiaRule Default { get; } = new();

    public bool EyeIsMyopic(double uncorrected, double? se) =>
        uncorrected < VisionBelow && (se is { } d ? d <= SphericalEquivalentAtMost : VisionOnlyWithoutRefraction);

    public bool IsMyopic(VisionScreening v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return EyeIsMyopic(v.UncorrectedLeft, v.SphericalEquivalentLeft) || EyeIsMyopic(v.UncorrectedRight, v.SphericalEquivalentRight);
    }
}
