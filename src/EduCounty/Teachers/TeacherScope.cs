using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>The schools a question is about: a county, optionally narrowed to some schools (a user's scope or a school page).</summary>
public static class TeacherScope
{
    /// <summary>The county's schools (all of them; the staff snapshots of the year decide who counts), optionally only <paramref name="schoolIds"/>.</summary>
    public static IQueryable<School> Schools(EduDb db, string countyCode, IReadOnlyCollection<int>? schoolIds = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Schools.Where(s => s.CountyCode == countyCode);
        return schoolIds is null ? q : q.Where(s => schoolIds.Contains(s.Id));
    }

    /// <summary>The schools of several counties (a province's report in one pass).</summary>
    public static IQueryable<School> Schools(EduDb db, IReadOnlyCollection<string> countyCodes)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(countyCodes);
        var codes = countyCodes.Distinct().ToList();
        return codes.Count == 1 ? db.Schools.Where(s => s.CountyCode == codes[0]) : db.Schools.Where(s => codes.Contains(s.CountyCode));
    }

    /// <summary>Names and counties of schools by id, in 学校标识码 order.</summary>
    public static async Task<List<(int Id, string Name, string CountyCode)>> NamesWithCountyAsync(IQueryable<School> schools, CancellationToken ct) =>
        [.. (await schools.OrderBy(s => s.Code).Select(s => new { s.Id, s.Name, s.CountyCode }).ToListAsync(ct)).Select(s => (s.Id, s.Name, s.CountyCode))];

    /// <summary>Names of schools by id, in 学校标识码 order.</summary>
    public static async Task<List<(int Id, string Name)>> NamesAsync(IQueryable<School> schools, CancellationToken ct) =>
        [.. (await schools.OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];

    /// <summary>numerator ÷ denominator × 100, 2 decimals; null without a denominator.</summary>
    public static decimal? Percent(int numerator, int denominator) =>
        denominator == 0 ? null : Math.Round(100m * numerator / denominator, 2, MidpointRounding.AwayFromZero);
}
