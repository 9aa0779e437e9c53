using System.Globalization;
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
    /// Each school's 学区 by 学校标识码: the configured groups; when none is configured, the <c>townshipDistricts</c>
    /// group listing the school's 乡镇, else the school's 乡镇 (its name where the registry knows it, else its code).
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
        var merged = (rules.TownshipDistricts ?? []).SelectMany(d => d.Townships.Distinct().Select(t => (t, d.Name))).ToDictionary(x => x.t, x => x.Name, StringComparer.Ordinal);
        return schools.ToDictionary(s => s.Code,
            s => merged.GetValueOrDefault(s.TownshipCode) ?? townships.GetValueOrDefault(s.TownshipCode, s.TownshipCode), StringComparer.Ordinal);
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

    /// <summary>Seats of <see cref="Redistributed"/> placed in seats added by earlier extensions beyond their school's need (docs/adr/0036).</summary>
    public int RedistributedToExtended { get; init; }

    /// <summary>未解决: seats of this year's need no classroom holds, because a build was put off for the annual budget (docs/adr/0036).</summary>
    public int Unmet { get; init; }
}

/// <summary>A year of the phased plan over every 学区 and 学段 shown: classrooms added and cost that year and so far.</summary>
public sealed record PlanYear(int Year, int NewClassrooms, decimal CostWan, int CumulativeClassrooms, decimal CumulativeCostWan)
{
    /// <summary>未解决: seats short that year for want of budget (sum of the rows' <see cref="GapPlanRow.Unmet"/>).</summary>
    public int Unmet { get; init; }
}

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
            list.Add(new PlanYear(g.Key, n, c, rooms, cost) { Unmet = g.Sum(r => r.Unmet) });
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
/// therefore built for once, in its first year, not again each year. Seats added by extension beyond the school's own
/// need are spare seats of the 学区's 调剂 in the later years, before anything is extended or built elsewhere; with an
/// annual budget (<c>gapPlan.budgetPerYearWan</c>) a build beyond the year's cap moves to the next year with room and the
/// year's need it would have held is 未解决 (docs/adr/0036).</para>
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
        // Each year's units, by pool (a 学区 and 学段; outside every 学区, one school).
        var pools = new Dictionary<(string District, string Stage, int School), SortedDictionary<int, Unit[]>>();
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
                    if (!pools.TryGetValue(id, out var byYear))
                    {
                        pools[id] = byYear = [];
                        order.Add(id);
                    }
                    byYear[year] = pool;
                }
            }
        }
        // Year by year, pool by pool (docs/adr/0033, 0036): 调剂 (spare seats of the records and of earlier extensions),
        // then extend, then build, each within the year's budget when one is set.
        var states = order.ToDictionary(id => id, _ => new PoolState());
        var extendedRooms = new Dictionary<int, int>();
        var planRows = new List<GapPlanRow>();
        var budget = rules.GapPlan.BudgetPerYearWan;
        var tooBig = new List<string>();
        foreach (var year in years)
        {
            var spent = new Spending(budget);
            // Pools left short in an earlier year for want of budget come first: their builds move to this year.
            foreach (var id in order.Select((id, i) => (id, i)).OrderBy(p => states[p.id].UnmetSince ?? int.MaxValue).ThenBy(p => p.i).Select(p => p.id))
            {
                if (pools[id].ContainsKey(year))
                {
                    planRows.Add(PlanYear(id.District, id.Stage, year, pools[id], states[id], extendedRooms, projects, rules, steps, spent, tooBig));
                }
            }
        }
        if (budget is { } cap)
        {
            var unmet = planRows.GroupBy(r => r.Year).Select(g => (Year: g.Key, Seats: g.Sum(r => r.Unmet))).Where(x => x.Seats > 0).ToList();
            notes.Add(unmet.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"年度预算上限 {cap:0.##} 万元：各年缺口均可在预算内解决")
                : string.Create(CultureInfo.InvariantCulture, $"年度预算上限 {cap:0.##} 万元：超出当年预算的扩建、新建顺延到有余额的年份，未解决缺口 {string.Join("，", unmet.Select(x => $"{x.Year} 年 {x.Seats} 个学位"))}"));
            notes.AddRange(tooBig.Distinct());
        }
        var stepOrder = steps.Select((x, i) => (x, i)).OrderBy(p => p.x.Year).ThenBy(p => p.i).Select(p => p.x).ToList();
        return new SeatGapPlan([.. planRows.OrderBy(r => r.Year).ThenBy(r => r.District, StringComparer.Ordinal).ThenBy(r => StageOrder(r.Stage))], stepOrder, notes);
    }

    /// <summary>What one pool has added so far: seats by extension per school, the new school's seats, the running sums.</summary>
    private sealed class PoolState
    {
        public Dictionary<int, int> Added { get; } = [];
        public int Built { get; set; }
        public int Rooms { get; set; }
        public decimal Cost { get; set; }
        /// <summary>The first year of the current run of years left short for want of budget.</summary>
        public int? UnmetSince { get; set; }
    }

    /// <summary>The year's spending against the annual cap (万元; none: no cap).</summary>
    private sealed class Spending(decimal? cap)
    {
        public decimal Spent { get; private set; }
        public decimal? Cap => cap;

        public bool TrySpend(decimal wan)
        {
            if (cap is { } c && Spent + wan > c)
            {
                return false;
            }
            Spent += wan;
            return true;
        }
    }

    /// <summary>The result of 调剂 in one pool and year: each school's need left, the seats moved, those moved into seats added by earlier extensions.</summary>
    private sealed record Moves(Dictionary<int, int> Rest, int Moved, int MovedToExtended);

    /// <summary>
    /// 调剂 in one pool and year: each school's gap less the seats already added to it by extension (its own need is met
    /// by them first); shortages, largest first, take the spare seats of the pool's other schools — those of the records
    /// first, then those added by earlier extensions beyond the school's own need (docs/adr/0036).
    /// </summary>
    private static Moves Redistribution(Unit[] pool, IReadOnlyDictionary<int, int> added, Action<ForecastSchool, ForecastSchool, int>? step)
    {
        var net = pool.Select(u => (u.School, u.Gap, Net: u.Gap - added.GetValueOrDefault(u.School.Id))).ToList();
        var short_ = net.Where(u => u.Net > 0).OrderByDescending(u => u.Net).ThenBy(u => u.School.Code, StringComparer.Ordinal).ToList();
        // Spare of a school: its records' spare seats (−gap) and the seats added beyond its need.
        var spare = net.Where(u => u.Net < 0).OrderByDescending(u => -u.Net).ThenBy(u => u.School.Code, StringComparer.Ordinal)
            .Select(u => (u.School, Records: Math.Max(0, -u.Gap), Extended: -u.Net - Math.Max(0, -u.Gap))).ToList();
        int moved = 0, toExtended = 0;
        var rest = new Dictionary<int, int>();
        foreach (var (school, _, need) in short_)
        {
            var left = need;
            for (var j = 0; j < spare.Count && left > 0; j++)
            {
                var (from, records, extended) = spare[j];
                var fromRecords = Math.Min(left, records);
                var fromExtended = Math.Min(left - fromRecords, extended);
                var take = fromRecords + fromExtended;
                if (take <= 0)
                {
                    continue;
                }
                spare[j] = (from, records - fromRecords, extended - fromExtended);
                left -= take;
                moved += take;
                toExtended += fromExtended;
                step?.Invoke(school, from, take);
            }
            rest[school.Id] = left;
        }
        return new Moves(rest, moved, toExtended);
    }

    /// <summary>
    /// One pool in one year. 调剂 first (with the spare seats of earlier extensions). A school still short is extended once
    /// for the peak of its need over this and the later years (as 调剂 would leave it with the seats added so far; within
    /// its room: the standard's largest size less its classrooms, the projects' and the extensions planned so far); the
    /// pool's new school is built for the peak, over this and the later years, of what the schools' extensions (made, or
    /// still possible) cannot hold. An extension or build beyond the year's budget is not started: its seats are unmet
    /// this year and it is planned again next year (docs/adr/0036).
    /// </summary>
    private static GapPlanRow PlanYear(string district, string stage, int year, SortedDictionary<int, Unit[]> byYear, PoolState state,
        Dictionary<int, int> extendedRooms, IReadOnlyList<ProjectCapacity> projects, ForecastRules rules, List<GapStep> steps, Spending spent, List<string> tooBig)
    {
        var units = byYear[year];
        var standard = units[0].Standard;
        var later = byYear.Where(p => p.Key >= year).ToList();
        var added = state.Added;
        int RoomLeft(ForecastSchool s, int y) => Math.Max(0, rules.GapPlan.MaxClasses.Of(s.Type) - (s.Classrooms ?? 0)
            - projects.Where(p => p.SchoolId == s.Id && p.Year <= y).Sum(p => p.Seats / rules.ClassSize.Of(MainGrade(s.Type)))
            - extendedRooms.GetValueOrDefault(s.Id));
        var ownHeld = units.Sum(u => Math.Min(Math.Max(0, u.Gap), added.GetValueOrDefault(u.School.Id)));
        var builtBefore = state.Built;
        var moves = Redistribution(units, added, (to, from, seats) => steps.Add(new GapStep(district, stage, year, Redistribute, to.Name, from.Name, seats, 0, 0)));
        int extended = 0, newRooms = 0, buildSeats = 0;
        decimal cost = 0;
        var thisYear = new Dictionary<int, int>();
        var deferred = new HashSet<int>();
        foreach (var u in units.Where(u => moves.Rest.GetValueOrDefault(u.School.Id) > 0)
            .OrderByDescending(u => moves.Rest[u.School.Id]).ThenBy(u => u.School.Code, StringComparer.Ordinal))
        {
            var school = u.School;
            // This year's need as 调剂 left it; the later years' as 调剂 would leave them with the seats added so far.
            var want = Math.Max(moves.Rest[school.Id], later.Skip(1).Select(l => Redistribution(l.Value, added, null).Rest.GetValueOrDefault(school.Id)).DefaultIfEmpty(0).Max());
            var rooms = Math.Min(Classes(want, standard), RoomLeft(school, year));
            if (rooms <= 0)
            {
                continue;
            }
            var c = rooms * rules.GapPlan.CostPerClassroomWan;
            if (!spent.TrySpend(c))
            {
                deferred.Add(school.Id);
                if (spent.Cap is { } cap && c > cap)
                {
                    tooBig.Add(string.Create(CultureInfo.InvariantCulture, $"{district}{stage}：{school.Name}扩建 {rooms} 间（{c:0.##} 万元）超过年度预算上限 {cap:0.##} 万元，当年无法安排"));
                }
                continue;
            }
            var seats = Math.Min(want, rooms * standard);
            extendedRooms[school.Id] = extendedRooms.GetValueOrDefault(school.Id) + rooms;
            added[school.Id] = added.GetValueOrDefault(school.Id) + (rooms * standard);
            thisYear[school.Id] = rooms * standard;
            steps.Add(new GapStep(district, stage, year, Extend, school.Name, null, seats, rooms, c));
            extended += seats;
            newRooms += rooms;
            cost += c;
        }
        // What the extensions cannot hold: now (after this year's; an extension put off for budget could hold its school's
        // need), and later (with the seats added so far and each school's room still left).
        var overflow = moves.Rest.Sum(p => Math.Max(0, p.Value - thisYear.GetValueOrDefault(p.Key)
            - (deferred.Contains(p.Key) ? RoomLeft(units.First(u => u.School.Id == p.Key).School, year) * standard : 0)));
        if (overflow > state.Built)
        {
            var peak = later.Skip(1).Select(l => Redistribution(l.Value, added, null).Rest
                .Sum(p => Math.Max(0, p.Value - (RoomLeft(l.Value.First(u => u.School.Id == p.Key).School, l.Key) * standard)))).DefaultIfEmpty(0).Max();
            var want = Math.Max(overflow, peak) - state.Built;
            var rooms = Classes(want, standard);
            var c = rooms * standard * rules.GapPlan.CostPerSeatWan;
            if (spent.TrySpend(c))
            {
                steps.Add(new GapStep(district, stage, year, Build, NewSchool, null, want, rooms, c));
                state.Built += rooms * standard;
                buildSeats = want;
                newRooms += rooms;
                cost += c;
            }
            else if (spent.Cap is { } cap && c > cap)
            {
                tooBig.Add(string.Create(CultureInfo.InvariantCulture, $"{district}{stage}：{NewSchool} {rooms} 间（{c:0.##} 万元）超过年度预算上限 {cap:0.##} 万元，当年无法安排"));
            }
        }
        // Unmet: the need after 调剂 that no classroom (earlier or this year's, extension or new school) holds.
        var unmet = Math.Max(0, moves.Rest.Sum(p => Math.Max(0, p.Value - thisYear.GetValueOrDefault(p.Key))) - state.Built);
        var covered = ownHeld + moves.MovedToExtended + Math.Min(moves.Rest.Values.Sum(), builtBefore);
        state.Rooms += newRooms;
        state.Cost += cost;
        state.UnmetSince = unmet > 0 ? state.UnmetSince ?? year : null;
        return new GapPlanRow(district, stage, year, units.Sum(u => Math.Max(0, u.Gap)), units.Sum(u => Math.Max(0, -u.Gap)), units.Sum(u => u.ProjectSeats),
            moves.Moved, extended, buildSeats, cost)
        {
            NewClassrooms = newRooms,
            CoveredByEarlier = covered,
            CumulativeClassrooms = state.Rooms,
            CumulativeCostWan = state.Cost,
            RedistributedToExtended = moves.MovedToExtended,
            Unmet = unmet,
        };
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
