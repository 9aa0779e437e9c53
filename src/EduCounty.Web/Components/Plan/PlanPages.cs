using EduCounty.Common;
using EduCounty.Common.Caching;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Plan;

/// <summary>Shared by the 规划指标 pages and exports: the plan, the year asked for (or the latest census), the evaluation.</summary>
public static class PlanPages
{
    private static readonly Lazy<PlanDocument> Default = new(PlanLoader.LoadDefault);

    /// <summary>The plan shipped with EduCounty (阜康市 2021—2025).</summary>
    public static PlanDocument Plan => Default.Value;

    /// <summary>The school year from a query value ("2020-2021"), else the latest census year of the plan's county.</summary>
    public static async Task<SchoolYear?> ResolveYearAsync(EduDb db, string? text, CancellationToken ct = default)
    {
        if (SchoolYear.TryParse(text, out var y)) return y;
        var county = Plan.DivisionCode;
        var latest = await VersionedCache.GetAsync(db, "plan.latest-year", county, () => db.GradeEnrolments
            .Where(e => db.Set<School>().Any(s => s.Id == e.SchoolId && s.CountyCode == county))
            .MaxAsync(e => (int?)e.Year, CancellationToken.None), ct);
        return latest is { } l ? new SchoolYear(Math.Min(l, Plan.Period.EndYear)) : null;
    }

    /// <summary>The plan evaluated for the county in a year (from the baseline, for the trend), through the cache.</summary>
    public static Task<PlanEvaluation> EvaluateAsync(EduDb db, SchoolYear year, CancellationToken ct = default) =>
        PlanEvaluationCache.GetAsync(db, Plan, year.StartYear, ct: ct);

    /// <summary>Status CSS class.</summary>
    public static string StatusClass(IndicatorResult r) => "status-" + IndicatorStatusLabels.Key(r.Status) + (r.Alert ? " status-alert" : "");
}
