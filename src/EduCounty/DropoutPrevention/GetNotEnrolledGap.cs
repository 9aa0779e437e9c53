using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// 适龄未入学 from the population data (issue 17 item 1; dropout-prevention.md §2 失学 "户籍/人口 record with no 学籍", §4
/// 四查三比对 户籍↔学籍). The registry holds population only as counts by 区划, year and single age (<see cref="AgePopulation"/>),
/// not per child, so no case can be opened for a named child (docs/adr/0034): this compares, per 乡镇 and for the county,
/// the 6–15 周岁 population of the school year (dropout-rules.json <c>compulsoryAge</c>, §2) with the students of that
/// age on the year's autumn census rolls of the area's schools. A positive gap is a figure to verify by 铁脚板摸排 (§4),
/// not a count of children out of school: children schooled in another 乡镇 (or county) make a 乡镇's gap approximate.
/// Age in 周岁 on 08-31 of the year's start (义务教育法§11 入学年龄 convention used by the population counts).
/// </summary>
public static class GetNotEnrolledGap
{
    /// <summary>One area: population of the age band, students of that age on the rolls, and the gap (population − students).</summary>
    public sealed record Gap(string Code, string Name, int Population, int Enrolled)
    {
        public int Difference => Population - Enrolled;

        /// <summary>Flagged when the population exceeds the students on the rolls (to verify: 四查三比对).</summary>
        public bool Flagged => Difference > 0;
    }

    /// <summary>
    /// The gaps of <paramref name="year"/>: the 乡镇 whose schools are all in the reader's scope, and the county for a
    /// county-wide reader; empty when the year has no population counts or no census rolls (缺数据, not a zero gap).
    /// </summary>
    public static async Task<IReadOnlyList<Gap>> HandleAsync(EduDb db, DropoutRules rules, SchoolYear year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var (from, to) = (rules.CompulsoryAge.From, rules.CompulsoryAge.To);
        // 周岁 on 08-31 of the start year in [from, to] ⇔ born from (start − to − 1)-09-01 to (start − from)-08-31.
        var bornFrom = new DateOnly(year.StartYear - to - 1, 9, 1);
        var bornTo = new DateOnly(year.StartYear - from, 8, 31);
        var enrolled = await db.StudentYears.Where(y => y.Year == year.StartYear)
            .Join(db.Students, y => y.StudentId, s => s.Id, (y, s) => new { y.SchoolId, s.BirthDate })
            .Where(x => x.BirthDate >= bornFrom && x.BirthDate <= bornTo)
            .Join(db.Schools, x => x.SchoolId, s => s.Id, (x, s) => s.TownshipCode)
            .GroupBy(t => t).Select(g => new { Town = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var anyRoll = await db.StudentYears.AnyAsync(y => y.Year == year.StartYear, ct);
        if (!anyRoll)
        {
            return [];
        }
        // A 乡镇 is compared only when the reader sees all its schools (a school's account would compare one school's roll
        // with the whole 乡镇's population); the county only for a county-wide reader.
        var seen = await db.Schools.GroupBy(s => s.TownshipCode).Select(g => new { Town = g.Key, Count = g.Count() }).ToListAsync(ct);
        var all = await db.Schools.IgnoreQueryFilters().GroupBy(s => s.TownshipCode).Select(g => new { Town = g.Key, Count = g.Count() }).ToListAsync(ct);
        var towns = seen.Where(x => all.Any(a => a.Town == x.Town && a.Count == x.Count)).Select(x => x.Town).ToList();
        var countyWide = db.SchoolScope is null;
        var counties = countyWide ? await db.Schools.Select(s => s.CountyCode).Distinct().ToListAsync(ct) : [];
        var codes = towns.Concat(counties).ToList();
        var population = await db.AgePopulations.Where(p => p.Year == year.StartYear && p.Age >= from && p.Age <= to && codes.Contains(p.DivisionCode))
            .GroupBy(p => p.DivisionCode).Select(g => new { Code = g.Key, Count = g.Sum(p => p.Count) })
            .ToDictionaryAsync(x => x.Code, x => x.Count, ct);
        var names = await db.Divisions.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var list = towns.Where(population.ContainsKey).Order(StringComparer.Ordinal)
            .Select(t => new Gap(t, names.GetValueOrDefault(t, t), population[t], enrolled.Where(e => e.Town == t).Sum(e => e.Count)))
            .ToList();
        // The county: its own population rows when there are (else the sum of its 乡镇), against every roll in the county.
        var pop = counties.Where(population.ContainsKey).Sum(c => population[c]);
        if (countyWide && (pop > 0 || list.Count > 0))
        {
            list.Add(new Gap("", "全县", pop > 0 ? pop : list.Sum(g => g.Population), enrolled.Sum(e => e.Count)));
        }
        return list;
    }
}
