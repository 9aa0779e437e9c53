namespace EduCounty.Plan.Evaluation;

/// <summary>
/// 规划路径 of one indicator (docs/adr/0011-indicator-status.md): the value required in each plan year on the way from the
/// baseline B (plan year <see cref="BaselineYear"/>) to the target T (plan year <see cref="EndYear"/>),
/// B + (T − B)·f with f = (year − BaselineYear) / (EndYear − BaselineYear) clamped to [0, 1]. A target that asks for no
/// growth — ≥ with T ≤ B (公办园占比 96 → 90, 巩固率 109.98 → 99.5) or ≤ with T ≥ B — is a line to hold: T every year
/// (<see cref="Hold"/>). A 规模 target (<see cref="TargetComparator.Reach"/>) always follows the linear path, down as well
/// as up. The one rule behind the status (<see cref="StatusRules.Judge"/>), the dashboard's trend chart, the report
/// charts and the mid-term comparison.
/// </summary>
/// <param name="Baseline">B: the table's baseline, or the computed baseline-year value where the table prints "/".</param>
/// <param name="Target">T: the plan's target for the end year.</param>
/// <param name="Hold">The target is a line to hold every year rather than a path.</param>
/// <param name="BaselineYear">The plan's baseline year (2020).</param>
/// <param name="EndYear">The plan's end year (2025).</param>
public sealed record PlanPath(decimal Baseline, decimal Target, bool Hold, int BaselineYear, int EndYear)
{
    /// <summary>The path of an indicator from a baseline; null without a target or a baseline.</summary>
    public static PlanPath? Of(PlanIndicator indicator, decimal? baseline, int baselineYear, int endYear)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (indicator.Target is not { } t || baseline is not { } b) return null;
        var hold = indicator.Comparator switch
        {
            TargetComparator.AtLeast => t <= b,
            TargetComparator.AtMost => t >= b,
            _ => false,
        };
        return new PlanPath(b, t, hold, baselineYear, endYear);
    }

    /// <summary>
    /// The path of an indicator in an evaluation: B is the table's baseline, else the indicator's shown value in the
    /// baseline year (the table prints "/", e.g. 数字校园); null when neither exists or there is no target.
    /// </summary>
    public static PlanPath? Of(PlanEvaluation evaluation, PlanIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(indicator);
        var plan = evaluation.Plan;
        return Of(indicator, BaselineOf(evaluation, indicator), plan.BaselineYear, plan.Period.EndYear);
    }

    /// <summary>B of an indicator in an evaluation: the table's baseline, else the computed baseline-year value.</summary>
    public static decimal? BaselineOf(PlanEvaluation evaluation, PlanIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.Baseline ?? evaluation.Trend(indicator.Code).FirstOrDefault(p => p.Year == evaluation.Plan.BaselineYear).Value;
    }

    /// <summary>f: the share of the period elapsed in a plan year, clamped to [0, 1] (1 when the period is a single year).</summary>
    public decimal Fraction(int year) =>
        EndYear == BaselineYear ? 1m : Math.Clamp((decimal)(year - BaselineYear) / (EndYear - BaselineYear), 0m, 1m);

    /// <summary>The value required in a plan year: T for a line to hold, else B + (T − B)·f.</summary>
    public decimal At(int year) => Hold ? Target : Baseline + ((Target - Baseline) * Fraction(year));

    /// <summary>The value required in a plan year rounded half away from zero at the indicator's decimals, as tables print it.</summary>
    public decimal At(int year, int decimals) => Math.Round(At(year), decimals, MidpointRounding.AwayFromZero);

    /// <summary>
    /// How far along the way from B to T a value is, (v − B) / (T − B) × 100 at one decimal; null for a line to hold, a
    /// target equal to the baseline, or no value.
    /// </summary>
    public decimal? PercentDone(decimal? value) =>
        !Hold && Target != Baseline && value is { } v
            ? Math.Round((v - Baseline) / (Target - Baseline) * 100m, 1, MidpointRounding.AwayFromZero)
            : null;
}
