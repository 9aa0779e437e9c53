using System.Globalization;

namespace EduCounty.Plan.Evaluation;

/// <summary>Where an indicator stands in a year against its path to the plan's target (docs/adr/0011-indicator-status.md).</summary>
public enum IndicatorStatus
{
    /// <summary>已达标: the value meets the plan's target already.</summary>
    Met = 1,

    /// <summary>进度正常: not there yet, but on or ahead of the linear path from the baseline to the target.</summary>
    OnTrack = 2,

    /// <summary>有风险: behind the path, but the trend of the actual years reaches the target by the end year.</summary>
    AtRisk = 3,

    /// <summary>滞后: behind the path, and the trend does not reach the target.</summary>
    Lagging = 4,

    /// <summary>无数据: no value (or no target to judge against).</summary>
    NoData = 5,

    /// <summary>目标待核实: the plan file marks the target as doubtful; the value is shown, no status and no advice.</summary>
    UnderReview = 6,
}

/// <summary>Chinese labels and colours of <see cref="IndicatorStatus"/>.</summary>
public static class IndicatorStatusLabels
{
    /// <summary>已达标 / 进度正常 / 有风险 / 滞后 / 无数据.</summary>
    public static string Of(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Met => "已达标",
        IndicatorStatus.OnTrack => "进度正常",
        IndicatorStatus.AtRisk => "有风险",
        IndicatorStatus.Lagging => "滞后",
        IndicatorStatus.UnderReview => "目标待核实",
        _ => "无数据",
    };

    /// <summary>CSS-friendly key: met, ontrack, atrisk, lagging, review, nodata.</summary>
    public static string Key(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Met => "met",
        IndicatorStatus.OnTrack => "ontrack",
        IndicatorStatus.AtRisk => "atrisk",
        IndicatorStatus.Lagging => "lagging",
        IndicatorStatus.UnderReview => "review",
        _ => "nodata",
    };
}

/// <summary>A 2025 projection and how it was made.</summary>
/// <param name="Value">Projected value at the plan's end year, rounded to the indicator's decimals; null when it cannot be made.</param>
/// <param name="Method">The method in Chinese, with the points used and the slope.</param>
public sealed record Projection(decimal? Value, string Method);

/// <summary>A status with its reason and the path value it was judged against.</summary>
public sealed record StatusJudgement(IndicatorStatus Status, string Reason, decimal? PathValue);

/// <summary>
/// The status rules of docs/adr/0011-indicator-status.md and docs/adr/0026: the path (<see cref="PlanPath"/>) from the
/// baseline (plan year <c>BaselineYear</c>) to the target (plan year <c>Period.EndYear</c>), respecting the comparator,
/// rounded at the row's decimals as the table prints it and compared with the row's stated tolerance; the projection (by
/// the method the plan file gives each row) decides between 有风险 and 滞后.
/// </summary>
public static class StatusRules
{
    /// <summary>Tolerance of a scale target (<see cref="TargetComparator.Reach"/>): 2 % of the target either way.</summary>
    public const decimal ScaleTolerance = 0.02m;

    /// <summary>No projection from fewer actual years than this (docs/adr/0026).</summary>
    public const int MinimumProjectionPoints = 3;

    /// <summary>Least-squares linear trend through the (year, value) points, extrapolated to <paramref name="endYear"/>.</summary>
    public static Projection Project(IReadOnlyList<(int Year, decimal Value)> points, int endYear, int decimals) =>
        Linear(points, endYear, decimals, null);

    /// <summary>
    /// The end-year projection of <paramref name="indicator"/> judged in <paramref name="year"/> from the actual values up to it:
    /// in the end year (or later) the actual value itself; otherwise by the row's method (linear, hold, none; default
    /// linear), never from fewer than <see cref="MinimumProjectionPoints"/> years, capped at the row's maximum (and at 0).
    /// </summary>
    public static Projection Project(PlanIndicator indicator, IReadOnlyList<(int Year, decimal Value)> points, int year, int endYear)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(points);
        var decimals = indicator.Formula?.Decimals ?? 2;
        if (indicator.UnderReview) return new Projection(null, $"目标待核实，不作预测（{indicator.ReviewNote ?? indicator.Review}）");
        if (year >= endYear)
        {
            var actual = points.Where(p => p.Year == year).Select(p => (decimal?)p.Value).FirstOrDefault();
            return actual is { } a
                ? new Projection(Math.Round(a, decimals, MidpointRounding.AwayFromZero), $"规划末年（{endYear}年），取实际值，不作预测")
                : new Projection(null, $"规划末年（{endYear}年）无实际值");
        }

        var rule = indicator.Projection ?? new PlanProjectionRule(ProjectionMethod.Linear, "按历年实际值的线性趋势");
        if (rule.Method == ProjectionMethod.None) return new Projection(null, $"不作预测：{rule.Reason}");
        if (points.Count < MinimumProjectionPoints)
        {
            return new Projection(null, $"仅有{points.Count}个年度值，不作预测（至少需要{MinimumProjectionPoints}个年度值）");
        }

        if (rule.Method == ProjectionMethod.Hold)
        {
            var last = points.MaxBy(p => p.Year);
            var held = Math.Round(last.Value, decimals, MidpointRounding.AwayFromZero);
            // A row published at most at its cap (巩固率 100 %, docs/adr/0039) projects no more than it publishes.
            var over = indicator.PublishedCap is { } pc && held > pc;
            return new Projection(over ? indicator.PublishedCap : held,
                $"按最近一年（{last.Year}年）值保持至{endYear}年：{rule.Reason}" + (over ? $"（统计口径值{N(held)}，按公布上限{N(indicator.PublishedCap!.Value)}计）" : ""));
        }

        var p = Linear(points, endYear, decimals, indicator.Maximum ?? indicator.PublishedCap);
        return p with { Method = $"{p.Method}（{rule.Reason}）" };
    }

    private static Projection Linear(IReadOnlyList<(int Year, decimal Value)> points, int endYear, int decimals, decimal? maximum)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return new Projection(null, $"仅有{points.Count}个年度值，无法外推（最小二乘线性趋势至少需要2个年度值）");
        }

        var n = points.Count;
        var mx = points.Average(p => (decimal)p.Year);
        var my = points.Average(p => p.Value);
        var sxx = points.Sum(p => (p.Year - mx) * (p.Year - mx));
        var sxy = points.Sum(p => (p.Year - mx) * (p.Value - my));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        var raw = my + (slope * (endYear - mx));
        var capped = maximum is { } max && raw > max ? max : raw < 0 ? 0 : raw;
        var value = Math.Round(capped, decimals, MidpointRounding.AwayFromZero);
        var first = points.Min(p => p.Year);
        var last = points.Max(p => p.Year);
        var slopeText = Math.Round(slope, decimals + 1, MidpointRounding.AwayFromZero).ToString("+0.#####;−0.#####;0", CultureInfo.InvariantCulture);
        var cap = capped != raw ? $"，趋势值{N(Math.Round(raw, decimals, MidpointRounding.AwayFromZero))}超出取值范围，按{(capped == 0 ? "下限0" : $"上限{N(capped)}")}计" : "";
        return new Projection(value,
            $"最小二乘线性趋势：{first}—{last}年{n}个年度值，斜率{slopeText}/年，外推至{endYear}年{cap}");
    }

    /// <summary>The unit word of a difference in the row's unit: 个百分点 for a rate, else the unit.</summary>
    public static string DifferenceUnit(string unit) => unit == "%" ? "个百分点" : unit;

    /// <summary>The tolerance sentence of a row, e.g. “低于路径值不超过 0.1 个百分点视为符合进度”; empty without one.</summary>
    public static string ToleranceText(PlanIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (indicator.Comparator == TargetComparator.Reach) return $"与路径值相差不超过目标值的 {N(ScaleTolerance * 100)}% 视为符合进度";
        return indicator.PathTolerance is { } t and > 0
            ? $"{(indicator.Comparator == TargetComparator.AtMost ? "高于" : "低于")}路径值不超过 {N(t)}{DifferenceUnit(indicator.Unit)}视为符合进度"
            : "";
    }

    /// <summary>Judges one year's (rounded) value.</summary>
    /// <param name="indicator">The plan row (target and comparator).</param>
    /// <param name="baseline">Path start: the plan's baseline, or the computed baseline-year value when the table prints "/".</param>
    /// <param name="baselineYear">Plan baseline year (2020).</param>
    /// <param name="endYear">Plan end year (2025).</param>
    /// <param name="year">The year judged (school year start = plan year).</param>
    /// <param name="value">The rounded value, or null.</param>
    /// <param name="projection">The end-year projection from the years up to <paramref name="year"/>.</param>
    public static StatusJudgement Judge(PlanIndicator indicator, decimal? baseline, int baselineYear, int endYear, int year, decimal? value, Projection projection)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(projection);
        if (indicator.UnderReview) return new(IndicatorStatus.UnderReview, $"目标{indicator.Review}：{indicator.ReviewNote ?? "规划文件标注目标待核实"}；只列实际值，不评价进度", null);
        if (value is not { } v) return new(IndicatorStatus.NoData, "无本年度值", null);
        if (indicator.Target is not { } t) return new(IndicatorStatus.NoData, "规划未设定目标值", null);
        // Without a baseline (the table prints "/" and the baseline year has no value) the path starts at the value itself.
        var path = PlanPath.Of(indicator, baseline ?? v, baselineYear, endYear)!;
        var decimals = indicator.Formula?.Decimals ?? 2;
        string U(decimal x) => N(x) + indicator.Unit;
        var b = path.Baseline;
        var target = U(t);
        // The path value as the table would print it (the row's decimals), compared with the row's tolerance.
        var required = path.At(year, decimals);
        switch (indicator.Comparator)
        {
            case TargetComparator.AtLeast:
            case TargetComparator.AtMost:
                {
                    var d = indicator.Comparator == TargetComparator.AtLeast ? 1m : -1m;
                    var word = d > 0 ? "不低于" : "不高于";
                    if (d * v >= d * t) return new(IndicatorStatus.Met, $"{U(v)}{word}目标值{target}", t);
                    // A target not beyond the baseline (e.g. 公办园占比 96 → 90) is a line to hold every year (PlanPath.Hold).
                    var tol = indicator.PathTolerance ?? 0m;
                    var tolText = tol > 0 ? $"，容差{N(tol)}{DifferenceUnit(indicator.Unit)}" : "";
                    var text = path.Hold
                        ? $"目标值{target}（目标不高于基期值，须每年保持）"
                        : $"年度进度要求{U(required)}（由基期{U(b)}到目标{target}的线性进度{tolText}）";
                    if (d * (v - required) >= -tol && !path.Hold) return new(IndicatorStatus.OnTrack, $"{U(v)}达到{text}", required);
                    var at = path.Hold ? t : required;
                    return Behind(U(v), at, text, projection, p => d * p >= d * t, target, d > 0 ? "低于" : "高于", year >= endYear, U);
                }

            case TargetComparator.Reach:
                {
                    // A planned scale, not a floor: within 2 % counts as reached/on path (规划口径的预计规模).
                    var tol = Math.Abs(t) * ScaleTolerance;
                    var dir = Math.Sign(t - b);
                    if (Math.Abs(v - t) <= tol || (dir != 0 && dir * (v - t) >= 0)) return new(IndicatorStatus.Met, $"{U(v)}已达到规划规模{target}（±2%）", t);
                    var text = $"年度进度{U(required)}（由基期{U(b)}到规划规模{target}的线性进度，±2%）";
                    if (Math.Abs(v - required) <= tol || (dir != 0 && dir * (v - required) >= 0)) return new(IndicatorStatus.OnTrack, $"{U(v)}符合{text}", required);
                    return Behind(U(v), required, text, projection, p => Math.Abs(p - t) <= tol || (dir != 0 && dir * (p - t) >= 0), target, "偏离", year >= endYear, U);
                }

            case TargetComparator.Equal:
                return v == t ? new(IndicatorStatus.Met, $"{U(v)}等于目标值{target}", t) : new(IndicatorStatus.Lagging, $"{U(v)}不等于目标值{target}", t);
            default:
                return new(IndicatorStatus.NoData, "此类目标不按年度值判定", null);
        }
    }

    private static StatusJudgement Behind(string v, decimal required, string path, Projection projection, Func<decimal, bool> reaches, string target, string verb,
        bool periodOver, Func<decimal, string> unit)
    {
        if (periodOver) return new(IndicatorStatus.Lagging, $"{v}{verb}{path}；规划期已到末年，未达到目标{target}", required);
        if (projection.Value is not { } p) return new(IndicatorStatus.AtRisk, $"{v}{verb}{path}；{projection.Method}", required);
        return reaches(p)
            ? new(IndicatorStatus.AtRisk, $"{v}{verb}{path}；预测规划期末可达{unit(p)}，能达到目标{target}", required)
            : new(IndicatorStatus.Lagging, $"{v}{verb}{path}；预测规划期末为{unit(p)}，达不到目标{target}", required);
    }

    /// <summary>A number as printed: invariant, no trailing zeros.</summary>
    public static string N(decimal v) => v.ToString("0.############", CultureInfo.InvariantCulture);
}
