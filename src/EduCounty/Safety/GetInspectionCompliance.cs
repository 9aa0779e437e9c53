using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>One school's monthly 排查 reports in a school year: the months due so far and those missing.</summary>
public sealed record InspectionComplianceRow(int SchoolId, string School, string TownshipCode, IReadOnlyList<(int Year, int Month)> Missing, int Reported, int HazardsReported)
{
    /// <summary>A school that reported nothing for a month already due is flagged.</summary>
    public bool Flagged => Missing.Count > 0;
}

/// <summary>
/// 月度排查 compliance: for each open school in scope (teaching points report with their school), the months of the school
/// year from <see cref="MonthlyReportRule.FirstMonth"/> whose due day (of the next month) has passed by today, and which
/// of them have no report. The month list and due day are config (safety-rules.json monthlyReport, [unverified]).
/// </summary>
public static class GetInspectionCompliance
{
    public sealed record Result(SchoolYear Year, DateOnly Today, IReadOnlyList<(int Year, int Month)> DueMonths, IReadOnlyList<InspectionComplianceRow> Schools)
    {
        public int FlaggedSchools => Schools.Count(s => s.Flagged);
    }

    /// <summary>The months of <paramref name="year"/> whose report is due by <paramref name="today"/>.</summary>
    public static IReadOnlyList<(int Year, int Month)> DueMonths(SchoolYear year, MonthlyReportRule rule, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var list = new List<(int, int)>();
        var first = new DateOnly(rule.FirstMonth >= 9 ? year.StartYear : year.EndYear, rule.FirstMonth, 1);
        for (var m = first; m <= year.LastDay; m = m.AddMonths(1))
        {
            var due = m.AddMonths(1).AddDays(rule.DueDay - 1);
            if (today > due) list.Add((m.Year, m.Month));
        }
        return list;
    }

    public static async Task<Result> HandleAsync(EduDb db, SafetyRules rules, SchoolYear year, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var due = DueMonths(year, rules.MonthlyReport, today);
        var asOf = today < year.LastDay ? today : year.LastDay;
        var schools = await db.Schools.AsNoTracking().OpenOn(asOf).Where(s => !s.IsTeachingPoint)
            .OrderBy(s => s.TownshipCode).ThenBy(s => s.Code).Select(s => new { s.Id, s.Name, s.TownshipCode }).ToListAsync(ct);
        var from = year.StartYear * 100 + 9;
        var to = year.EndYear * 100 + 8;
        var reports = await db.SafetyInspectionReports.AsNoTracking()
            .Where(r => r.Year * 100 + r.Month >= from && r.Year * 100 + r.Month <= to)
            .Select(r => new { r.SchoolId, r.Year, r.Month, r.HazardsFound }).ToListAsync(ct);
        var bySchool = reports.ToLookup(r => r.SchoolId);
        var rows = schools.Select(s =>
        {
            var mine = bySchool[s.Id].ToList();
            var missing = due.Where(d => !mine.Any(r => r.Year == d.Year && r.Month == d.Month)).ToList();
            return new InspectionComplianceRow(s.Id, s.Name, s.TownshipCode, missing, mine.Count, mine.Sum(r => r.HazardsFound));
        }).ToList();
        return new Result(year, today, due, rows);
    }
}
