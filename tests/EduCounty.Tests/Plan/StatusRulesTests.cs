using EduCounty.Plan;
using EduCounty.Plan.Evaluation;

namespace EduCounty.Tests.Plan;

public sealed class StatusRulesTests
{
    private static PlanIndicator Ind(decimal? baseline, decimal target, TargetComparator c, IndicatorKind kind = IndicatorKind.Expected) =>
        new("x", "组", "指标", "指标", "%", kind, baseline, null, target, c, null);

    private static readonly Projection None = new(null, "无");

    [Fact]
    public void Least_squares_projection_extrapolates_the_trend()
    {
        // Points on a line: 10, 12, 14 in 2020–2022 → slope 2/年 → 2025: 14 + 3 × 2 = 20.
        var p = StatusRules.Project([(2020, 10m), (2021, 12m), (2022, 14m)], 2025, 2);
        Assert.Equal(20m, p.Value);
        Assert.Contains("最小二乘", p.Method, StringComparison.Ordinal);
        Assert.Contains("3个年度值", p.Method, StringComparison.Ordinal);
        // Not on a line: (2020, 1), (2021, 3), (2022, 2): mean year 2021, mean 2, slope = (−1·−1 + 1·0)/2 = 0.5 → 2 + 4 × 0.5 = 4.
        Assert.Equal(4m, StatusRules.Project([(2020, 1m), (2021, 3m), (2022, 2m)], 2025, 2).Value);
        Assert.Null(StatusRules.Project([(2020, 1m)], 2025, 2).Value);
    }

    [Fact]
    public void A_target_below_the_baseline_is_met_by_staying_at_or_above_it()
    {
        // 公办园占比: 96 → 90.
        var ind = Ind(96m, 90m, TargetComparator.AtLeast);
        Assert.Equal(IndicatorStatus.Met, StatusRules.Judge(ind, 96m, 2020, 2025, 2022, 91m, None).Status);
        var below = StatusRules.Judge(ind, 96m, 2020, 2025, 2022, 89.5m, new Projection(85m, "趋势"));
        Assert.Equal(IndicatorStatus.Lagging, below.Status);
        Assert.Equal(90m, below.PathValue);
        Assert.Equal(IndicatorStatus.AtRisk, StatusRules.Judge(ind, 96m, 2020, 2025, 2022, 89.5m, new Projection(91m, "趋势")).Status);
    }

    [Fact]
    public void A_rising_target_is_judged_against_the_linear_path()
    {
        // 89.42 → 100: path in 2022 = 89.42 + 10.58 × 2/5 = 93.652, printed and compared as the table's 2 decimals: 93.65.
        var ind = Ind(89.42m, 100m, TargetComparator.AtLeast);
        var on = StatusRules.Judge(ind, 89.42m, 2020, 2025, 2022, 93.66m, None);
        Assert.Equal(IndicatorStatus.OnTrack, on.Status);
        Assert.Equal(93.65m, on.PathValue);
        Assert.Contains("年度进度要求93.65%", on.Reason, StringComparison.Ordinal);
        Assert.Equal(IndicatorStatus.AtRisk, StatusRules.Judge(ind, 89.42m, 2020, 2025, 2022, 93.60m, new Projection(100.2m, "趋势")).Status);
        Assert.Equal(IndicatorStatus.Lagging, StatusRules.Judge(ind, 89.42m, 2020, 2025, 2022, 93.60m, new Projection(99m, "趋势")).Status);
        Assert.Equal(IndicatorStatus.Met, StatusRules.Judge(ind, 89.42m, 2020, 2025, 2022, 100m, None).Status);
        // In the plan's last year a shortfall is 滞后 whatever the trend says.
        Assert.Equal(IndicatorStatus.Lagging, StatusRules.Judge(ind, 89.42m, 2020, 2025, 2025, 99.9m, new Projection(101m, "趋势")).Status);
    }

    [Fact]
    public void A_scale_target_allows_two_percent_either_way()
    {
        // 在校生 0.5669 → 0.65 万人: path in 2021 = 0.5669 + 0.0831/5 = 0.58352; tolerance 2 % of 0.65 = 0.013.
        var ind = Ind(0.5669m, 0.65m, TargetComparator.Reach);
        Assert.Equal(IndicatorStatus.OnTrack, StatusRules.Judge(ind, 0.5669m, 2020, 2025, 2021, 0.5820m, None).Status);
        Assert.Equal(IndicatorStatus.Met, StatusRules.Judge(ind, 0.5669m, 2020, 2025, 2024, 0.6380m, None).Status); // 0.65 − 0.638 = 0.012 ≤ 0.013
        Assert.Equal(IndicatorStatus.Lagging, StatusRules.Judge(ind, 0.5669m, 2020, 2025, 2023, 0.5600m, new Projection(0.55m, "趋势")).Status);
        // A falling scale (特殊教育 86 → 50) is reached by going down to it.
        var falling = Ind(86m, 50m, TargetComparator.Reach);
        Assert.Equal(IndicatorStatus.Met, StatusRules.Judge(falling, 86m, 2020, 2025, 2025, 49m, None).Status);
    }

    [Fact]
    public void Missing_values_have_no_status()
    {
        Assert.Equal(IndicatorStatus.NoData, StatusRules.Judge(Ind(1m, 2m, TargetComparator.AtLeast), 1m, 2020, 2025, 2021, null, None).Status);
    }
}
