using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Safety;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>An open finding in the dashboard lists.</summary>
public sealed record FindingRow(int Id, int VisitId, int SchoolId, string School, string Item, string Grade, string GradeName, FindingState State,
    DateOnly FoundOn, DateOnly Deadline, DateOnly? ClosedOn, int AgeDays, bool Overdue, bool ReviewOverdue, string Description);

/// <summary>
/// The supervision dashboard of a school year (issue 18 §3): visit coverage and cadence, visits by month, findings by grade,
/// by 事项 and by age, and the open findings by school.
/// </summary>
public static class GetSupervisionDashboard
{
    public sealed record Result(SchoolYear Year, DateOnly Today, GetVisitCadence.Result Cadence, int Visits, IReadOnlyList<CountRow> VisitsByMonth,
        IReadOnlyList<CountRow> ByGrade, IReadOnlyList<CountRow> ByItem, IReadOnlyList<CountRow> ByAge, IReadOnlyList<FindingRow> Findings);

    public static async Task<Result> HandleAsync(EduDb db, SupervisionRules rules, SchoolYear year, DateOnly today, string? supervisorUserId = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var cadence = await GetVisitCadence.HandleAsync(db, rules, year, today, supervisorUserId, ct);
        var visits = await db.SupervisionVisits.AsNoTracking().Where(v => v.VisitDate >= year.FirstDay && v.VisitDate <= year.LastDay)
            .Where(v => supervisorUserId == null || v.SupervisorUserId == supervisorUserId).Select(v => v.VisitDate).ToListAsync(ct);
        var findings = await FindingsAsync(db, rules, year, today, supervisorUserId, ct);
        var byMonth = Enumerable.Range(0, 12).Select(i => year.FirstDay.AddMonths(i)).Where(m => m <= today)
            .Select(m => new CountRow($"{m:yyyy-MM}", visits.Count(d => d.Year == m.Year && d.Month == m.Month),
                findings.Count(f => f.FoundOn.Year == m.Year && f.FoundOn.Month == m.Month), 0,
                findings.Count(f => f.ClosedOn is { } c && c.Year == m.Year && c.Month == m.Month), null)).ToList();
        var byGrade = rules.FindingGrades.Select(g => Count(g.Name, [.. findings.Where(f => f.Grade == g.Code)])).Where(c => c.Found > 0).ToList();
        var byItem = rules.Items.Select(i => Count($"{i.Code} {i.Name}", [.. findings.Where(f => f.Item == i.Code)])).Where(c => c.Found > 0).ToList();
        var buckets = SafetyRules.Default().AgeBuckets;
        var byAge = findings.Where(f => f.State != FindingState.Closed).GroupBy(f => SafetyRules.AgeBucket(buckets, f.AgeDays))
            .OrderBy(g => g.Min(f => f.AgeDays)).Select(g => Count(g.Key, [.. g])).ToList();
        return new Result(year, today, cadence, visits.Count, byMonth, byGrade, byItem, byAge, findings);
    }

    /// <summary>The findings of the year's visits with what is derived from today.</summary>
    public static async Task<IReadOnlyList<FindingRow>> FindingsAsync(EduDb db, SupervisionRules rules, SchoolYear? year, DateOnly today,
        string? supervisorUserId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var q = db.SupervisionFindings.AsNoTracking();
        if (year is { } y) q = q.Where(f => f.FoundOn >= y.FirstDay && f.FoundOn <= y.LastDay);
        if (supervisorUserId is not null) q = q.Where(f => db.Set<SupervisionVisit>().Any(v => v.Id == f.VisitId && v.SupervisorUserId == supervisorUserId));
        var rows = await q.Join(db.Schools, f => f.SchoolId, s => s.Id, (f, s) => new { f, School = s.Name }).OrderByDescending(x => x.f.FoundOn).ToListAsync(ct);
        return [.. rows.Select(x =>
        {
            var f = x.f;
            var open = f.State != FindingState.Closed;
            return new FindingRow(f.Id, f.VisitId, f.SchoolId, x.School, f.Item, f.Grade, rules.GradeName(f.Grade), f.State, f.FoundOn, f.Deadline, f.ClosedOn,
                (open ? today : f.ClosedOn ?? today).DayNumber - f.FoundOn.DayNumber, f.IsOverdue(today),
                f.ReviewDue(rules.ReviewDays) is { } due && today > due, f.Description);
        })];
    }

    private static CountRow Count(string key, List<FindingRow> rows)
    {
        var closeDays = rows.Where(r => r.State == FindingState.Closed).Select(r => (double)r.AgeDays).Order().ToList();
        return new CountRow(key, rows.Count, rows.Count(r => r.State != FindingState.Closed), rows.Count(r => r.Overdue), closeDays.Count,
            GetSafetyDashboard.Median(closeDays));
    }
}
