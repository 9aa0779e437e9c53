using EduCounty.Common;
using EduCounty.Common.Caching;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Balance;

/// <summary>Defaults shared by the /balance pages: the counties of the database and the census years it holds.</summary>
public sealed record BalanceContext(IReadOnlyList<(string Code, string Name)> Counties, IReadOnlyList<int> Years, string County, int Year)
{
    public SchoolYear SchoolYear => new(Year);

    public static async Task<BalanceContext?> LoadAsync(EduDb db, string? county, SchoolYear? year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The counties and census years change only with the data: read once per data version (and school scope).
        var (counties, years) = await VersionedCache.GetAsync(db, "balance.context", "", async () =>
        {
            var all = (await db.Divisions.Where(d => d.Level == 3).OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(CancellationToken.None))
                .Select(d => (d.Code, d.Name)).ToList();
            return (all, await db.GradeEnrolments.Select(e => e.Year).Distinct().OrderByDescending(y => y).ToListAsync(CancellationToken.None));
        }, ct);
        if (counties.Count == 0 || years.Count == 0)
        {
            return null;
        }
        var c = counties.Any(x => x.Code == county) ? county! : counties[0].Code;
        var y = year is { } v && years.Contains(v.StartYear) ? v.StartYear : years[0];
        return new BalanceContext(counties, years, c, y);
    }
}
