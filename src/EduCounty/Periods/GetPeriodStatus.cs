using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// The county's one page of every school (issue 22 §3): the period (state, version, deadline, its events) and each
/// school's submission state, last step and whether it is overdue. Read through the context's school scope: a 乡镇 user
/// sees their township's schools.
/// </summary>
public static class GetPeriodStatus
{
    public sealed record SchoolRow(int SchoolId, string Code, string Name, string TownshipCode, SubmissionState State,
        DateTimeOffset? LastAt, string? LastBy, bool Overdue);

    public sealed record EventRow(string Action, int Version, string Actor, DateTimeOffset At, string? Reason);

    public sealed record Result(int Year, string Form, PeriodState State, int Version, DateOnly Deadline,
        IReadOnlyList<SchoolRow> Schools, IReadOnlyList<EventRow> Events)
    {
        public int Count(SubmissionState s) => Schools.Count(x => x.State == s);
    }

    public static async Task<Result> HandleAsync(EduDb db, int year, string form, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var p = await PeriodStore.FindAsync(db, year, form, ct);
        var census = new SchoolYear(year).CensusDate;
        var schools = await db.Schools.AsNoTracking()
            .Where(s => !s.IsTeachingPoint && (s.OpenedOn == null || s.OpenedOn <= census) && (s.ClosedOn == null || s.ClosedOn > census))
            .OrderBy(s => s.TownshipCode).ThenBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Name, s.TownshipCode }).ToListAsync(ct);
        var subs = await db.PeriodSubmissions.AsNoTracking().Where(s => s.PeriodId == p.Id)
            .Select(s => new { s.SchoolId, s.State, Last = s.Steps.OrderByDescending(x => x.Id).Select(x => new { x.At, x.Actor }).FirstOrDefault() })
            .ToListAsync(ct);
        var bySchool = subs.ToDictionary(s => s.SchoolId);
        var today = SchoolYear.Today(db.Clock);
        var rows = schools.Select(s =>
        {
            bySchool.TryGetValue(s.Id, out var sub);
            var state = sub?.State ?? SubmissionState.NotFilled;
            var overdue = p.State == PeriodState.Open && today > p.Deadline && state is SubmissionState.NotFilled or SubmissionState.Returned;
            return new SchoolRow(s.Id, s.Code, s.Name, s.TownshipCode, state, sub?.Last?.At, sub?.Last?.Actor, overdue);
        }).ToList();
        var events = await db.PeriodEvents.AsNoTracking().Where(e => e.PeriodId == p.Id).OrderBy(e => e.Id)
            .Select(e => new EventRow(e.Action, e.Version, e.Actor, e.At, e.Reason)).ToListAsync(ct);
        return new Result(p.Year, p.Form, p.State, p.Version, p.Deadline, rows, events);
    }

    /// <summary>
    /// The versions a year-bound report reads (issue 22 §4: "the reports state which version they use"): one phrase per
    /// opened form, e.g. "秋季统计第 2 版（已锁定）"; empty when no period of the year was opened.
    /// </summary>
    public static async Task<string> VersionsTextAsync(EduDb db, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.Year == year)
            .Select(p => new { p.Form, p.Version, p.State }).ToListAsync(ct);
        return string.Join("，", periods.OrderBy(p => Array.IndexOf(PeriodForms.All, p.Form))
            .Select(p => $"{PeriodForms.Label(p.Form)}第 {p.Version} 版（{(p.State == PeriodState.Locked ? "已锁定" : "填报中，未审定")}）"));
    }
}
