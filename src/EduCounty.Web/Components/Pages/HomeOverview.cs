using EduCounty.Common;
using EduCounty.Common.Caching;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Pages;

/// <summary>What 首页 shows for one asked year (census by year, schools, staff, fitness, myopia), computed once per data version and school scope.</summary>
public sealed record HomeOverview(IReadOnlyList<CensusStats> Years, CensusStats? Latest, int Schools, int Points, int Staff,
    EduCounty.Fitness.FitnessRateRow? Fitness, EduCounty.Fitness.MyopiaYear? Myopia)
{
    /// <summary>The cached overview (EduCounty.Common.Caching): the page and the start-up warm-up ask the same entry.</summary>
    public static Task<HomeOverview> GetAsync(EduDb db, IReadOnlyCollection<int>? scope, SchoolYear? asked, CancellationToken ct = default) =>
        VersionedCache.GetAsync(db, "home", asked?.ToString() ?? "", () => LoadAsync(db, scope, asked), ct);

    private static async Task<HomeOverview> LoadAsync(EduDb db, IReadOnlyCollection<int>? scope, SchoolYear? asked)
    {
        var list = new List<CensusStats>();
        var years = await db.GradeEnrolments.Where(e => scope == null || scope.Contains(e.SchoolId)).Select(e => e.Year).Distinct().OrderBy(y => y).ToListAsync();
        foreach (var y in years)
        {
            list.Add(await GetCensusStats.HandleAsync(db, new SchoolYear(y), scope));
        }
        if ((list.LastOrDefault(s => asked is null || s.Year == asked) ?? list.LastOrDefault()) is not { } latest)
        {
            return new HomeOverview(list, null, 0, 0, 0, null, null);
        }
        var census = latest.Year.CensusDate;
        var schools = db.Schools.OpenOn(census).Where(s => scope == null || scope.Contains(s.Id));
        var fitness = await EduCounty.Fitness.GetFitnessRates.HandleAsync(db, new(latest.Year.StartYear, EduCounty.Fitness.FitnessBreakdown.County, scope));
        return new HomeOverview(list, latest,
            await schools.CountAsync(s => !s.IsTeachingPoint),
            await schools.CountAsync(s => s.IsTeachingPoint),
            await db.StaffYears.CountAsync(s => s.Year == latest.Year.StartYear && (scope == null || scope.Contains(s.SchoolId))),
            fitness.Count > 0 ? fitness[0] : null,
            (await EduCounty.Fitness.GetMyopiaRates.ByYearAsync(db, scope)).LastOrDefault(m => m.Year == latest.Year.StartYear));
    }
}
