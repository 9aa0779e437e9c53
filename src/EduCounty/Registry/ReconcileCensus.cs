using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>
/// 学籍与统计核对: for a school year, per school × grade, the students in the 学籍 (学年 snapshots at the census) against
/// the autumn census (<see cref="GradeEnrolment"/>, either source), the difference and whether it is beyond the tolerance.
/// A grade present on one side only is always flagged.
/// </summary>
public static class ReconcileCensus
{
    /// <summary>Flagged when |学籍 − 统计| exceeds both <paramref name="Persons"/> and <paramref name="Percent"/> % of the larger count.</summary>
    public sealed record Tolerance(int Persons = 2, decimal Percent = 2m)
    {
        public bool Exceeded(int records, int census)
        {
            var diff = Math.Abs(records - census);
            return diff > Persons && diff * 100m > Percent * Math.Max(records, census);
        }

        /// <summary>A tolerance from user input (the CLI's options, the page's form): negative values are refused.</summary>
        public static Tolerance Checked(int persons, decimal percent) =>
            persons < 0 || percent < 0 || percent > 100
                ? throw new RuleException($"容差无效：人数 {persons}、百分比 {percent}；应为不小于 0 的人数和 0～100 的百分比") { Field = "tolerance" }
                : new Tolerance(persons, percent);

        public override string ToString() => $"相差超过 {Persons} 人且超过 {Percent:0.##}%";
    }

    public sealed record Row(int SchoolId, string SchoolCode, string SchoolName, string Grade, string GradeLabel, int? Records, int? Census,
        string? CensusSource, int? Difference, bool Flagged);

    public sealed record Result(SchoolYear Year, Tolerance Tolerance, IReadOnlyList<Row> Rows)
    {
        public int Flagged => Rows.Count(r => r.Flagged);
        public int Records => Rows.Sum(r => r.Records ?? 0);
        public int Census => Rows.Sum(r => r.Census ?? 0);
    }

    /// <param name="schoolIds">Organisation scope: null = every school.</param>
    public static async Task<Result> HandleAsync(EduDb db, SchoolYear year, Tolerance? tolerance = null, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        tolerance ??= new Tolerance();
        var y = year.StartYear;
        var records = db.StudentYears.Where(s => s.Year == y);
        var census = db.GradeEnrolments.Where(e => e.Year == y);
        if (schoolIds is not null)
        {
            records = records.Where(s => schoolIds.Contains(s.SchoolId));
            census = census.Where(e => schoolIds.Contains(e.SchoolId));
        }
        var byRecords = (await records.GroupBy(s => new { s.SchoolId, s.Grade }).Select(g => new { g.Key.SchoolId, g.Key.Grade, N = g.Count() }).ToListAsync(ct))
            .ToDictionary(r => (r.SchoolId, r.Grade), r => r.N);
        var byCensus = (await census.GroupBy(e => new { e.SchoolId, e.Grade, e.Source }).Select(g => new { g.Key.SchoolId, g.Key.Grade, g.Key.Source, N = g.Sum(e => e.Students) }).ToListAsync(ct))
            .GroupBy(r => (r.SchoolId, r.Grade))
            .ToDictionary(g => g.Key, g => (N: g.Sum(r => r.N), Source: string.Join("、", g.Select(r => r.Source).Distinct().Order().Select(CensusSources.Label))));
        var ids = byRecords.Keys.Concat(byCensus.Keys).Select(k => k.SchoolId).Distinct().ToList();
        var schools = await db.Schools.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new { s.Code, s.Name }, ct);
        var rows = byRecords.Keys.Union(byCensus.Keys)
            .OrderBy(k => schools[k.SchoolId].Code, StringComparer.Ordinal).ThenBy(k => Grades.Order(k.Grade))
            .Select(k =>
            {
                int? r = byRecords.TryGetValue(k, out var n) ? n : null;
                var c = byCensus.TryGetValue(k, out var cs) ? cs : ((int N, string Source)?)null;
                var diff = r is { } rv && c is { } cv ? rv - cv.N : (int?)null;
                var flagged = r is null || c is null || tolerance.Exceeded(r.Value, c.Value.N);
                return new Row(k.SchoolId, schools[k.SchoolId].Code, schools[k.SchoolId].Name, k.Grade, Grades.Label(k.Grade), r, c?.N, c?.Source, diff, flagged);
            })
            .ToList();
        return new Result(year, tolerance, rows);
    }
}
