using EduCounty.Balance;
using EduCounty.Common;

namespace EduCounty.Tests.Balance;

public sealed class BalanceEvaluatorTests
{
    private static readonly BalanceProfile National = BalanceProfile.National();

    internal static BalanceSchoolInput School(string name, SchoolType type, int? primary, int? junior,
        double teachers, double higher, double key, double arts, double teaching, double sports, double equipment, double classrooms,
        double? indoor = 0) => new(name, type)
        {
            PrimaryStudents = primary,
            JuniorStudents = junior,
            FullTimeTeachers = new(teachers),
            HigherDegreeTeachers = new(higher),
            KeyTeachers = new(key),
            ArtsSportsTeachers = new(arts),
            MidTitleTeachers = new(teachers / 2),
            TeachingAreaM2 = teaching,
            IndoorSportsM2 = indoor,
            SportsAreaM2 = sports,
            EquipmentValueYuan = equipment,
            MultimediaClassrooms = classrooms,
            Computers = classrooms * 10,
            Books = teaching * 5,
        };

    [Fact]
    public void Weighted_cv_divides_by_total_students_not_by_n_or_n_minus_1()
    {
        // Hand calculation (balance-rules.md §2.2): P = 100, 300, 600 (P = 1000); X = 2, 4, 5.
        // X̄ = (200 + 1200 + 3000) / 1000 = 4.4
        // ΣPᵢ(Xᵢ−X̄)² = 100·5.76 + 300·0.16 + 600·0.36 = 576 + 48 + 216 = 840; ÷P = 0.84; S = √0.84 = 0.916515
        // CV = 0.916515 / 4.4 = 0.208299
        // Unweighted: mean 3.666667, Σ(x−mean)² = 4.666667; ÷n → S = 1.247219, CV = 0.340151; ÷(n−1) → S = 1.527525, CV = 0.416598
        var st = BalanceEvaluator.WeightedCv([(100, 2), (300, 4), (600, 5)]);
        Assert.Equal(4.4, st.Mean, 4);
        Assert.Equal(0.9165, st.Sd, 4);
        Assert.Equal(0.2083, st.Cv!.Value, 4);
        Assert.NotEqual(0.3402, st.Cv.Value, 4);
        Assert.NotEqual(0.4166, st.Cv.Value, 4);
    }

    [Fact]
    public void Nine_year_school_facilities_split_one_to_one_point_one()
    {
        // balance-rules.md §2.3 example: 166 小学生 + 210 初中生, 23 226 books.
        // 小学部 = 23226·166 / (166 + 1.1·210) = 3 855 516 / 397 = 9711.6272; 初中部 = 23226·231 / 397 = 13514.3728
        // (the source prints 9 711 and 13 515: it truncates the first and gives the second the remainder).
        var s = new BalanceSchoolInput("一贯制学校", SchoolType.NineYear) { PrimaryStudents = 166, JuniorStudents = 210, Books = 23226 };
        var units = StageUnits.Build([s], National).Units;
        Assert.Equal(2, units.Count);
        Assert.Equal(9711.6272, units.Single(u => u.Stage == Stage.Primary).Of(Measure.Books)!.Value, 4);
        Assert.Equal(13514.3728, units.Single(u => u.Stage == Stage.Junior).Of(Measure.Books)!.Value, 4);
        Assert.Equal("一贯制学校（小学部）", units[0].Name);
    }

    [Fact]
    public void Teachers_given_per_stage_are_attributed_to_that_stage()
    {
        var s = new BalanceSchoolInput("一贯制学校", SchoolType.NineYear)
        {
            PrimaryStudents = 166,
            JuniorStudents = 210,
            HigherDegreeTeachers = new(Total: 30, Primary: 12),
        };
        var units = StageUnits.Build([s], National).Units;
        Assert.Equal(12, units.Single(u => u.Stage == Stage.Primary).Of(Measure.HigherDegreeTeachers));
        Assert.Equal(18, units.Single(u => u.Stage == Stage.Junior).Of(Measure.HigherDegreeTeachers)); // 30 − 12
    }

    // One 小学 of 1000 students. Thresholds (教督〔2017〕6号 via balance-rules.md §2.1): L1 4.2, L2 1, L3 0.9, L4 4.5, L5 7.5, L6 2000, L7 2.3.
    // Values: L1 50·100/1000 = 5.0, L4 5000/1000 = 5.0, L5 8000/1000 = 8.0, L6 2 500 000/1000 = 2500.
    [Theory]
    [InlineData(10, 9, 20, 6, true)]   // L7 = 2.0 < 2.3 but ≥ 0.85·2.3 = 1.955; L3 = 0.9 meets 0.9 exactly → 6 met, pass
    [InlineData(10, 9, 19, 6, false)]  // L7 = 1.9 < 1.955 (82.6 %) → fail although 6 met
    [InlineData(9, 8, 23, 5, false)]   // L2 = 0.9 < 1 and L3 = 0.8 < 0.9 → only 5 met → fail
    [InlineData(10, 9, 23, 7, true)]   // all 7 met
    public void A_school_passes_with_six_of_seven_and_the_rest_at_85_percent(double key, double arts, double classrooms, int met, bool pass)
    {
        var s = School("甲小学", SchoolType.Primary, 1000, null, 60, 50, key, arts, 5000, 8000, 2_500_000, classrooms);
        var r = BalanceEvaluator.Evaluate([s], "2017", National);
        var unit = Assert.Single(Assert.Single(r.Stages).Schools);
        Assert.Equal(met, unit.Met);
        Assert.Equal(pass, unit.Pass);
    }

    // Two units of 100 students with 生均仪器设备值 m(1−c) and m(1+c): X̄ = m, S = m·c, CV = c (hand calculation).
    private static IndicatorResult L6For(SchoolType type, double low, double high, BalanceProfile profile)
    {
        var primary = type == SchoolType.Primary;
        var a = School("甲", type, primary ? 100 : null, primary ? null : 100, 10, 10, 2, 2, 1000, 1200, low, 3);
        var b = School("乙", type, primary ? 100 : null, primary ? null : 100, 10, 10, 2, 2, 1000, 1200, high, 3);
        var r = BalanceEvaluator.Evaluate([a, b], "2017", profile);
        return Assert.Single(r.Stages).Indicators.Single(i => i.Code == "L6");
    }

    [Fact]
    public void Cv_of_047_fails_for_junior_and_passes_for_primary()
    {
        // m = 5000 元, c = 0.47 → 265 000 and 735 000 元 for 100 students each.
        var junior = L6For(SchoolType.Junior, 265_000, 735_000, National);
        var primary = L6For(SchoolType.Primary, 265_000, 735_000, National);
        Assert.Equal(0.47, junior.Cv!.Value, 4);
        Assert.Equal(0.45, junior.CvLimit);
        Assert.False(junior.Pass);
        Assert.Equal(0.47, primary.Cv!.Value, 4);
        Assert.Equal(0.50, primary.CvLimit);
        Assert.True(primary.Pass);
    }

    [Fact]
    public void Cv_of_05001_fails_under_strict_policy_and_passes_when_rounded_to_two_decimals()
    {
        // c = 0.5001 → 249 950 and 750 050 元.
        var strict = L6For(SchoolType.Primary, 249_950, 750_050, National);
        Assert.Equal(0.5001, strict.Cv!.Value, 4);
        Assert.False(strict.Pass);

        var rounded = BalanceProfile.WithOverride("""{ "comparison": { "mode": "Rounded", "decimals": 2 } }""");
        Assert.Equal(3, rounded.Comparison.DisplayDecimals);
        Assert.True(L6For(SchoolType.Primary, 249_950, 750_050, rounded).Pass);
    }

    [Fact]
    public void A_provincial_override_changes_one_threshold_and_keeps_the_rest()
    {
        var p = BalanceProfile.WithOverride("""{ "methods": [ { "code": "2017", "indicators": [ { "code": "L6", "thresholds": { "primary": 2500 } } ] } ] }""");
        var l6 = p.Method("2017").Indicators.Single(i => i.Code == "L6");
        Assert.Equal(2500, l6.Thresholds!.Primary);
        Assert.Equal(2500, l6.Thresholds.Junior);
        Assert.Equal(7, p.Method("2017").Indicators.Count);
        Assert.Equal(4.2, p.Method("2017").Indicators[0].Thresholds!.Primary);
    }

    [Fact]
    public void A_missing_indicator_is_reported_missing_not_zero()
    {
        var a = School("甲", SchoolType.Primary, 100, null, 10, 10, 2, 2, 1000, 1200, 300_000, 3) with { MultimediaClassrooms = null };
        var b = School("乙", SchoolType.Primary, 100, null, 10, 10, 2, 2, 1000, 1200, 300_000, 3);
        var r = BalanceEvaluator.Evaluate([a, b], "2017", National);
        var st = Assert.Single(r.Stages);
        Assert.Null(st.Schools[0].Values["L7"]);
        Assert.Contains(st.Schools[0].Shortfalls, s => s.Contains("L7") && s.Contains("缺少数据"));
        Assert.False(st.Indicators.Single(i => i.Code == "L7").Pass);
        Assert.False(r.Pass);
        Assert.Contains(r.Reasons, s => s.Contains("L7") && s.Contains("缺少数据"));
    }

    private static BalanceSchoolInput For2012(string name, bool junior, double teaching, double sports, double equipment, double computers, double books, double teachers, double higher, double mid) =>
        new(name, junior ? SchoolType.Junior : SchoolType.Primary)
        {
            PrimaryStudents = junior ? null : 100,
            JuniorStudents = junior ? 100 : null,
            TeachingAreaM2 = teaching,
            SportsAreaM2 = sports,
            EquipmentValueYuan = equipment,
            Computers = computers,
            Books = books,
            FullTimeTeachers = new(teachers),
            HigherDegreeTeachers = new(higher),
            MidTitleTeachers = new(mid),
        };

    [Fact]
    public void The_2012_composite_is_the_mean_of_eight_cvs()
    {
        // Two units of 100 students: CV = |a−b| / (a+b) per indicator (hand calculation, §2.2 with equal weights).
        // B1 300/500 → 0.25; B2 600/600 → 0; B3 100k/300k → 0.5; B4 10/30 → 0.5; B5 2000/3000 → 0.2;
        // B6 5/5 → 0; B7 4/6 → 0.2; B8 2/3 → 0.2. Composite = 1.85 / 8 = 0.23125 ≤ 0.65 → pass.
        var r = BalanceEvaluator.Evaluate(
            [For2012("甲", false, 300, 600, 100_000, 10, 2000, 5, 4, 2), For2012("乙", false, 500, 600, 300_000, 30, 3000, 5, 6, 3)], "2012", National);
        var st = Assert.Single(r.Stages);
        Assert.Equal(["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8"], st.Indicators.Select(i => i.Code));
        Assert.Equal(0.23125, st.Composite!.Value, 0.00005);
        Assert.True(r.Pass);
        Assert.Null(st.Schools[0].Met);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void The_2012_composite_limit_is_065_for_primary_and_055_for_junior(bool junior, bool pass)
    {
        // B1 100/900 → 0.8; B2 100/1900 → 0.9; B3 0.5; B4 0.5; B5 1000/9000 → 0.8; B6 1/9 → 0.8; B7 0.2; B8 0.2.
        // Composite = 4.7 / 8 = 0.5875: ≤ 0.65 (小学) passes, > 0.55 (初中) fails. B2's 0.9 alone does not fail it.
        var r = BalanceEvaluator.Evaluate(
            [For2012("甲", junior, 100, 100, 100_000, 10, 1000, 1, 4, 2), For2012("乙", junior, 900, 1900, 300_000, 30, 9000, 9, 6, 3)], "2012", National);
        var st = Assert.Single(r.Stages);
        Assert.Equal(0.5875, st.Composite!.Value, 4);
        Assert.Equal(pass, r.Pass);
        Assert.All(st.Indicators, i => Assert.True(i.Pass));
    }
}
