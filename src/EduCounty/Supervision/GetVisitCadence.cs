using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>Where a cadence period stands.</summary>
public enum PeriodState
{
    /// <summary>Not begun.</summary>
    Upcoming,

    /// <summary>Under way (or within the grace days after it) without enough visits yet.</summary>
    Current,

    /// <summary>Enough visits.</summary>
    Done,

    /// <summary>Ended (past the grace days) without enough visits: 缺访.</summary>
    Missed,
}

/// <summary>A school's standing against the cadence today.</summary>
public enum CadenceState
{
    Ok,

    /// <summary>The current period ends within the reminder days without a visit.</summary>
    DueSoon,

    /// <summary>The last period that ended was missed: 逾期未督导.</summary>
    Overdue,

    /// <summary>No 责任督学 assigned (§B §1 gives every school one).</summary>
    Unassigned,
}

/// <summary>One period of one school.</summary>
public sealed record PeriodStatus(CadencePeriod Period, int Visits, PeriodState State);

/// <summary>One school's cadence in a school year.</summary>
public sealed record CadenceRow(int SchoolId, string School, string? Supervisor, string? SupervisorUserId, IReadOnlyList<PeriodStatus> Periods,
    DateOnly? LastVisit, CadenceState State)
{
    public int Missed => Periods.Count(p => p.State == PeriodState.Missed);

    public int Done => Periods.Count(p => p.State == PeriodState.Done);
}

/// <summary>
/// 经常性督导 cadence (supervision-rules.json cadence: local default 每月至少 1 次 in the active months, §B Frequency
/// [unverified]): for each open school in scope and each period of the year, the visits and whether it is done, under
/// way, or missed; a school whose last ended period was missed is 逾期. Visit coverage = done periods ÷ periods due.
/// </summary>
public static class GetVisitCadence
{
    public sealed record Result(SchoolYear Year, DateOnly Today, IReadOnlyList<CadenceRow> Schools)
    {
        /// <summary>Periods done ÷ periods ended or done, over the assigned schools, in % (null when none due yet).</summary>
        public decimal? CoveragePercent
        {
            get
            {
                var due = Schools.Where(s => s.State != CadenceState.Unassigned).Sum(s => s.Periods.Count(p => p.State is PeriodState.Done or PeriodState.Missed));
                var done = Schools.Where(s => s.State != CadenceState.Unassigned).Sum(s => s.Done);
                return due == 0 ? null : Math.Round(100m * done / due, 1);
            }
        }
    }

    public static async Task<Result> HandleAsync(EduDb db, SupervisionRules rules, SchoolYear year, DateOnly today, string? supervisorUserId = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var asOf = today < year.LastDay ? today : year.LastDay;
        var schools = await db.Schools.AsNoTracking().OpenOn(asOf).Where(s => !s.IsTeachingPoint).OrderBy(s => s.TownshipCode).ThenBy(s => s.Code)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var assigned = await db.UserScopes.AsNoTracking().Where(s => s.SchoolId != null)
            .Join(db.SchoolSupervisors.Where(p => p.Active), s => s.UserId, p => p.UserId, (s, p) => new { SchoolId = s.SchoolId!.Value, p.UserId, p.Name })
            .ToListAsync(ct);
        var visits = await db.SupervisionVisits.AsNoTracking().Where(v => v.VisitDate >= year.FirstDay && v.VisitDate <= year.LastDay)
            .Select(v => new { v.SchoolId, v.VisitDate }).ToListAsync(ct);
        var bySchool = visits.ToLookup(v => v.SchoolId, v => v.VisitDate);
        var periods = rules.Periods(year);
        var rows = new List<CadenceRow>();
        foreach (var s in schools)
        {
            var sup = assigned.FirstOrDefault(a => a.SchoolId == s.Id);
            if (supervisorUserId is not null && sup?.UserId != supervisorUserId) continue;
            var dates = bySchool[s.Id].ToList();
            var statuses = periods.Select(p => Status(rules.Cadence, p, dates.Count(d => d >= p.From && d <= p.To), today)).ToList();
            rows.Add(new CadenceRow(s.Id, s.Name, sup?.Name, sup?.UserId, statuses, dates.Count == 0 ? null : dates.Max(),
                sup is null ? CadenceState.Unassigned : State(rules.Cadence, statuses, today)));
        }
        return new Result(year, today, rows);
    }

    /// <summary>One period's state on <paramref name="today"/>.</summary>
    public static PeriodStatus Status(CadenceRule rule, CadencePeriod p, int visits, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(p);
        var state = visits >= rule.MinimumVisits ? PeriodState.Done
            : today > p.To.AddDays(rule.GraceDays) ? PeriodState.Missed
            : today >= p.From ? PeriodState.Current
            : PeriodState.Upcoming;
        return new PeriodStatus(p, visits, state);
    }

    private static CadenceState State(CadenceRule rule, IReadOnlyList<PeriodStatus> periods, DateOnly today)
    {
        var ended = periods.LastOrDefault(p => p.State is PeriodState.Done or PeriodState.Missed && today > p.Period.To.AddDays(rule.GraceDays));
        if (ended?.State == PeriodState.Missed) return CadenceState.Overdue;
        var current = periods.FirstOrDefault(p => p.State == PeriodState.Current);
        return current is not null && current.Period.To.DayNumber - today.DayNumber <= rule.DueSoonDays ? CadenceState.DueSoon : CadenceState.Ok;
    }

    public static string Label(CadenceState s) => s switch
    {
        CadenceState.DueSoon => "本期待督导",
        CadenceState.Overdue => "逾期未督导",
        CadenceState.Unassigned => "未配备责任督学",
        _ => "正常",
    };
}
