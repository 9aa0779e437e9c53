using EduCounty.Common;
using EduCounty.Fitness;
using static EduCounty.Tests.Fitness.FitnessTestData;
using I = EduCounty.Fitness.FitnessItem;

namespace EduCounty.Tests.Fitness;

/// <summary>
/// Single rules of README "Boundary semantics", "BMI" and "Bonus points and totals", each case with the table row
/// (file:line) and the arithmetic it relies on.
/// </summary>
public sealed class FitnessRuleTests
{
    private static readonly FitnessScorer Scorer = FitnessScorer.Default;

    public static TheoryData<string, Sex, I, decimal, int> Thresholds => new()
    {
        // Higher is better (≥): exactly on a threshold earns it, one unit below drops a level.
        { "P1", Sex.Male, I.VitalCapacity, 1700m, 100 },    // scores.csv:2  100 at 1700
        { "P1", Sex.Male, I.VitalCapacity, 1699m, 95 },     // scores.csv:3  95 at 1600
        { "J1", Sex.Male, I.StandingLongJump, 130m, 10 },   // scores.csv:681 10 at 130
        { "J1", Sex.Male, I.StandingLongJump, 129m, 0 },    // below the 10-point level → 0
        { "P2", Sex.Female, I.SitAndReach, -0.1m, 30 },     // scores.csv:1886 30 at -0.1 (negative threshold)
        { "P2", Sex.Female, I.SitAndReach, -0.2m, 20 },     // scores.csv:1887 20 at -0.9 ≤ -0.2 < -0.1
        // Lower is better (≤), timed items one second either side of a threshold.
        { "J1", Sex.Male, I.Run1000m, 234m, 100 },          // scores.csv:695 100 at 235; 234 ≤ 235
        { "J1", Sex.Male, I.Run1000m, 235m, 100 },          // exactly 235
        { "J1", Sex.Male, I.Run1000m, 236m, 95 },           // scores.csv:696 95 at 245; 236 > 235
        { "S1", Sex.Female, I.Run800m, 279m, 60 },          // scores.csv:2823 60 at 280; 279 > 275 (62, :2822)
        { "S1", Sex.Female, I.Run800m, 280m, 60 },          // exactly 280
        { "S1", Sex.Female, I.Run800m, 281m, 50 },          // scores.csv:2824 50 at 290
        { "S1", Sex.Female, I.Run800m, 331m, 0 },           // scores.csv:2828 10 at 330; 331 → 0
        { "P5", Sex.Male, I.Shuttle50x8, 95m, 100 },        // scores.csv:462 100 at 96
        { "P5", Sex.Male, I.Shuttle50x8, 97m, 95 },         // scores.csv:463 95 at 99
        { "P1", Sex.Male, I.Run50m, 10.2m, 100 },           // scores.csv:22 100 at 10.2
        { "P1", Sex.Male, I.Run50m, 10.21m, 95 },           // > 10.2, ≤ 10.3 (:23): reads as rounded up to 10.3
        // 引体向上 blanks (README "Blank cells"): levels 78/74/70/66/62 do not exist; J1 has no 20/10, J2 no 10.
        { "J1", Sex.Male, I.PullUps, 1m, 30 },              // scores.csv:694 30 at 1 (lowest J1 level)
        { "J1", Sex.Male, I.PullUps, 0m, 0 },               // no 20/10 level in J1 → 0
        { "J1", Sex.Male, I.PullUps, 8m, 76 },              // scores.csv:687 76 at 8 (no 78)
        { "J1", Sex.Male, I.PullUps, 9m, 80 },              // scores.csv:686 80 at 9
        { "S1", Sex.Male, I.PullUps, 11m, 76 },             // scores.csv:1029 76 at 11 (README: not 78)
        { "U3", Sex.Male, I.PullUps, 6m, 10 },              // scores.csv:1613 10 at 6
        { "U3", Sex.Male, I.PullUps, 5m, 0 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Fitness_item_threshold(string grade, Sex sex, I item, decimal value, int expected)
    {
        var s = Scorer.Score(AnyItems(grade, sex, 150m, 40m).With(item, value));
        Assert.Equal(expected, Item(s, item).Score);
    }

    public static TheoryData<string, Sex, decimal, decimal, decimal, string, int> BmiCases => new()
    {
        // Height 100 cm makes BMI = weight; the raw value is rounded half up to 0.1 before the look-up.
        { "P1", Sex.Male, 100m, 13.44m, 13.4m, "低体重", 80 },  // bmi.csv:2 低体重 ≤ 13.4
        { "P1", Sex.Male, 100m, 13.45m, 13.5m, "正常", 100 },   // bmi.csv:3 正常 13.5–18.1 (x.x5 rounds up)
        { "P1", Sex.Male, 100m, 18.14m, 18.1m, "正常", 100 },
        { "P1", Sex.Male, 100m, 18.15m, 18.2m, "超重", 80 },    // bmi.csv:4 超重 18.2–20.3
        { "P1", Sex.Male, 100m, 20.34m, 20.3m, "超重", 80 },
        { "P1", Sex.Male, 100m, 20.35m, 20.4m, "肥胖", 60 },    // bmi.csv:5 肥胖 ≥ 20.4
        { "P2", Sex.Female, 100m, 17.85m, 17.9m, "超重", 80 },  // bmi.csv:72 超重 17.9–20.2
        { "P2", Sex.Female, 100m, 17.84m, 17.8m, "正常", 100 }, // bmi.csv:71 正常 13.5–17.8
        // 20.19 matches no band unrounded (P4 男 正常 ≤ 20.1, 超重 ≥ 20.2); rounded it is 20.2 → 超重 (bmi.csv:16).
        { "P4", Sex.Male, 100m, 20.19m, 20.2m, "超重", 80 },
        // 200 cm: BMI = w / 4. 80.6 / 4 = 20.15 → 20.2 超重; 80.58 / 4 = 20.145 → 20.1 正常 (bmi.csv:15 正常 14.2–20.1).
        { "P4", Sex.Male, 200m, 80.6m, 20.2m, "超重", 80 },
        { "P4", Sex.Male, 200m, 80.58m, 20.1m, "正常", 100 },
        // 170 cm, 72.3 kg: 72.3 / 2.89 = 25.017… → 25.0; U1 女 bmi.csv:116 超重 24.0–27.9.
        { "U1", Sex.Female, 170m, 72.3m, 25.0m, "超重", 80 },
    };

    [Theory]
    [MemberData(nameof(BmiCases))]
    public void Fitness_bmi_rounds_to_one_decimal_before_band(string grade, Sex sex, decimal height, decimal weight, decimal bmi, string category, int score)
    {
        var s = Scorer.Score(AnyItems(grade, sex, height, weight));
        Assert.Equal(bmi, s.Bmi);
        Assert.Equal(category, s.BmiCategory);
        Assert.Equal(score, Item(s, I.Bmi).Score);
        Assert.Equal(bmi, Item(s, I.Bmi).Result);
    }

    public static TheoryData<string, Sex, I, decimal, int, int> BonusCases => new()
    {
        // 跳绳 P1 男: 100 at 109 (scores.csv:62); +1 per 2 jumps, 20 at 149 (bonus.csv:21); beyond is capped at 20.
        { "P1", Sex.Male, I.RopeSkip1Min, 110m, 100, 0 },   // +1 needs 111 (bonus.csv:2)
        { "P1", Sex.Male, I.RopeSkip1Min, 111m, 100, 1 },
        { "P1", Sex.Male, I.RopeSkip1Min, 148m, 100, 19 },  // 147 ≤ 148 < 149 → 19
        { "P1", Sex.Male, I.RopeSkip1Min, 149m, 100, 20 },
        { "P1", Sex.Male, I.RopeSkip1Min, 250m, 100, 20 },  // per-item cap 20
        // 引体向上 J1: 100 at 13; +1 per rep, 10 at 23 (bonus.csv); cap 10.
        { "J1", Sex.Male, I.PullUps, 14m, 100, 1 },
        { "J1", Sex.Male, I.PullUps, 40m, 100, 10 },
        // 仰卧起坐 女 J1: 100 at 50; bonus 1–3 at +2/+4/+6 (52, 54, 56), then +1 each: 57 → 4.
        { "J1", Sex.Female, I.SitUps1Min, 51m, 100, 0 },
        { "J1", Sex.Female, I.SitUps1Min, 55m, 100, 2 },
        { "J1", Sex.Female, I.SitUps1Min, 57m, 100, 4 },
        // 1000米 J1: 100 at 235; bonus −4 s → 1 (231), −20 s → 5 (215), −35 s → 10 (200).
        { "J1", Sex.Male, I.Run1000m, 232m, 100, 0 },
        { "J1", Sex.Male, I.Run1000m, 231m, 100, 1 },
        { "J1", Sex.Male, I.Run1000m, 215m, 100, 5 },
        { "J1", Sex.Male, I.Run1000m, 150m, 100, 10 },
        // 800米 女 J1: −5 s per point from 100 at 215: 210 → 1, 165 → 10.
        { "J1", Sex.Female, I.Run800m, 210m, 100, 1 },
        { "J1", Sex.Female, I.Run800m, 165m, 100, 10 },
        // No bonus below 100, and none for primary 仰卧起坐, 50米×8 or other items.
        { "J1", Sex.Male, I.Run1000m, 236m, 95, 0 },
        { "P5", Sex.Male, I.SitUps1Min, 70m, 100, 0 },      // primary sit-ups: 100 at 50 (scores.csv:442), no bonus
        { "P5", Sex.Male, I.Shuttle50x8, 60m, 100, 0 },
        { "J1", Sex.Male, I.StandingLongJump, 300m, 100, 0 },
    };

    [Theory]
    [MemberData(nameof(BonusCases))]
    public void Fitness_bonus_only_at_100_with_per_item_caps(string grade, Sex sex, I item, decimal value, int score, int bonus)
    {
        var s = Scorer.Score(AnyItems(grade, sex, 150m, 40m).With(item, value));
        Assert.Equal((score, bonus), (Item(s, item).Score, Item(s, item).Bonus));
    }

    [Fact]
    public void Fitness_bonus_total_is_at_most_20_and_total_at_most_120()
    {
        // The item caps already make 20 the limit (README): J1 男 with both bonus items at their cap → 10 + 10 = 20.
        var s = Scorer.Score(Student("J1", Sex.Male, 160m, 50m, (I.VitalCapacity, 4000m), (I.Run50m, 7m), (I.SitAndReach, 20m),
            (I.StandingLongJump, 260m), (I.PullUps, 40m), (I.Run1000m, 150m)));
        Assert.Equal(100m, s.StandardScore);
        Assert.Equal(20m, s.BonusScore);
        Assert.Equal(120m, s.TotalScore);
        Assert.Equal(20m, FitnessScorer.MaxBonus);
    }

    public static TheoryData<decimal, decimal, string> Ratings => new()
    {
        // ratings.csv: 优秀 ≥ 90.0, 良好 80.0–89.9, 及格 60.0–79.9, 不及格 ≤ 59.9; the total is rounded half up first.
        { 60.0m, 60.0m, "及格" },
        { 59.9m, 59.9m, "不及格" },
        { 59.95m, 60.0m, "及格" },
        { 59.94m, 59.9m, "不及格" },
        { 79.9m, 79.9m, "及格" },
        { 79.95m, 80.0m, "良好" },
        { 89.9m, 89.9m, "良好" },
        { 89.95m, 90.0m, "优秀" },
        { 0m, 0m, "不及格" },
        { 120m, 120m, "优秀" },
    };

    [Theory]
    [MemberData(nameof(Ratings))]
    public void Fitness_rating_bounds(decimal total, decimal rated, string rating)
    {
        var (r, band) = Scorer.Rate(total);
        Assert.Equal(rated, r);
        Assert.Equal(rating, band.Rating);
    }

    public static TheoryData<decimal, decimal[], decimal, string, bool> GraduationCases => new()
    {
        // 毕业成绩 = 毕业当年 × 50% + 其他学年平均 × 50%.
        // 85 × .5 + (78 + 80.5) / 2 × .5 = 42.5 + 39.625 = 82.125 → 82.1 良好.
        { 85m, [78m, 80.5m], 82.125m, "良好", false },
        // 59 × .5 + (61 + 60.7) / 2 × .5 = 29.5 + 30.425 = 59.925 → 59.9 不及格.
        { 59m, [61m, 60.7m], 59.925m, "不及格", false },
        // 60 × .5 + (59.9 + 60.1 + 60) / 3 × .5 = 30 + 30 = 60 → 及格.
        { 60m, [59.9m, 60.1m, 60m], 60m, "及格", false },
        // 40 × .5 + (50 + 55) / 2 × .5 = 20 + 26.25 = 46.25 → below 50: 结业/肄业 for 高中、中职、大学.
        { 40m, [50m, 55m], 46.25m, "不及格", true },
        // 89.9 × .5 + 90 × .5 = 44.95 + 45 = 89.95 → 90.0 优秀.
        { 89.9m, [90m], 89.95m, "优秀", false },
        // No other year on record: the graduation-year total alone (open point in the rule).
        { 72.5m, [], 72.5m, "及格", false },
    };

    [Theory]
    [MemberData(nameof(GraduationCases))]
    public void Fitness_graduation_score(decimal graduationYear, decimal[] others, decimal score, string rating, bool belowCompletion)
    {
        var g = Scorer.Graduation(graduationYear, others);
        Assert.Equal(score, g.Score);
        Assert.Equal(rating, g.Rating);
        Assert.Equal(belowCompletion, g.BelowCompletion);
    }

    [Fact]
    public void Fitness_tables_load_with_their_shape()
    {
        var std = FitnessStandard.Default;
        Assert.Equal(11, std.Items.Length);
        Assert.Equal(16, std.Grades.Length);
        Assert.Equal(4, std.Ratings.Length);
        // J1 引体向上: 13 levels (20 levels minus 78/74/70/66/62 and 20/10); J2: 14; S1: 15; others 20.
        Assert.Equal(13, std.Scores(I.PullUps, Sex.Male, "J1")!.Levels.Length);
        Assert.Equal(14, std.Scores(I.PullUps, Sex.Male, "J2")!.Levels.Length);
        Assert.Equal(15, std.Scores(I.PullUps, Sex.Male, "S1")!.Levels.Length);
        Assert.Equal(20, std.Scores(I.Run50m, Sex.Female, "U4")!.Levels.Length);
        Assert.Null(std.Scores(I.PullUps, Sex.Female, "J1"));
        // Weight groups (weights.csv): P12 5 items, P34 6, P56 7, JSU 7; every group sums to 1.
        Assert.Equal(5, std.Weights(Sex.Female, "P2").Length);
        Assert.Equal(6, std.Weights(Sex.Female, "P3").Length);
        Assert.Equal(7, std.Weights(Sex.Female, "P6").Length);
        Assert.Equal(7, std.Weights(Sex.Female, "U4").Length);
        Assert.All(std.Grades, g => Assert.Equal(1m, std.Weights(Sex.Male, g.Code).Sum(w => w.Weight)));
    }
}
