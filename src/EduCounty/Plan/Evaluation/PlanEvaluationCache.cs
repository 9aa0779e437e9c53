using EduCounty.Common;
using EduCounty.Common.Caching;
using EduCounty.Indicators.DataElements;

namespace EduCounty.Plan.Evaluation;

/// <summary>
/// The plan evaluation and the drill-down through the <see cref="VersionedCache"/>: one result per (plan, 学年, scope,
/// the context's school scope, data version), reused by every page view, report and export until a write to the
/// records bumps the data version (issue 20 item 1). The dashboard, the drill-down, the reports and the downloads read
/// here; the CLI and the freeze compute directly.
/// </summary>
public static class PlanEvaluationCache
{
    /// <summary>As <see cref="EvaluatePlan.HandleAsync"/>, cached; <see cref="PlanEvaluation.AsOf"/> is when it was computed.</summary>
    public static Task<PlanEvaluation> GetAsync(EduDb db, PlanDocument plan, int year, DataScope? scope = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        scope ??= DataScope.County(plan.DivisionCode);
        return VersionedCache.GetAsync(db, "plan.evaluate", $"{plan.Code}|{VersionedCache.IdentityOf(plan)}|{year}|{scope.Level}|{scope.Code}",
            () => EvaluatePlan.HandleAsync(db, plan, year, scope, ct: CancellationToken.None), ct);
    }

    /// <summary>As <see cref="DrillDownIndicator.HandleAsync"/>, cached (its refusals are not cached).</summary>
    public static Task<DrillDownIndicator.Result> DrillAsync(EduDb db, DrillDownIndicator.Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return VersionedCache.GetAsync(db, "plan.drill",
            $"{query.Plan.Code}|{VersionedCache.IdentityOf(query.Plan)}|{query.IndicatorCode}|{query.Year.StartYear}|{query.TownshipCode}",
            () => DrillDownIndicator.HandleAsync(db, query, ct: CancellationToken.None), ct);
    }
}
