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
        return (await CoreAsync(db, TeacherScope.Schools(db, q.CountyCode, q.SchoolIds), [q.CountyCode], q.Year, rules, q.BehindLimit, ct))[q.CountyCode];
    }

    /// <summary>
    /// The reports of several counties (a province) in one pass: each source is one GROUP BY over all their schools
    /// (<see cref="CountTeacherFigures"/>), split by county here — the same figures as <see cref="HandleAsync"/> county by county.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, TrainingReport>> HandleManyAsync(EduDb db, IReadOnlyCollection<string> countyCodes, int year,
        TeacherRules rules, int behindLimit = 200, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(countyCodes);
        ArgumentNullException.ThrowIfNull(rules);
        return await CoreAsync(db, TeacherScope.Schools(db, countyCodes), countyCodes, year, rules, behindLimit, ct);
    }

    private static async Task<Dictionary<string, TrainingReport>> CoreAsync(EduDb db, IQueryable<School> schools, IReadOnlyCollection<string> counties, int y,
        TeacherRules rules, int limit, CancellationToken ct)
    {
        // The teachers per school (one GROUP BY); completion and pace come from the one pass over the hours below.
        var figures = await CountTeacherFigures.HandleAsync(db, schools, [y], [TeacherFigure.FullTimeTeachers], rules, ct);
        var has = await CountTeacherFigures.TrainingPresentAsync(db, y, rules, ct);
        var finance = await db.Finances.Where(f => f.Year == y).Join(schools, f => f.SchoolId, s => s.Id, (f, s) => f)
            .GroupBy(f => f.SchoolId)
            .Select(g => new { g.Key, Training = g.Sum(f => f.TeacherTrainingYuan), Funds = g.Sum(f => f.PublicFundsYuan) })
            .ToDictionaryAsync(f => f.Key, f => (f.Training, f.Funds), ct);
        var names = await TeacherScope.NamesWithCountyAsync(schools, ct);
        var shortfalls = has ? await ShortAsync(db, schools, names, y, rules, limit, ct) : new Shortfalls([], [], []);
        // The hours are read through the teacher's current school (the data layer's scope of Staff): a school user does not
        // see the hours of a teacher who has since left, who then counts as neither complete nor behind (as the counts did
        // before issue 16's one pass). Without a scope every teacher of the year is seen.
        var seen = has && db.SchoolScoped ? await CountTeacherFigures.SeenTeachersAsync(db, schools, y, ct) : null;
        var (from, to, end) = rules.Window(y);
        var byCounty = names.ToLookup(n => n.CountyCode, StringComparer.Ordinal);
        var reports = new Dictionary<string, TrainingReport>(StringComparer.Ordinal);
        foreach (var code in counties.Distinct())
        {
            var rows = new List<TrainingRow>();
            var countyFinance = new List<(double, double)>();
            foreach (var (id, name, _) in byCounty[code])
            {
                var teachers = figures.Get(TeacherFigure.FullTimeTeachers, id, y) ?? 0;
                var hasFinance = finance.TryGetValue(id, out var f);
                if (hasFinance)
                {
                    countyFinance.Add(f);
                }
                if (teachers == 0 && !hasFinance)
                {
                    continue;
                }
                // Complete = the teachers seen less those short of the whole cycle; on pace = less those behind to date.
                var counted = seen is null ? teachers : seen.GetValueOrDefault(id);
                rows.Add(Row(id, name, teachers, has ? counted - shortfalls.NotComplete.GetValueOrDefault(id) : null,
                    has ? counted - shortfalls.NotOnPace.GetValueOrDefault(id) : null, hasFinance ? f : null));
            }
            var totalFinance = countyFinance.Count == 0 ? ((double, double)?)null : (countyFinance.Sum(f => f.Item1), countyFinance.Sum(f => f.Item2));
            var county = Row(null, "合计", rows.Sum(r => r.Teachers), has ? rows.Sum(r => r.Complete) : null, has ? rows.Sum(r => r.OnPace) : null, totalFinance);
            var (list, total) = shortfalls.Behind.GetValueOrDefault(code, ([], 0));
            reports[code] = new TrainingReport(y, from, to, end, rules.Standards.Training.CycleHours.Value, rules.Standards.Training.CycleMode.Value, has,
                rows, county, list, total);
        }
        return reports;
    }

    private static TrainingRow Row(int? id, string name, int teachers, int? complete, int? onPace, (double Training, double Funds)? finance) =>
        new(id, name, teachers, complete ?? 0, onPace ?? 0, complete is { } c ? TeacherScope.Percent(c, teachers) : null,
            finance?.Training, finance?.Funds,
            finance is { Funds: > 0 } f ? Math.Round((decimal)(f.Training / f.Funds * 100), 2, MidpointRounding.AwayFromZero) : null);

    /// <summary>Per school the teachers short of the whole cycle and those behind to date; per county the list of those behind.</summary>
    private sealed record Shortfalls(Dictionary<int, int> NotComplete, Dictionary<int, int> NotOnPace, Dictionary<string, (List<TeacherBehind>, int)> Behind);

    /// <summary>
    /// One statement over the hours (<see cref="CountTeacherFigures.Hours"/>) for the whole report: the teachers short of the
    /// whole cycle, with their hours and hire date (issue 16: the completion count and the list of those behind were two
    /// passes over the window's training records, each as long as the hand-written SQL's one). Those behind to date are a
    /// subset (what is owed to date never exceeds the whole; in a rolling window the two are the same), told apart here by
    /// <see cref="TeacherRules.RequiredHours"/> — the same hire-date buckets as the SQL condition. Per county, the teachers
    /// behind, furthest first (at most <paramref name="limit"/>, with their names), and how many there are.
    /// </summary>
    private static async Task<Shortfalls> ShortAsync(EduDb db, IQueryable<School> schools,
        List<(int Id, string Name, string CountyCode)> names, int y, TeacherRules rules, int limit, CancellationToken ct)
    {
        var meets = CountTeacherFigures.Meets(rules, y, toDate: false);
        var rows = await CountTeacherFigures.Hours(db, schools, y, rules)
            .Where(System.Linq.Expressions.Expression.Lambda<Func<CountTeacherFigures.HoursRow, bool>>(
                System.Linq.Expressions.Expression.Not(meets.Body), meets.Parameters))
            .Select(r => new { r.StaffId, r.SchoolId, r.HireDate, r.Hours })
            .ToListAsync(ct);
        var notComplete = rows.GroupBy(r => r.SchoolId).ToDictionary(g => g.Key, g => g.Count());
        var behind = rows.Select(r => (r.StaffId, r.SchoolId, r.HireDate, r.Hours, Required: rules.RequiredHours(r.HireDate, y, toDate: true)))
            .Where(r => r.Hours < r.Required).ToList();
        var notOnPace = behind.GroupBy(r => r.SchoolId).ToDictionary(g => g.Key, g => g.Count());
        var school = names.ToDictionary(n => n.Id);
        var tops = behind.GroupBy(r => school[r.SchoolId].CountyCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Top: g.OrderByDescending(r => r.Required - r.Hours).ThenBy(r => r.StaffId).Take(limit).ToList(), Count: g.Count()), StringComparer.Ordinal);
        var ids = tops.Values.SelectMany(t => t.Top).Select(r => r.StaffId).ToHashSet();
        // One statement with the ids as one parameter (an array on PostgreSQL, a JSON array on SQLite): a province's lists
        // hold thousands of ids, which as one parameter each took chunks of 2,000 and 50 ms a chunk on SQLite (issue 16).
        var wanted = ids.Order().ToList();
        var staff = (await db.Staff.Where(s => EF.Parameter(wanted).Contains(s.Id)).Select(s => new { s.Id, s.StaffNumber, s.Name }).ToListAsync(ct))
            .ToDictionary(s => s.Id, s => (s.StaffNumber, s.Name));
        return new Shortfalls(notComplete, notOnPace, tops.ToDictionary(t => t.Key, t => (t.Value.Top.Select(r => new TeacherBehind(r.StaffId, staff[r.StaffId].StaffNumber,
            staff[r.StaffId].Name, r.SchoolId, school[r.SchoolId].Name, r.HireDate, Math.Round(r.Hours, 2), r.Required, Math.Round(r.Required - r.Hours, 2))).ToList(),
            t.Value.Count), StringComparer.Ordinal));
    }
}
