using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>Screened students and those with 筛查性近视 (docs/adr/0012) — numerator and denominator of the 近视率.</summary>
public sealed record MyopiaCount(int Myopic, int Screened)
{
    /// <summary>近视率 in %, two decimals.</summary>
    public double Rate => Screened == 0 ? 0 : Math.Round(Myopic * 100.0 / Screened, 2, MidpointRounding.AwayFromZero);
}

/// <summary>One year's 近视率 against the plan: task 13 “近视率每年下降0.5个百分点” (plans/fukang-2021-2025.json health.myopia_decline).</summary>
public sealed record MyopiaYear(int Year, MyopiaCount Count, double? Change, double? Target, bool? Met)
{
    public string Label => new SchoolYear(Year).ToString();
}

/// <summary>近视率 per school, grade or county for one year (aggregated in SQL).</summary>
public sealed record MyopiaGroup(string Key, string Label, MyopiaCount Count);

public static class GetMyopiaRates
{
    /// <summary>Percentage points the rate must fall each year (plan task 13, indicator health.myopia_decline).</summary>
    public const double PlanDeclinePerYear = 0.5;

    /// <summary>Data element key for the plan indicator engine: the 近视率 (%) of a year and scope.</summary>
    public const string DataElement = "health.myopia_rate";

    /// <summary>The county (or scoped) 近视率 of one year: numerator and denominator, for the plan's indicator engine.</summary>
    public static async Task<MyopiaCount> MyopiaRate(EduDb db, int year, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = Scoped(db, schoolIds).Where(v => v.Year == year);
        var r = await q.GroupBy(v => 1).Select(g => new { Myopic = g.Sum(v => v.Myopia ? 1 : 0), Screened = g.Count() }).FirstOrDefaultAsync(ct);
        return new MyopiaCount(r?.Myopic ?? 0, r?.Screened ?? 0);
    }

    /// <summary>Every year's rate with its change over the year before and whether it fell by at least 0.5 percentage points.</summary>
    public static async Task<IReadOnlyList<MyopiaYear>> ByYearAsync(EduDb db, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await Scoped(db, schoolIds).GroupBy(v => v.Year)
            .Select(g => new { Year = g.Key, Myopic = g.Sum(v => v.Myopia ? 1 : 0), Screened = g.Count() })
            .OrderBy(x => x.Year).ToListAsync(ct);
        var result = new List<MyopiaYear>();
        MyopiaCount? previous = null;
        foreach (var r in rows)
        {
            var count = new MyopiaCount(r.Myopic, r.Screened);
            if (previous is null)
            {
                result.Add(new MyopiaYear(r.Year, count, null, null, null));
            }
            else
            {
                // Compared on the rates as published (two decimals), so a reader can check the table by hand.
                var change = Math.Round(count.Rate - previous.Rate, 2, MidpointRounding.AwayFromZero);
                var target = Math.Round(previous.Rate - PlanDeclinePerYear, 2, MidpointRounding.AwayFromZero);
                result.Add(new MyopiaYear(r.Year, count, change, target, count.Rate <= target));
            }
            previous = count;
        }
        return result;
    }

    /// <summary>Rates of one year by school (<paramref name="bySchool"/>) or by grade.</summary>
    public static async Task<IReadOnlyList<MyopiaGroup>> GroupedAsync(EduDb db, int year, bool bySchool, IReadOnlyCollection<int>? schoolIds = null,
        int? schoolId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = Scoped(db, schoolIds).Where(v => v.Year == year);
        if (schoolId is { } sid)
        {
            q = q.Where(v => v.SchoolId == sid);
        }
        if (bySchool)
        {
            var rows = await q.GroupBy(v => v.SchoolId)
                .Select(g => new { g.Key, Myopic = g.Sum(v => v.Myopia ? 1 : 0), Screened = g.Count() }).ToListAsync(ct);
            var ids = rows.Select(r => r.Key).ToList();
            var names = await db.Schools.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.Code }).ToListAsync(ct);
            return rows.Join(names, r => r.Key, n => n.Id, (r, n) => (r, n)).OrderBy(x => x.n.Code)
                .Select(x => new MyopiaGroup(x.n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), x.n.Name, new MyopiaCount(x.r.Myopic, x.r.Screened)))
                .ToList();
        }
        var grades = await q.GroupBy(v => v.Grade)
            .Select(g => new { g.Key, Myopic = g.Sum(v => v.Myopia ? 1 : 0), Screened = g.Count() }).ToListAsync(ct);
        return grades.OrderBy(g => Grades.Order(g.Key)).Select(g => new MyopiaGroup(g.Key, Grades.Label(g.Key), new MyopiaCount(g.Myopic, g.Screened))).ToList();
    }

    private static IQueryable<VisionScreening> Scoped(EduDb db, IReadOnlyCollection<int>? schoolIds) =>
        schoolIds is null ? db.VisionScreenings : db.VisionScreenings.Where(v => schoolIds.Contains(v.SchoolId));
}
