using EduCounty.Common;
using EduCounty.Fitness;
using static EduCounty.Tests.Fitness.FitnessTestData;
using I = EduCounty.Fitness.FitnessItem;

namespace EduCounty.Tests.Fitness;

/// <summary>
/// Whole-student cases, one per weight group and both sexes. Every expected value was worked by hand from the
/// rows of Tables/*.csv quoted beside it ("scores.csv:25" = line 25 of scores.csv).
/// </summary>
public sealed class FitnessScorerTests
{
    private static readonly FitnessScorer Scorer = FitnessScorer.Default;

    public sealed record Case(
        string Name, FitnessResult Input, decimal Bmi, string BmiCategory, (I Item, int Score, int Bonus)[] Items,
        decimal Standard, decimal Bonus, decimal Total, string Rating);

    public static TheoryData<Case> Students => new()
    {
        // P12 男 P1. BMI 22 / 1.20² = 15.277… → 15.3; bmi.csv:3 正常 13.5–18.1 → 100.
        // 肺活量 1400 ≥ 1400 (scores.csv:5) → 85; 50米 10.5 ≤ 10.5 (:25) → 85; 坐位体前屈 11.0 ≥ 11.0 (:46) → 80;
        // 跳绳 109 ≥ 109 (:62) → 100, bonus needs 111 (bonus.csv:2) → 0.
        // 标准分 = 100×.15 + 85×.15 + 85×.20 + 80×.30 + 100×.20 = 15 + 12.75 + 17 + 24 + 20 = 88.75 → 88.8 良好.
        new Case("P1 男", Student("P1", Sex.Male, 120m, 22m, (I.VitalCapacity, 1400m), (I.Run50m, 10.5m), (I.SitAndReach, 11.0m), (I.RopeSkip1Min, 109m)),
            15.3m, "正常", [(I.Bmi, 100, 0), (I.VitalCapacity, 85, 0), (I.Run50m, 85, 0), (I.SitAndReach, 80, 0), (I.RopeSkip1Min, 100, 0)],
            88.75m, 0m, 88.75m, "良好"),

        // P12 女 P2. BMI 30 / 1.25² = 19.2; bmi.csv:72 超重 17.9–20.2 → 80.
        // 肺活量 1000 ≥ 1000 (scores.csv:1837) → 72; 50米 13.9 > 13.8, the 10-point level (:1868) → 0;
        // 坐位体前屈 -0.1 ≥ -0.1 (:1886) → 30; 跳绳 157 ≥ 127 (:1889) → 100, bonus 157 ≥ 157 (bonus.csv:356) → 15.
        // 标准分 = 80×.15 + 72×.15 + 0×.20 + 30×.30 + 100×.20 = 12 + 10.8 + 0 + 9 + 20 = 51.8; 总分 51.8 + 15 = 66.8 及格.
        new Case("P2 女", Student("P2", Sex.Female, 125m, 30m, (I.VitalCapacity, 1000m), (I.Run50m, 13.9m), (I.SitAndReach, -0.1m), (I.RopeSkip1Min, 157m)),
            19.2m, "超重", [(I.Bmi, 80, 0), (I.VitalCapacity, 72, 0), (I.Run50m, 0, 0), (I.SitAndReach, 30, 0), (I.RopeSkip1Min, 100, 15)],
            51.8m, 15m, 66.8m, "及格"),

        // P34 女 P4. BMI 40 / 1.40² = 20.408… → 20.4; bmi.csv:80 超重 19.5–22.0 → 80.
        // 肺活量 2000 (scores.csv:2009) 100; 50米 8.7 (:2029) 100; 坐位体前屈 19.5 (:2049) 100; 跳绳 149 (:2069) 100,
        // bonus needs 151 (bonus.csv:382) → 0; 仰卧起坐 47 (:2089) 100, no bonus in primary.
        // 标准分 = 80×.15 + 100×.15 + 100×.20 + 100×.20 + 100×.20 + 100×.10 = 12 + 15 + 20 + 20 + 20 + 10 = 97 优秀.
        new Case("P4 女", Student("P4", Sex.Female, 140m, 40m, (I.VitalCapacity, 2000m), (I.Run50m, 8.7m), (I.SitAndReach, 19.5m), (I.RopeSkip1Min, 149m), (I.SitUps1Min, 47m)),
            20.4m, "超重", [(I.Bmi, 80, 0), (I.VitalCapacity, 100, 0), (I.Run50m, 100, 0), (I.SitAndReach, 100, 0), (I.RopeSkip1Min, 100, 0), (I.SitUps1Min, 100, 0)],
            97m, 0m, 97m, "优秀"),

        // P56 男 P5. BMI 40 / 1.50² = 17.777… → 17.8; bmi.csv:19 正常 14.4–21.4 → 100.
        // 肺活量 1300 (scores.csv:376) 60; 50米 9.3: > 9.2 (:388, 76) and ≤ 9.4 (:389) → 74; 坐位体前屈 1.0 (:413) 66;
        // 跳绳 148 (:422) 100, bonus needs 150 → 0; 仰卧起坐 20 (:455) 62; 50米×8 96 (:462) 100, no bonus.
        // 标准分 = 100×.15 + 60×.15 + 74×.20 + 66×.10 + 100×.10 + 62×.20 + 100×.10
        //        = 15 + 9 + 14.8 + 6.6 + 10 + 12.4 + 10 = 77.8 及格.
        new Case("P5 男", Student("P5", Sex.Male, 150m, 40m, (I.VitalCapacity, 1300m), (I.Run50m, 9.3m), (I.SitAndReach, 1.0m), (I.RopeSkip1Min, 148m), (I.SitUps1Min, 20m), (I.Shuttle50x8, 96m)),
            17.8m, "正常", [(I.Bmi, 100, 0), (I.VitalCapacity, 60, 0), (I.Run50m, 74, 0), (I.SitAndReach, 66, 0), (I.RopeSkip1Min, 100, 0), (I.SitUps1Min, 62, 0), (I.Shuttle50x8, 100, 0)],
            77.8m, 0m, 77.8m, "及格"),

        // JSU 男 J1. BMI 50 / 1.60² = 19.53125 → 19.5; bmi.csv:27 正常 15.5–22.1 → 100.
        // 肺活量 2900 (scores.csv:606) 80; 50米 7.8 (:622) 100; 坐位体前屈 0.0 (:654) 64; 立定跳远 225 (:662) 100;
        // 引体向上 0 < 1, the lowest level 30 (:694) → 0; 1000米 235 ≤ 235 (:695) → 100, bonus needs ≤ 231 (bonus.csv) → 0.
        // 标准分 = 100×.15 + 80×.15 + 100×.20 + 64×.10 + 100×.10 + 0×.10 + 100×.20 = 15 + 12 + 20 + 6.4 + 10 + 0 + 20 = 83.4 良好.
        new Case("J1 男", Student("J1", Sex.Male, 160m, 50m, (I.VitalCapacity, 2900m), (I.Run50m, 7.8m), (I.SitAndReach, 0.0m), (I.StandingLongJump, 225m), (I.PullUps, 0m), (I.Run1000m, 235m)),
            19.5m, "正常", [(I.Bmi, 100, 0), (I.VitalCapacity, 80, 0), (I.Run50m, 100, 0), (I.SitAndReach, 64, 0), (I.StandingLongJump, 100, 0), (I.PullUps, 0, 0), (I.Run1000m, 100, 0)],
            83.4m, 0m, 83.4m, "良好"),

        // JSU 女 S1. BMI 64 / 1.60² = 25.0; bmi.csv:104 超重 22.8–25.2 → 80.
        // 肺活量 3150 (scores.csv:2709) 100; 50米 8.0 (:2731) 90; 坐位体前屈 24.2 (:2749) 100; 立定跳远 204 (:2769) 100;
        // 仰卧起坐 66 (:2789, 100 at 53) 100, bonus 66 ≥ 66 (bonus.csv:511) → 10; 800米 154 ≤ 204 (:2809) 100, bonus 154 ≤ 154 (bonus.csv:521) → 10.
        // 标准分 = 80×.15 + 100×.15 + 90×.20 + 100×.10 + 100×.10 + 100×.10 + 100×.20 = 12 + 15 + 18 + 10 + 10 + 10 + 20 = 95;
        // 附加分 10 + 10 = 20; 总分 115 优秀.
        new Case("S1 女", Student("S1", Sex.Female, 160m, 64m, (I.VitalCapacity, 3150m), (I.Run50m, 8.0m), (I.SitAndReach, 24.2m), (I.StandingLongJump, 204m), (I.SitUps1Min, 66m), (I.Run800m, 154m)),
            25.0m, "超重", [(I.Bmi, 80, 0), (I.VitalCapacity, 100, 0), (I.Run50m, 90, 0), (I.SitAndReach, 100, 0), (I.StandingLongJump, 100, 0), (I.SitUps1Min, 100, 10), (I.Run800m, 100, 10)],
            95m, 20m, 115m, "优秀"),

        // JSU 男 U3 (university table U3–U4). BMI 81 / 1.80² = 25.0; bmi.csv:60 超重 24.0–27.9 → 80.
        // 肺活量 5140 (scores.csv:1519) 100; 50米 6.6 (:1539) 100; 坐位体前屈 25.1 (:1559) 100; 立定跳远 275 (:1579) 100;
        // 引体向上 35 ≥ 20 (:1599) 100, bonus capped at the table's top 10 (30 reps, bonus.csv:291);
        // 1000米 160 ≤ 195 (:1614) 100, bonus 160 ≤ 160 (bonus.csv:301) → 10.
        // 标准分 = 12 + 15 + 20 + 10 + 10 + 10 + 20 = 97; 附加分 20; 总分 117 优秀.
        new Case("U3 男", Student("U3", Sex.Male, 180m, 81m, (I.VitalCapacity, 5140m), (I.Run50m, 6.6m), (I.SitAndReach, 25.1m), (I.StandingLongJump, 275m), (I.PullUps, 35m), (I.Run1000m, 160m)),
            25.0m, "超重", [(I.Bmi, 80, 0), (I.VitalCapacity, 100, 0), (I.Run50m, 100, 0), (I.SitAndReach, 100, 0), (I.StandingLongJump, 100, 0), (I.PullUps, 100, 10), (I.Run1000m, 100, 10)],
            97m, 20m, 117m, "优秀"),

        // Rounding of the total before rating (README; source A): P1 男, BMI 15.3 正常 100, 肺活量 1400 → 85,
        // 50米 10.5 → 85, 坐位体前屈 16.1 (scores.csv:42) → 100, 跳绳 73 (:68) → 76.
        // 标准分 = 15 + 12.75 + 17 + 30 + 15.2 = 89.95 → rated 90.0 → 优秀 (unrounded it would be 良好).
        new Case("P1 男 89.95", Student("P1", Sex.Male, 120m, 22m, (I.VitalCapacity, 1400m), (I.Run50m, 10.5m), (I.SitAndReach, 16.1m), (I.RopeSkip1Min, 73m)),
            15.3m, "正常", [(I.Bmi, 100, 0), (I.VitalCapacity, 85, 0), (I.Run50m, 85, 0), (I.SitAndReach, 100, 0), (I.RopeSkip1Min, 76, 0)],
            89.95m, 0m, 89.95m, "优秀"),
    };

    [Theory]
    [MemberData(nameof(Students))]
    public void Fitness_student_scores_match_hand_calculation(Case c)
    {
        var s = Scorer.Score(c.Input);

        Assert.Equal(c.Bmi, s.Bmi);
        Assert.Equal(c.BmiCategory, s.BmiCategory);
        Assert.Equal(c.Items.Select(i => i.Item), s.Items.Select(i => i.Item));
        Assert.Equal(c.Items.Select(i => (i.Score, i.Bonus)), s.Items.Select(i => (i.Score, i.Bonus)));
        Assert.Equal(c.Standard, s.StandardScore);
        Assert.Equal(c.Bonus, s.BonusScore);
        Assert.Equal(c.Total, s.TotalScore);
        Assert.Equal(c.Rating, s.Rating);
    }

    [Fact]
    public void Fitness_every_score_names_its_table_row()
    {
        // P2 女 case above: 50米 13.9 misses the 10-point level, scores.csv line 1868 "run_50m,F,P2,10,13.8,<=".
        var s = Scorer.Score(Student("P2", Sex.Female, 125m, 30m, (I.VitalCapacity, 1000m), (I.Run50m, 13.9m), (I.SitAndReach, -0.1m), (I.RopeSkip1Min, 157m)));

        var run = Item(s, I.Run50m);
        Assert.True(run.BelowTable);
        Assert.Equal(new SourceRow("scores.csv", 1868, "run_50m,F,P2,10,13.8,<="), run.Source);
        var rope = Item(s, I.RopeSkip1Min);
        Assert.Equal(new SourceRow("scores.csv", 1889, "rope_skip_1min,F,P2,100,127,>="), rope.Source);
        Assert.Equal(new SourceRow("bonus.csv", 356, "rope_skip_1min,F,P2,15,30,157,>="), rope.BonusSource);
        Assert.Equal(new SourceRow("weights.csv", 11, "P12,F,rope_skip_1min,20,0.20"), rope.WeightSource);
        Assert.Equal(new SourceRow("bmi.csv", 72, "F,P2,超重,17.9,20.2,80"), Item(s, I.Bmi).Source);
        Assert.Contains("bonus.csv 第356行", rope.Provenance, StringComparison.Ordinal);
        Assert.Equal(new SourceRow("ratings.csv", 4, "及格,60.0,79.9"), s.RatingSource);
    }

    [Fact]
    public void Fitness_missing_required_item_or_unknown_grade_is_refused_in_chinese()
    {
        var noPullUps = Student("J1", Sex.Male, 160m, 50m, (I.VitalCapacity, 2900m), (I.Run50m, 7.8m), (I.SitAndReach, 0m), (I.StandingLongJump, 225m), (I.Run1000m, 235m));
        var ex = Assert.Throws<RuleException>(() => Scorer.Score(noPullUps));
        Assert.Contains("引体向上", ex.Message, StringComparison.Ordinal);

        var badGrade = AnyItems("K1", Sex.Male, 100m, 16m);
        Assert.Contains("K1", Assert.Throws<RuleException>(() => Scorer.Score(badGrade)).Message, StringComparison.Ordinal);

        var noHeight = AnyItems("P1", Sex.Male, 0m, 16m);
        Assert.Contains("BMI", Assert.Throws<RuleException>(() => Scorer.Score(noHeight)).Message, StringComparison.Ordinal);
    }
}
