using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>One coverage item: schools it applies to, schools that have it, the share against the target.</summary>
public sealed record CoverageResult(CoverageItem Item, int Applicable, int Installed, int Unknown, decimal? Percent, IReadOnlyList<string> Missing)
{
    public bool Met => Percent is { } p && p >= Item.Target;
}

/// <summary>
/// 明厨亮灶 and the other coverage items (plan tasks 55, 56): over the open schools in scope on <c>asOf</c> (teaching points
/// are counted with their school), share = schools with the item built by then ÷ schools it applies to (不适用 left
/// out; a school with no record counts as not covered and is listed). 明厨亮灶 is the plan's target
/// <c>safety.kitchen_coverage</c> (100 %, task 55).
/// </summary>
public static class GetSafetyCoverage
{
    public static async Task<IReadOnlyList<CoverageResult>> HandleAsync(EduDb db, SafetyRules rules, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var schools = await db.Schools.AsNoTracking().OpenOn(asOf).Where(s => !s.IsTeachingPoint).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var facilities = (await db.SafetyFacilities.AsNoTracking().Select(f => new { f.SchoolId, f.Code, f.Status, f.Since }).ToListAsync(ct))
            .ToLookup(f => f.Code);
        return [.. rules.Coverage.Select(item =>
        {
            var byschool = facilities[item.Code].ToDictionary(f => f.SchoolId);
            var applicable = schools.Where(s => !byschool.TryGetValue(s.Id, out var f) || f.Status != FacilityStatus.NotApplicable).ToList();
            var installed = applicable.Count(s => byschool.TryGetValue(s.Id, out var f) && f.Status == FacilityStatus.Installed && f.Since <= asOf);
            var missing = applicable.Where(s => !(byschool.TryGetValue(s.Id, out var f) && f.Status == FacilityStatus.Installed && f.Since <= asOf))
                .Select(s => s.Name).ToList();
            var unknown = applicable.Count(s => !byschool.ContainsKey(s.Id));
            decimal? percent = applicable.Count == 0 ? null : Math.Round(100m * installed / applicable.Count, 1);
            return new CoverageResult(item, applicable.Count, installed, unknown, percent, missing);
        })];
    }
}
