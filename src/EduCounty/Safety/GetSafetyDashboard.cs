using EduCounty.Common;

namespace EduCounty.Safety;

/// <summary>A count by a key (grade, age bucket, category, month).</summary>
public sealed record CountRow(string Key, int Found, int Open, int Overdue, int Closed, double? MedianDaysToClose);

/// <summary>Open hazards of one school by grade.</summary>
public sealed record SchoolHazards(int SchoolId, string School, IReadOnlyDictionary<string, int> OpenByGrade, int Open, int Overdue, int OldestOpenDays);

/// <summary>
/// The safety dashboard of a school year (issue 18 §3): open hazards by school, grade and age, by category, the month by
/// month trend (found, closed), overdue and escalated counts, and the median days from 发现 to 销号 by grade.
/// </summary>
public static class GetSafetyDashboard
{
    public sealed record Result(SchoolYear Year, DateOnly Today, int Found, int Closed, int Open, int Overdue, int EscalatedTownship, int EscalatedCounty,
        int SupervisedOpen, IReadOnlyList<CountRow> ByGrade, IReadOnlyList<CountRow> ByAge, IReadOnlyList<CountRow> ByCategory,
        IReadOnlyList<CountRow> Trend, IReadOnlyList<SchoolHazards> BySchool);

    public static async Task<Result> HandleAsync(EduDb db, SafetyRules rules, SchoolYear year, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var rows = await ListHazards.HandleAsync(db, rules, new ListHazards.Query(today, year), ct);
        return Build(rules, year, today, rows);
    }

    /// <summary>The figures over a year's ledger rows (found in that year).</summary>
    public static Result Build(SafetyRules rules, SchoolYear year, DateOnly today, IReadOnlyList<HazardRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(rows);
        var open = rows.Where(r => r.Open).ToList();
        var byGrade = rules.Grades.Select(g => Count(g.Name, rows.Where(r => r.Grade == g.Code).ToList()))
            .Append(Count("未评估", rows.Where(r => r.Grade is null).ToList())).Where(c => c.Found > 0).ToList();
        var byAge = open.GroupBy(r => Bucket(rules, r.AgeDays)).OrderBy(g => g.Min(r => r.AgeDays))
            .Select(g => Count(g.Key, [.. g])).ToList();
        var byCategory = rows.GroupBy(r => r.CategoryName).OrderByDescending(g => g.Count()).Select(g => Count(g.Key, [.. g])).ToList();
        var trend = Enumerable.Range(0, 12).Select(i => year.FirstDay.AddMonths(i)).Where(m => m <= today)
            .Select(m => new CountRow($"{m:yyyy-MM}", rows.Count(r => r.FoundOn.Year == m.Year && r.FoundOn.Month == m.Month), 0, 0,
                rows.Count(r => r.ClosedOn is { } c && c.Year == m.Year && c.Month == m.Month), null)).ToList();
        var bySchool = open.GroupBy(r => (r.SchoolId, r.School))
            .Select(g => new SchoolHazards(g.Key.SchoolId, g.Key.School,
                g.GroupBy(r => r.GradeName).ToDictionary(x => x.Key, x => x.Count()), g.Count(), g.Count(r => r.Overdue), g.Max(r => r.AgeDays)))
            .OrderByDescending(s => s.Overdue).ThenByDescending(s => s.Open).ToList();
        return new Result(year, today, rows.Count, rows.Count(r => !r.Open), open.Count, open.Count(r => r.Overdue),
            open.Count(r => r.Escalation == EscalationLevel.Township), open.Count(r => r.Escalation == EscalationLevel.County),
            open.Count(r => r.Supervised), byGrade, byAge, byCategory, trend, bySchool);
    }

    private static string Bucket(SafetyRules rules, int days) => SafetyRules.AgeBucket(rules.AgeBuckets, days);

    private static CountRow Count(string key, List<HazardRow> rows)
    {
        var closeDays = rows.Where(r => !r.Open).Select(r => (double)r.AgeDays).Order().ToList();
        return new CountRow(key, rows.Count, rows.Count(r => r.Open), rows.Count(r => r.Overdue), closeDays.Count, Median(closeDays));
    }

    /// <summary>The median of sorted values (null when none).</summary>
    public static double? Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
