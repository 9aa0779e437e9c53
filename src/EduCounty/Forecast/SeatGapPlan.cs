using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>
/// A 学区's sums in a year (total rows of its schools): students, classes, seats needed and the net gap (shortages
/// minus spare seats) over the schools whose classrooms are known; <c>SchoolsWithoutCapacity</c> counts the others.
/// </summary>
public sealed record DistrictRow(string District, int Year, int Students, int Classes, int Seats, int Gap, int Schools, int SchoolsWithoutCapacity);

/// <summary>学区 (a configurable group of schools, forecast-rules.json <c>districts</c>) and their sums.</summary>
public static class Districts
{
    /// <summary>The group of a school that no configured 学区 lists (it is planned on its own).</summary>
    public const string Unassigned = "未划入学区";

    /// <summary>
    /// Each school's 学区 by 学校标识码: the configured groups; when none is configured, the school's 乡镇 (its name
    /// where the registry knows it, else its code).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<ForecastSchool> schools, ForecastRules rules, IReadOnlyDictionary<string, string> townships)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(townships);
        if (rules.Districts.Count > 0)
        {
            var map = rules.Districts.SelectMany(d => d.Schools.Distinct().Select(code => (code, d.Name))).ToDictionary(x => x.code, x => x.Name, StringComparer.Ordinal);
            return schools.ToDictionary(s => s.Code, s => map.GetValueOrDefault(s.Code, Unassigned), StringComparer.Ordinal);
        }
        return schools.ToDictionary(s => s.Code, s => townships.GetValueOrDefault(s.TownshipCode, s.TownshipCode), StringComparer.Ordinal);
    }

    /// <summary>The 学区 × year sums of the schools' total rows.</summary>
    public static IReadOnlyList<DistrictRow> Sum(IEnumerable<ForecastRow> rows, IReadOnlyDictionary<string, string> districtOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(districtOf);
        return [.. rows.Where(r => r.Grade == ForecastRow.Total)
            .GroupBy(r => (District: districtOf[r.SchoolCode], r.Year))
            .OrderBy(g => g.Key.District, StringComparer.Ordinal).ThenBy(g => g.Key.Year)
            .Select(g => new DistrictRow(g.Key.District, g.Key.Year, g.Sum(r => r.Students), g.Sum(r => r.Classes), g.Sum(r => r.Seats),
                g.Sum(r => r.Gap ?? 0), g.Count(), g.Count(r => r.Gap is null)))];
    }
}

/// <summary>
/// One option of the gap plan: 调剂 (pupils of <c>School</c> placed in the spare seats of <c>From</c>, same 学区 and
/// 学段; no building cost), 扩建 (classrooms added at <c>School</c> up to the standard's largest size) or 新建 (a new
/// school or campus in the 学区 for what is left). Seats in whole classes; cost in 万元.
/// </summary>
public sealed record GapStep(string District, string Stage, int Year, string Kind, string School, string? From, int Seats, int Classrooms, decimal CostWan);

/// <summary>
/// The plan of a 学区, 学段 and year: shortage and spare seats (after the projects' seats), and how it is met. Phased
/// (docs/adr/0033): <c>Extended</c>, <c>Built</c>, <c>CostWan</c> and <c>NewClassrooms</c> are what is started for this
/// year (sized to the peak of the later years); <c>CoveredByEarlier</c> the seats of this year's need met by classrooms
/// planned for earlier years; the cumulative figures run over the years of the 学区 and 学段.
/// </summary>
public sealed record GapPlanRow(string District, string Stage, int Year, int Shortage, int Spare, int ProjectSeats, int Redistributed, int Extended, int Built, decimal CostWan)
{
    /// <summary>Classrooms added for this year (扩建 + 新建).</summary>
    public int NewClassrooms { get; init; }

    /// <summary>Seats of this year's need (after 调剂) met by the classrooms planned for earlier years.</summary>
    public int CoveredByEarlier { get; init; }

    /// <summary>Classrooms added up to and including this year.</summary>
    public int CumulativeClassrooms { get; init; }

    /// <summary>Cost up to and including this year, 万元.</summary>
    public decimal CumulativeCostWan { get; init; }
}

/// <summary>A year of the phased plan over every 学区 and 学段 shown: classrooms added and cost that year and so far.</summary>
public sealed record PlanYear(int Year, int NewClassrooms, decimal CostWan, int CumulativeClassrooms, decimal CumulativeCostWan);

/// <summary>A school's seat gap of one 学段 in a year (positive = shortage, negative = spare seats), in whole classes × <c>Standard</c>.</summary>
public sealed record StageSeats(int SchoolId, string School, string District, string Stage, int Standard, int Gap);

/// <summary>The gap plan of a scenario: rows per 学区 × 学段 × year, the options, and what could not be counted.</summary>
public sealed record SeatGapPlan(IReadOnlyList<GapPlanRow> Rows, IReadOnlyList<GapStep> Steps, IReadOnlyList<string> Notes)
{
    /// <summary>Per year (every year of the rows): the classrooms added and their cost, that year and cumulated.</summary>
    public IReadOnlyList<PlanYear> ByYear()
    {
        var list = new List<PlanYear>();
        int rooms = 0;
        decimal cost = 0;
        foreach (var g in Rows.GroupBy(r => r.Year).OrderBy(g => g.Key))
        {
            int n = g.Sum(r => r.NewClassrooms);
            var c = g.Sum(r => r.CostWan);
            rooms += n;
            cost += c;
            list.Add(new PlanYear(g.Key, n, c, rooms, cost));
        }
        return list;
    }
}

/// <summary>
/// Gap plan with redistribution (issue 19 item 4): per 学区, 学段 and year, a school's shortage is met first from the
/// spare seats of the other schools of the same 学区 and 学段 (调剂: moving catchment, no building), then by extending
/// the school up to the largest standard size (建标102-2002: 30 班 完全小学 / 初级中学, 45 班 九年制, 12 班 幼儿园;
/// forecasting.md §2.5), and only then by building. The plan's projects not yet completed add their seats to their
/// school from the school year of their deadline.
/// <para>Phased across the years (docs/adr/0033): 调剂 is decided each year (it builds nothing), but a classroom added for
/// year t is capacity for t+1, t+2, …: when a school's need after 调剂 first exceeds what was already added, it is
/// extended once for the peak of its need over that year and the later ones (within its extension room), and a 学区's
/// new school (or campus) is built once for the peak of what extensions cannot hold. A gap that grows over the years is
/// therefore built for once, in its first year, not again each year.</para>
/// <para>Seats per 学段 of a school: needed = Σ classes × 班额标准 of the stage's grades (forecasting.md §2.5); available
/// = the school's classrooms (plus the projects' seats ÷ 班额标准) apportioned to its stages by their classes, × 班额标准.
/// Moves are counted in seats (whole classes on both sides, since both figures are multiples of the standard).</para>
/// </summary>
public static class SeatGapPlanner
{
    public const string Redistribute = "调剂";
    public const string Extend = "扩建";
    public const string Build = "新建";
    public const string NewSchool = "新建学校（或校区）";

    private sealed record Unit(ForecastSchool School, string Stage, int Standard, int Gap, int ProjectSeats);

    /// <summary>One 学区 × 学段 (or one school outside every 学区) in one year after 调剂: each school's need left.</summary>
    private sealed record PoolYear(string District, string Stage, int Year, int Standard, int Shortage, int Spare, int ProjectSeats, int Redistributed,
        IReadOnlyList<(ForecastSchool School, int Need)> Rest);

    public static SeatGapPlan Plan(IReadOnlyList<ForecastSchool> schools, IReadOnlyList<ForecastRow> rows, IReadOnlyDictionary<string, string> districtOf,
        IReadOnlyList<ProjectCapacity> projects, ForecastRules rules)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(districtOf);
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(rules);
        var byCode = schools.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var byId = schools.ToDictionary(s => s.Id);
        var notes = new List<string>();
        foreach (var p in projects.Where(p => p.SchoolId is null || !byId.ContainsKey(p.SchoolId.Value)))
        {
            notes.Add($"规划项目“{p.Project}”（{p.Schools}）新增学位 {p.Seats} 个未关联到单一学校，未计入现有学位");
        }
        var missing = rows.Where(r => r.Grade == ForecastRow.Total && r.Classrooms is null).Select(r => r.School).Distinct().ToList();
        if (missing.Count > 0)
        {
            notes.Add($"{missing.Count} 所学校没有教室数据，未参与调剂与缺口测算：{string.Join("、", missing.Take(5))}{(missing.Count > 5 ? " 等" : "")}");
        }
        var steps = new List<GapStep>();
        var years = rows.Select(r => r.Year).Distinct().Order().ToList();
        // Pass 1, each year on its own: 调剂 within the pool (a pool = a 学区 and 学段; outside every 学区, one school).
        var pools = new Dictionary<(string District, string Stage, int School), List<PoolYear>>();
        var order = new List<(string District, string Stage, int School)>();
        foreach (var year in years)
        {
            var units = Units(rows.Where(r => r.Year == year).ToList(), byCode, byId, projects, year, rules);
            foreach (var group in units.GroupBy(u => (District: districtOf.GetValueOrDefault(u.School.Code, Districts.Unassigned), u.Stage))
                .OrderBy(g => g.Key.District, StringComparer.Ordinal).ThenBy(g => StageOrder(g.Key.Stage)))
            {
                var (district, stage) = group.Key;
                // Schools outside every configured 学区 are not a group: each is planned on its own.
                var members = district == Districts.Unassigned ? group.Select(u => (Key: u.School.Id, Units: new[] { u })) : [(0, group.ToArray())];
                foreach (var (key, pool) in members)
                {
                    var id = (district, stage, key);
                    if (!pools.TryGetValue(id, out var list))
                    {
                        pools[id] = list = [];
                        order.Add(id);
                    }
                    list.Add(Redistribution(district, stage, year, pool, steps));
                }
            }
        }
        // Pass 2, across the years: extend and build once for the peak of the later years.
        var planRows = new List<GapPlanRow>();
        var extendedRooms = new Dictionary<int, int>();
        foreach (var id in order)
        {
            planRows.AddRange(Phase(pools[id], extendedRooms, projects, rules, steps));
        }
        var stepOrder = steps.Select((x, i) => (x, i)).OrderBy(p => p.x.Year).ThenBy(p => p.i).Select(p => p.x).ToList();
        return new SeatGapPlan([.. planRows.OrderBy(r => r.Year).ThenBy(r => r.District, StringComparer.Ordinal).ThenBy(r => StageOrder(r.Stage))], stepOrder, notes);
    }

    /// <summary>调剂 in one pool and year: shortages, largest first, take the spare seats of the pool's other schools.</summary>
    private static PoolYear Redistribution(string district, string stage, int year, Unit[] pool, List<GapStep> steps)
    {
        var short_ = pool.Where(u => u.Gap > 0).OrderByDescending(u => u.Gap).ThenBy(u => u.School.Code, StringComparer.Ordinal)
            .Select(u => (u.School, Need: u.Gap)).ToList();
        var spare = pool.Where(u => u.Gap < 0).OrderByDescending(u => -u.Gap).ThenBy(u => u.School.Code, StringComparer.Ordinal)
            .Select(u => (u.School, Free: -u.Gap)).ToList();
        var moved = 0;
        var rest = new List<(ForecastSchool School, int Need)>();
        foreach (var (school, need) in short_)
        {
            var left = need;
            for (var j = 0; j < spare.Count && left > 0; j++)
            {
                var take = Math.Min(left, spare[j].Free);
                if (take <= 0)
                {
                    continue;
                }
                spare[j] = (spare[j].School, spare[j].Free - take);
                left -= take;
                moved += take;
                steps.Add(new GapStep(district, stage, year, Redistribute, school.Name, spare[j].School.Name, take, 0, 0));
            }
            rest.Add((school, left));
        }
        return new PoolYear(district, stage, year, pool[0].Standard, short_.Sum(s => s.Need), pool.Where(u => u.Gap < 0).Sum(u => -u.Gap),
            pool.Sum(u => u.ProjectSeats), moved, rest);
    }

    /// <summary>
    /// The years of one pool in order. A school whose need after 调剂 exceeds the seats already added to it is extended
    /// for the peak of its need over this and the later years (within its room: the standard's largest size less its
    /// classrooms, the projects' and the extensions planned so far); the pool's new school is built for the peak, over
    /// this and the later years, of what the schools' extensions (made, or still possible) cannot hold.
    /// </summary>
    private static List<GapPlanRow> Phase(List<PoolYear> years, Dictionary<int, int> extendedRooms, IReadOnlyList<ProjectCapacity> projects,
        ForecastRules rules, List<GapStep> steps)
    {
        var added = new Dictionary<int, int>(); // seats added by extension per school (this stage)
        var built = 0; // seats of the pool's new school
        int cumulativeRooms = 0;
        decimal cumulativeCost = 0;
        var result = new List<GapPlanRow>();
        int RoomLeft(ForecastSchool s, int year) => Math.Max(0, rules.GapPlan.MaxClasses.Of(s.Type) - (s.Classrooms ?? 0)
            - projects.Where(p => p.SchoolId == s.Id && p.Year <= year).Sum(p => p.Seats / rules.ClassSize.Of(MainGrade(s.Type)))
            - extendedRooms.GetValueOrDefault(s.Id));
        int Need(PoolYear y, ForecastSchool s) => y.Rest.Where(r => r.School.Id == s.Id).Sum(r => r.Need);
        for (var i = 0; i < years.Count; i++)
        {
            var y = years[i];
            var standard = y.Standard;
            var later = years.Skip(i).ToList();
            var before = added.ToDictionary();
            var builtBefore = built;
            int extended = 0, newRooms = 0, buildSeats = 0;
            decimal cost = 0;
            foreach (var (school, _) in y.Rest.Where(r => r.Need > added.GetValueOrDefault(r.School.Id)))
            {
                var want = later.Max(l => Need(l, school)) - added.GetValueOrDefault(school.Id);
                var rooms = Math.Min(Classes(want, standard), RoomLeft(school, y.Year));
                if (rooms <= 0)
                {
                    continue;
                }
                var seats = Math.Min(want, rooms * standard);
                extendedRooms[school.Id] = extendedRooms.GetValueOrDefault(school.Id) + rooms;
                added[school.Id] = added.GetValueOrDefault(school.Id) + (rooms * standard);
                var c = rooms * rules.GapPlan.CostPerClassroomWan;
                steps.Add(new GapStep(y.District, y.Stage, y.Year, Extend, school.Name, null, seats, rooms, c));
                extended += seats;
                newRooms += rooms;
                cost += c;
            }
            // What the extensions cannot hold: now (after this year's), and later (with each school's room still left).
            int Overflow(PoolYear l, bool now) => l.Rest.Sum(r => Math.Max(0, r.Need - added.GetValueOrDefault(r.School.Id)
                - (now ? 0 : RoomLeft(r.School, l.Year) * standard)));
            var overflow = Overflow(y, now: true);
            if (overflow > built)
            {
                var want = Math.Max(overflow, later.Skip(1).Select(l => Overflow(l, now: false)).DefaultIfEmpty(0).Max()) - built;
                var rooms = Classes(want, standard);
                var c = rooms * standard * rules.GapPlan.CostPerSeatWan;
                steps.Add(new GapStep(y.District, y.Stage, y.Year, Build, NewSchool, null, want, rooms, c));
                built += rooms * standard;
                buildSeats = want;
                newRooms += rooms;
                cost += c;
            }
            var need = y.Rest.Sum(r => r.Need);
            var heldBefore = y.Rest.Sum(r => Math.Min(r.Need, before.GetValueOrDefault(r.School.Id)));
            var overflowBefore = y.Rest.Sum(r => Math.Max(0, r.Need - before.GetValueOrDefault(r.School.Id)));
            var covered = Math.Min(need, heldBefore + Math.Min(overflowBefore, builtBefore));
            cumulativeRooms += newRooms;
            cumulativeCost += cost;
            result.Add(new GapPlanRow(y.District, y.Stage, y.Year, y.Shortage, y.Spare, y.ProjectSeats, y.Redistributed, extended, buildSeats, cost)
            {
                NewClassrooms = newRooms,
                CoveredByEarlier = covered,
                CumulativeClassrooms = cumulativeRooms,
                CumulativeCostWan = cumulativeCost,
            });
        }
        return result;
    }

    private static int Classes(int seats, int standard) => (seats + standard - 1) / standard;

    /// <summary>
    /// Each school's seats per 学段 in an observed census year, by the same seat model as the plan (classes per grade ×
    /// 班额标准 against the classrooms apportioned to the stage): the 优质均衡 gap planner's spare-seat input (issue 19).
    /// Classrooms are the history's (the latest 网络多媒体教室间数, else the most classes run); schools without them are left out.
    /// </summary>
    public static IReadOnlyList<StageSeats> StageSeatsIn(ForecastHistory history, int year, ForecastRules rules)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(rules);
        var cells = history.Enrolment.Where(p => p.Key.Year == year).Select(p => new ForecastCell(p.Key.School, p.Key.Grade, year, p.Value)).ToList();
        var rows = SeatPlan.Rows(history.Schools, cells, rules).ToList();
        var districtOf = Districts.Of(history.Schools, rules, history.Townships);
        var byCode = history.Schools.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var byId = history.Schools.ToDictionary(s => s.Id);
        return [.. Units(rows, byCode, byId, history.Projects, year, rules)
            .Select(u => new StageSeats(u.School.Id, u.School.Name, districtOf.GetValueOrDefault(u.School.Code, Districts.Unassigned), u.Stage, u.Standard, u.Gap))];
    }

    private static int StageOrder(string stage) => stage switch { "学前" => 0, "小学" => 1, _ => 2 };

    private static string MainGrade(SchoolType type) => type switch
    {
        SchoolType.Kindergarten => "K1",
        SchoolType.Junior => "J1",
        _ => "P1",
    };

    /// <summary>Each school's seats gap per 学段 in a year, with the projects' seats added to its classrooms.</summary>
    private static List<Unit> Units(List<ForecastRow> rows, Dictionary<string, ForecastSchool> byCode, Dictionary<int, ForecastSchool> byId,
        IReadOnlyList<ProjectCapacity> projects, int year, ForecastRules rules)
    {
        var units = new List<Unit>();
        var seen = new HashSet<int>();
        foreach (var school in rows.GroupBy(r => r.SchoolCode))
        {
            var s = byCode[school.Key];
            seen.Add(s.Id);
            if (s.Classrooms is not { } rooms)
            {
                continue;
            }
            var projectSeats = projects.Where(p => p.SchoolId == s.Id && p.Year <= year).Sum(p => p.Seats);
            var mainStandard = rules.ClassSize.Of(MainGrade(s.Type));
            var total = rooms + (projectSeats / mainStandard);
            var stages = school.Where(r => r.Grade != ForecastRow.Total).GroupBy(r => ForecastResult.StageOf(r.Grade))
                .Select(g => (Stage: g.Key, Classes: g.Sum(r => r.Classes), Seats: g.Sum(r => r.Seats), Standard: rules.ClassSize.Of(g.First().Grade)))
                .OrderBy(x => StageOrder(x.Stage)).ToList();
            var classes = stages.Sum(x => x.Classes);
            var given = 0;
            for (var i = 0; i < stages.Count; i++)
            {
                var x = stages[i];
                // Classrooms apportioned by the stage's share of classes; the last stage takes the remainder.
                var share = i == stages.Count - 1 ? total - given
                    : classes == 0 ? 0 : (int)Math.Round((double)total * x.Classes / classes, MidpointRounding.AwayFromZero);
                given += share;
                units.Add(new Unit(s, x.Stage, x.Standard, x.Seats - (share * x.Standard), i == 0 ? projectSeats : 0));
            }
        }
        // A project school with no pupils yet (not open): its seats are spare capacity of its stage.
        foreach (var g in projects.Where(p => p.SchoolId is { } id && byId.ContainsKey(id) && !seen.Contains(id) && p.Year <= year).GroupBy(p => p.SchoolId!.Value))
        {
            var s = byId[g.Key];
            var grade = MainGrade(s.Type);
            var standard = rules.ClassSize.Of(grade);
            var seats = g.Sum(p => p.Seats);
            units.Add(new Unit(s, ForecastResult.StageOf(grade), standard, -(seats / standard * standard), seats));
        }
        return units;
    }
}
