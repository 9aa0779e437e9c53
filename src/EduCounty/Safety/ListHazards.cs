using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>A row of the hazard ledger with what is derived from today: age, 逾期, escalation.</summary>
public sealed record HazardRow(int Id, string Number, int SchoolId, string School, string TownshipCode, string Location, string Category,
    string CategoryName, string? Grade, string GradeName, HazardState State, DateOnly FoundOn, DateOnly? DueDate, DateOnly? ClosedOn,
    string InspectionKind, bool Supervised, int AgeDays, bool Overdue, int DaysOverdue, EscalationLevel Escalation)
{
    public string StateLabel => SafetyHazard.Label(State);

    public bool Open => State != HazardState.Closed;
}

/// <summary>The hazard ledger (台账) in the context's scope, filtered; the derived fields are computed as of <see cref="Query.Today"/>.</summary>
public static class ListHazards
{
    /// <param name="Year">School year of 发现日期 (null: every year).</param>
    public sealed record Query(DateOnly Today, SchoolYear? Year = null, int? SchoolId = null, HazardState? State = null, string? Grade = null,
        string? Category = null, bool OpenOnly = false, bool OverdueOnly = false);

    public static async Task<IReadOnlyList<HazardRow>> HandleAsync(EduDb db, SafetyRules rules, Query q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(q);
        var hazards = db.SafetyHazards.AsNoTracking();
        if (q.Year is { } y) hazards = hazards.Where(h => h.FoundOn >= y.FirstDay && h.FoundOn <= y.LastDay);
        if (q.SchoolId is { } s) hazards = hazards.Where(h => h.SchoolId == s);
        if (q.State is { } st) hazards = hazards.Where(h => h.State == st);
        if (q.Grade is { Length: > 0 } g) hazards = hazards.Where(h => h.Grade == g);
        if (q.Category is { Length: > 0 } c) hazards = hazards.Where(h => h.Category == c);
        if (q.OpenOnly || q.OverdueOnly) hazards = hazards.Where(h => h.State != HazardState.Closed);
        var rows = await hazards.Join(db.Schools, h => h.SchoolId, s => s.Id, (h, s) => new
        {
            h.Id,
            h.SchoolId,
            School = s.Name,
            s.TownshipCode,
            h.Location,
            h.Category,
            h.Grade,
            h.State,
            h.FoundOn,
            h.DueDate,
            h.ClosedOn,
            h.InspectionKind,
            h.Supervised,
        }).OrderByDescending(x => x.FoundOn).ThenByDescending(x => x.Id).ToListAsync(ct);
        var today = q.Today;
        var list = rows.Select(r =>
        {
            var grade = r.Grade is null ? null : rules.Grades.FirstOrDefault(x => x.Code == r.Grade);
            var open = r.State != HazardState.Closed;
            var overdue = open && r.DueDate is { } d && today > d;
            return new HazardRow(r.Id, "YH" + r.Id.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), r.SchoolId, r.School,
                r.TownshipCode, r.Location, r.Category, rules.CategoryName(r.Category), r.Grade, grade?.Name ?? "未评估", r.State, r.FoundOn,
                r.DueDate, r.ClosedOn, r.InspectionKind, r.Supervised, ((open ? today : r.ClosedOn ?? today).DayNumber - r.FoundOn.DayNumber),
                overdue, overdue ? today.DayNumber - r.DueDate!.Value.DayNumber : 0, SafetyHazard.Escalation(r.DueDate, open, today, grade));
        });
        return [.. q.OverdueOnly ? list.Where(r => r.Overdue) : list];
    }
}
