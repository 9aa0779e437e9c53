using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>One case of the ledger with its deadline state on <c>today</c> (no notes: those are on the case page, audited).</summary>
public sealed record CaseRow(int Id, string Number, int StudentId, string Student, string StudentNumber, int SchoolId, string School, string TownshipCode,
    string Township, string Grade, CaseKind Kind, CaseSource Source, DateOnly LeftOn, DateOnly OpenedOn, string Causes, int Steps, DateOnly? LastStep,
    DateOnly? NextDue, bool Overdue, int DaysOverdue, int DaysOpen, CaseLevel Level, bool Closed, CaseClosure? Closure, DateOnly? ClosedOn)
{
    public string KindLabel => DropoutLabels.Of(Kind);

    public string SourceLabel => DropoutLabels.Of(Source);

    public string StateLabel => Closed ? $"已销号（{DropoutLabels.Of(Closure!.Value)}）" : Overdue ? "逾期未劝返" : "劝返中";

    public string LevelLabel => Closed ? "" : DropoutRules.Label(Level);
}

/// <summary>
/// The case ledger of a school year in the caller's scope (a school sees its own cases only): cases that left school in
/// the year, and earlier ones still open or closed during it. Each row carries its next 劝返 deadline and escalation
/// level on <c>today</c> (dropout-rules.json; dropout-prevention.md §4).
/// </summary>
public static class ListDropoutCases
{
    public sealed record Query(DateOnly Today, SchoolYear? Year = null, int? SchoolId = null, string? TownshipCode = null, bool OpenOnly = false, bool OverdueOnly = false);

    public static async Task<IReadOnlyList<CaseRow>> HandleAsync(EduDb db, DropoutRules rules, Query q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(q);
        var cases = db.DropoutCases.AsNoTracking();
        if (q.Year is { } y)
        {
            cases = cases.Where(k => k.LeftOn <= y.LastDay && (k.LeftOn >= y.FirstDay || !k.Closed || k.ClosedOn >= y.FirstDay));
        }
        if (q.SchoolId is { } school) cases = cases.Where(k => k.SchoolId == school);
        if (q.OpenOnly || q.OverdueOnly) cases = cases.Where(k => !k.Closed);
        var raw = await cases.OrderBy(k => k.Id).Select(k => new
        {
            Case = k,
            Steps = k.Steps.Select(s => new { s.Date, s.NextOn, s.Id }).ToList(),
            // One scalar subquery per column: a multi-column First() becomes a ROW_NUMBER() window over every student.
            StudentName = db.Set<Student>().Where(s => s.Id == k.StudentId).Select(s => s.Name).FirstOrDefault() ?? "",
            StudentNumber = db.Set<Student>().Where(s => s.Id == k.StudentId).Select(s => s.StudentNumber).FirstOrDefault() ?? "",
            SchoolName = db.Set<School>().Where(s => s.Id == k.SchoolId).Select(s => s.Name).FirstOrDefault() ?? "",
            TownshipCode = db.Set<School>().Where(s => s.Id == k.SchoolId).Select(s => s.TownshipCode).FirstOrDefault() ?? "",
        }).ToListAsync(ct);
        var codes = raw.Select(r => r.TownshipCode).Distinct().ToList();
        var towns = await db.Divisions.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var rows = new List<CaseRow>(raw.Count);
        foreach (var r in raw)
        {
            var k = r.Case;
            if (q.TownshipCode is { Length: > 0 } t && r.TownshipCode != t) continue;
            k.Steps = [.. r.Steps.Select(s => new PersuasionStep { Id = s.Id, Date = s.Date, NextOn = s.NextOn, Method = "", Participants = "", Result = "", RecordedBy = "" })];
            var row = Row(k, rules, q.Today, r.StudentName, r.StudentNumber, r.SchoolName, r.TownshipCode, towns.GetValueOrDefault(r.TownshipCode, r.TownshipCode));
            if (!q.OverdueOnly || row.Overdue) rows.Add(row);
        }
        return rows;
    }

    internal static CaseRow Row(DropoutCase k, DropoutRules rules, DateOnly today, string student, string number, string school, string townCode, string town)
    {
        var due = k.Closed ? (DateOnly?)null : k.NextDue(rules);
        var overdueDays = due is { } d && today > d ? today.DayNumber - d.DayNumber : 0;
        var daysOpen = Math.Max(0, (k.ClosedOn ?? today).DayNumber - k.OpenedOn.DayNumber);
        var causes = string.Join("、", k.Causes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(rules.CauseName));
        return new CaseRow(k.Id, $"KC{k.Id:D5}", k.StudentId, student, number, k.SchoolId, school, townCode, town, k.Grade, k.Kind, k.Source, k.LeftOn, k.OpenedOn,
            causes, k.Steps.Count, k.Steps.Count == 0 ? null : k.Steps.Max(s => s.Date), due, overdueDays > 0, overdueDays, daysOpen,
            k.Closed ? CaseLevel.School : rules.LevelOf(daysOpen, overdueDays > 0), k.Closed, k.Closure, k.ClosedOn);
    }
}

/// <summary>Chinese labels of the ledger's codes.</summary>
public static class DropoutLabels
{
    public static string Of(CaseKind k) => k switch
    {
        CaseKind.Dropout => "辍学",
        CaseKind.SuspectedDropout => "疑似辍学",
        CaseKind.NotEnrolled => "适龄未入学",
        _ => k.ToString(),
    };

    public static string Of(CaseSource s) => s switch
    {
        CaseSource.RegistryDropout => "学籍异动（辍学）",
        CaseSource.SuspensionOverdue => "休学期满未复学",
        CaseSource.SchoolReport => "学校月报",
        CaseSource.Manual => "摸排、举报或督导",
        _ => s.ToString(),
    };

    public static string Of(CaseClosure c) => c switch
    {
        CaseClosure.Returned => "已劝返复学",
        CaseClosure.HomeTeaching => "送教上门",
        CaseClosure.SpecialSchool => "特教学校就读",
        CaseClosure.LegalExemption => "依法延缓入学或休学",
        _ => c.ToString(),
    };
}
