using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>One school's (or the county's) 继续教育 figures for the year.</summary>
/// <param name="Complete">专任教师 whose hours in the window reach what they owe (G9).</param>
/// <param name="OnPace">专任教师 on pace (= complete in a rolling window).</param>
/// <param name="FundShare">教师培训经费 ÷ 公用经费 × 100 (优质均衡 Q4 reads the same two figures).</param>
public sealed record TrainingRow(int? SchoolId, string School, int Teachers, int Complete, int OnPace, decimal? CompleteRate,
    double? TrainingYuan, double? PublicFundsYuan, decimal? FundShare);

/// <summary>A teacher behind the cycle: hours in the window against what is owed to date.</summary>
public sealed record TeacherBehind(int StaffId, string StaffNumber, string Name, int SchoolId, string School, DateOnly HireDate, double Hours, double Required, double Shortfall);

/// <summary>The 继续教育 report of a school year.</summary>
/// <param name="HasRecords">Training records exist in the window (otherwise every figure is 缺数据, not 0 %).</param>
public sealed record TrainingReport(int Year, int From, int To, int CycleEnd, double CycleHours, CycleMode Mode, bool HasRecords,
    IReadOnlyList<TrainingRow> Schools, TrainingRow County, IReadOnlyList<TeacherBehind> Behind, int BehindTotal);

/// <summary>
/// 继续教育 per school and county (teachers.md §1: 5-year cycle [V], ≥ 360 学时 [C], 培训完成率 = 近5年满360学时专任教师 ÷
/// 专任教师 [C]): completion and pace from <see cref="CountTeacherFigures"/>, the 培训经费 share from the finance rows, and
/// the teachers furthest behind (their hours against <see cref="TeacherRules.RequiredHours"/> to date).
/// </summary>
public static class GetTrainingReport
{
    public sealed record Query(string CountyCode, int Year, IReadOnlyCollection<int>? SchoolIds = null, int BehindLimit = 200);

    public static async Task<TrainingReport> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        var schools = TeacherScope.Schools(db, q.CountyCode, q.SchoolIds);
        var y = q.Year;
        var figures = await CountTeacherFigures.HandleAsync(db, schools, [y], [TeacherFigure.CycleComplete, TeacherFigure.CycleOnPace], rules, ct);
        var has = figures.Present(TeacherFigure.CycleComplete, y);
        var finance = await db.Finances.Where(f => f.Year == y).Join(schools, f => f.SchoolId, s => s.Id, (f, s) => f)
            .GroupBy(f => f.SchoolId)
            .Select(g => new { g.Key, Training = g.Sum(f => f.TeacherTrainingYuan), Funds = g.Sum(f => f.PublicFundsYuan) })
            .ToDictionaryAsync(f => f.Key, f => (f.Training, f.Funds), ct);
        var rows = new List<TrainingRow>();
        foreach (var (id, name) in await TeacherScope.NamesAsync(schools, ct))
        {
            var teachers = figures.Get(TeacherFigure.FullTimeTeachers, id, y) ?? 0;
            if (teachers == 0 && !finance.ContainsKey(id))
            {
                continue;
            }
            rows.Add(Row(id, name, teachers, has ? figures.Get(TeacherFigure.CycleComplete, id, y) : null, has ? figures.Get(TeacherFigure.CycleOnPace, id, y) : null,
                finance.TryGetValue(id, out var f) ? f : null));
        }
        var totalFinance = finance.Count == 0 ? ((double, double)?)null : (finance.Values.Sum(f => f.Item1), finance.Values.Sum(f => f.Item2));
        var county = Row(null, "合计", rows.Sum(r => r.Teachers), has ? rows.Sum(r => r.Complete) : null, has ? rows.Sum(r => r.OnPace) : null, totalFinance);
        var (behind, total) = has ? await BehindAsync(db, schools, y, rules, q.BehindLimit, ct) : ([], 0);
        var (from, to, end) = rules.Window(y);
        return new TrainingReport(y, from, to, end, rules.Standards.Training.CycleHours.Value, rules.Standards.Training.CycleMode.Value, has, rows, county, behind, total);
    }

    private static TrainingRow Row(int? id, string name, int teachers, int? complete, int? onPace, (double Training, double Funds)? finance) =>
        new(id, name, teachers, complete ?? 0, onPace ?? 0, complete is { } c ? TeacherScope.Percent(c, teachers) : null,
            finance?.Training, finance?.Funds,
            finance is { Funds: > 0 } f ? Math.Round((decimal)(f.Training / f.Funds * 100), 2, MidpointRounding.AwayFromZero) : null);

    /// <summary>The teachers not on pace, furthest behind first (at most <paramref name="limit"/>), and how many there are.</summary>
    private static async Task<(List<TeacherBehind>, int)> BehindAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, int limit, CancellationToken ct)
    {
        var meets = CountTeacherFigures.Meets(rules, y, toDate: true);
        var behind = await CountTeacherFigures.Hours(db, schools, y, rules)
            .Where(System.Linq.Expressions.Expression.Lambda<Func<CountTeacherFigures.HoursRow, bool>>(
                System.Linq.Expressions.Expression.Not(meets.Body), meets.Parameters))
            .Select(r => new { r.StaffId, r.SchoolId, r.HireDate, r.Hours })
            .ToListAsync(ct);
        var top = behind.Select(r => (r.StaffId, r.SchoolId, r.HireDate, r.Hours, Required: rules.RequiredHours(r.HireDate, y, toDate: true)))
            .OrderByDescending(r => r.Required - r.Hours).ThenBy(r => r.StaffId).Take(limit).ToList();
        var ids = top.Select(r => r.StaffId).ToList();
        var names = await db.Staff.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.StaffNumber, s.Name }).ToDictionaryAsync(s => s.Id, ct);
        var schoolIds = top.Select(r => r.SchoolId).Distinct().ToList();
        var schoolNames = await db.Schools.Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return ([.. top.Select(r => new TeacherBehind(r.StaffId, names[r.StaffId].StaffNumber, names[r.StaffId].Name, r.SchoolId, schoolNames[r.SchoolId],
            r.HireDate, Math.Round(r.Hours, 2), r.Required, Math.Round(r.Required - r.Hours, 2)))], behind.Count);
    }
}
