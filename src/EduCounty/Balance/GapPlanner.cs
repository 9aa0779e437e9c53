using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>One addition to one school's figures, with what it is for and what it costs.</summary>
public sealed record GapAction(string School, string Stage, string Purpose, string Indicators, string Item, string Unit, double Quantity, double CostYuan)
{
    [JsonIgnore]
    public Measure Measure { get; init; }

    [JsonIgnore]
    public Stage StageCode { get; init; }
}

/// <summary>
/// The additions that make a county pass, costed with the profile's unit costs. <see cref="Achievable"/> is false
/// when data is missing or the rounds ran out; <see cref="ApplyTo"/> adds the actions to a copy of the input.
/// </summary>
public sealed record GapPlan(bool Achievable, double TotalCostYuan, IReadOnlyList<GapAction> Actions, IReadOnlyList<string> Notes, IReadOnlyList<UnitCost> UnitCosts)
{
    /// <summary>Pupils moved to spare seats of the same 学区 and 学段 before any addition (调剂, issue 19); applied first.</summary>
    public IReadOnlyList<PupilMove> Moves { get; init; } = [];

    /// <summary>The plan's cost without any move (the additions alone), when spare seats were looked at; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CostWithoutMovesYuan { get; init; }

    /// <summary>Per school and 学段 that gives pupils: each option (调剂, 就地补足) with its cost; the chosen one marked.</summary>
    public IReadOnlyList<GapOption> Options { get; init; } = [];

    public IReadOnlyList<BalanceSchoolInput> ApplyTo(IReadOnlyList<BalanceSchoolInput> schools) => GapPlanner.Apply(GapPlanner.Move(schools, Moves), Actions);
}

/// <summary>
/// A school's spare seats of one 学段 and its 学区, from the forecast's seat model (Forecast <c>SeatGapPlanner.StageSeatsIn</c>:
/// classrooms × 班额标准 − classes × 班额标准; negative = short). <c>ClassSize</c> is the stage's 班额标准, the size of a move.
/// </summary>
public sealed record SeatRoom(string School, Stage Stage, string District, int Spare, int ClassSize);

/// <summary>Pupils of <c>From</c> placed at <c>To</c> (same 学区 and 学段) by moving catchment (调剂); no building cost.</summary>
public sealed record PupilMove(string District, string Stage, string From, string To, int Pupils)
{
    [JsonIgnore]
    public Stage StageCode { get; init; }
}

/// <summary>
/// One way of closing a school's gap: <c>调剂</c> (its pupils moved to <c>To</c>; the cost is what the school and the
/// receiving school still need after the move) or <c>就地补足</c> (the additions at the school, no move).
/// </summary>
public sealed record GapOption(string School, string Stage, string Kind, string? To, int Pupils, double CostYuan, bool Chosen);

/// <summary>
/// Gap-closing plan (issue 4). Works in rounds on a copy of the input: while some unit fails its 2017 attainment,
/// give each failing unit the cheapest set of additions (trying each indicator as the one left at ≥ 85 %);
/// then, while a CV is over its limit, lift the lowest units of that indicator to a common floor found by bisection.
/// Each round re-evaluates the real engine, so shared-campus splits and rounding up to whole units are accounted for.
/// </summary>
public static class GapPlanner
{
    private const int MaxRounds = 24;
    private const string ForAttainment = "单校达标";
    private const string ForCv = "缩小校际差异";

    public static GapPlan Plan(IReadOnlyList<BalanceSchoolInput> schools, string method, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(profile);
        var m = profile.Method(method);
        var current = schools.ToList();
        var all = new List<GapAction>();
        var notes = new List<string>();
        var achievable = false;
        for (var round = 0; round < MaxRounds; round++)
        {
            var set = StageUnits.Build(current, profile);
            var report = BalanceEvaluator.Evaluate(set, m, profile);
            if (report.Pass)
            {
                achievable = true;
                break;
            }
            var actions = new List<GapAction>();
            var unitsFailing = report.Stages.SelectMany(s => s.Schools).Any(u => u.Pass == false);
            foreach (var stage in report.Stages)
            {
                if (unitsFailing)
                {
                    foreach (var u in stage.Schools.Where(u => u.Pass == false))
                    {
                        actions.AddRange(AttainmentActions(u, stage.StageCode, m, profile, notes));
                    }
                }
                else
                {
                    actions.AddRange(CvActions(stage, m, profile, notes));
                }
            }
            if (actions.Count == 0)
            {
                notes.Add("存在无法通过增加投入解决的问题（多为数据缺失），请先补齐数据");
                break;
            }
            all.AddRange(actions);
            current = Apply(current, actions).ToList();
        }
        if (!achievable && all.Count > 0 && !notes.Any(n => n.StartsWith("存在", StringComparison.Ordinal)))
        {
            notes.Add($"经过 {MaxRounds} 轮补充仍未达标，方案不完整");
        }
        var merged = all
            .GroupBy(a => (a.School, a.StageCode, a.Measure, a.Purpose))
            .Select(g => g.First() with
            {
                Indicators = string.Join("、", g.SelectMany(a => a.Indicators.Split('、')).Distinct()),
                Quantity = g.Sum(a => a.Quantity),
                CostYuan = g.Sum(a => a.CostYuan),
            })
            .OrderBy(a => a.Purpose == ForAttainment ? 0 : 1).ThenBy(a => a.StageCode).ThenBy(a => a.School, StringComparer.Ordinal).ThenBy(a => a.Measure)
            .ToList();
        var used = merged.Select(a => a.Measure.ToString()).ToHashSet();
        return new GapPlan(achievable, merged.Sum(a => a.CostYuan), merged, notes.Distinct().ToList(),
            profile.UnitCosts.Where(c => used.Contains(c.Key)).ToList());
    }

    public const string MoveKind = "调剂";
    public const string InPlaceKind = "就地补足";
    private const int MaxMoves = 200;

    /// <summary>
    /// The plan with redistribution (issue 19 item 4; docs/adr/0030): before adding anything at a school the plan touches,
    /// look at the other schools of its 学区 and 学段 with spare seats (<paramref name="rooms"/>) and move pupils there
    /// one class (班额标准) at a time, greedily, keeping a move only when the re-planned total falls. Every candidate is
    /// re-planned with <see cref="Plan(IReadOnlyList{BalanceSchoolInput}, string, BalanceProfile)"/>, i.e. re-evaluated
    /// with the same engine and rules (per-pupil values of both schools change with their student counts; teachers and
    /// buildings stay where they are). What is left is met by the additions (扩建 and 新建 of the profile's unit costs).
    /// Schools outside a configured 学区 (<c>未划入学区</c>) are not pooled.
    /// </summary>
    public static GapPlan Plan(IReadOnlyList<BalanceSchoolInput> schools, string method, BalanceProfile profile, IReadOnlyList<SeatRoom> rooms, string unassigned = "未划入学区")
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(rooms);
        var without = Plan(schools, method, profile);
        var known = schools.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var room = rooms.Where(r => known.Contains(r.School) && r.District != unassigned).ToDictionary(r => (r.School, r.Stage));
        var spare = room.ToDictionary(p => p.Key, p => p.Value.Spare);
        var current = schools.ToList();
        var moves = new List<PupilMove>();
        var best = without;
        for (var step = 0; step < MaxMoves && best.TotalCostYuan > 0; step++)
        {
            (GapPlan Plan, List<BalanceSchoolInput> Schools, SeatRoom From, SeatRoom To)? pick = null;
            foreach (var (school, stage) in best.Actions.Select(a => (a.School, a.StageCode)).Distinct())
            {
                if (!room.TryGetValue((school, stage), out var from))
                {
                    continue;
                }
                var have = current.First(s => s.Name == school).StudentsOf(stage) ?? 0;
                foreach (var to in room.Values.Where(r => r.Stage == stage && r.District == from.District && r.School != school))
                {
                    var n = to.ClassSize;
                    if (spare[(to.School, stage)] < n || have < n)
                    {
                        continue;
                    }
                    var moved = Move(current, [new PupilMove(from.District, Labels.Of(stage), school, to.School, n) { StageCode = stage }]);
                    var plan = Plan(moved, method, profile);
                    if ((plan.Achievable || !best.Achievable) && plan.TotalCostYuan < (pick?.Plan.TotalCostYuan ?? best.TotalCostYuan) - 0.5)
                    {
                        pick = (plan, moved, from, to);
                    }
                }
            }
            if (pick is not { } p)
            {
                break;
            }
            var k = p.To.ClassSize;
            spare[(p.To.School, p.To.Stage)] -= k;
            spare[(p.From.School, p.From.Stage)] += k;
            current = p.Schools;
            best = p.Plan;
            var i = moves.FindIndex(m => m.From == p.From.School && m.To == p.To.School && m.StageCode == p.To.Stage);
            var move = new PupilMove(p.From.District, Labels.Of(p.To.Stage), p.From.School, p.To.School, k) { StageCode = p.To.Stage };
            if (i >= 0)
            {
                moves[i] = moves[i] with { Pupils = moves[i].Pupils + k };
            }
            else
            {
                moves.Add(move);
            }
        }
        var options = new List<GapOption>();
        foreach (var m in moves)
        {
            double At(GapPlan g, string school) => g.Actions.Where(a => a.School == school && a.StageCode == m.StageCode).Sum(a => a.CostYuan);
            options.Add(new GapOption(m.From, m.Stage, MoveKind, m.To, m.Pupils, At(best, m.From) + At(best, m.To), true));
            options.Add(new GapOption(m.From, m.Stage, InPlaceKind, null, 0, At(without, m.From) + At(without, m.To), false));
        }
        var notes = best.Notes.ToList();
        if (moves.Count > 0)
        {
            notes.Insert(0, $"先调剂同一学区、同一学段学校的富余学位（{moves.Sum(m => m.Pupils)} 人，{moves.Count} 处），再补足：合计投入由 {without.TotalCostYuan / 10_000:0.##} 万元降至 {best.TotalCostYuan / 10_000:0.##} 万元");
        }
        else if (room.Values.Any(r => r.Spare > 0))
        {
            notes.Add("同一学区、同一学段学校的富余学位调剂不能降低所需投入，未安排调剂");
        }
        return best with { Moves = moves, CostWithoutMovesYuan = without.TotalCostYuan, Options = options, Notes = notes };
    }

    /// <summary>A copy with the moves applied: each move's pupils taken from <c>From</c>'s 学段 and added to <c>To</c>'s.</summary>
    internal static List<BalanceSchoolInput> Move(IReadOnlyList<BalanceSchoolInput> schools, IEnumerable<PupilMove> moves)
    {
        var copy = schools.ToList();
        foreach (var m in moves)
        {
            var from = copy.FindIndex(s => s.Name == m.From);
            var to = copy.FindIndex(s => s.Name == m.To);
            if (from < 0 || to < 0)
            {
                throw new InvalidOperationException($"调剂方案中的学校“{(from < 0 ? m.From : m.To)}”不在名单中");
            }
            copy[from] = copy[from].WithStudents(m.StageCode, -m.Pupils);
            copy[to] = copy[to].WithStudents(m.StageCode, m.Pupils);
        }
        return copy;
    }

    internal static List<BalanceSchoolInput> Apply(IReadOnlyList<BalanceSchoolInput> schools, IEnumerable<GapAction> actions)
    {
        var copy = schools.ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < copy.Count; i++)
        {
            index.TryAdd(copy[i].Name, i);
        }
        foreach (var a in actions)
        {
            if (!index.TryGetValue(a.School, out var i))
            {
                throw new InvalidOperationException($"缺口方案中的学校“{a.School}”不在名单中");
            }
            copy[i] = copy[i].Add(a.Measure, a.StageCode, a.Quantity);
        }
        return copy;
    }

    /// <summary>School-level quantity that raises the unit's numerator by <paramref name="need"/>, rounded up to whole units.</summary>
    private static double Quantity(double need, double leverage) =>
        need <= 0 ? 0 : Math.Ceiling(need / leverage - 1e-9);

    private static GapAction Action(StageUnit u, Stage stage, string purpose, IndicatorStandard ind, double qty, BalanceProfile profile)
    {
        var cost = profile.CostOf(ind.Measure);
        return new GapAction(u.School, Labels.Of(stage), purpose, ind.Code, cost.Name, cost.Unit, qty, qty * cost.YuanPerUnit)
        {
            Measure = ind.Measure,
            StageCode = stage,
        };
    }

    private static List<GapAction> AttainmentActions(UnitResult r, Stage stage, MethodProfile m, BalanceProfile profile, List<string> notes)
    {
        var u = r.Unit;
        var rule = m.Attainment!;
        var inds = m.Indicators.Where(i => i.Thresholds?.Of(stage) is not null).ToList();
        if (inds.Any(i => BalanceEvaluator.Numerator(u, i.Measure, profile) is null))
        {
            notes.Add($"{u.Name}：有指标缺少数据，无法测算达标所需投入");
            return [];
        }
        // Try "every indicator to its threshold" and, for each indicator, "this one only to RestFraction".
        List<GapAction>? best = null;
        var bestCost = double.MaxValue;
        for (var relaxed = -1; relaxed < inds.Count; relaxed++)
        {
            var plan = new List<GapAction>();
            for (var k = 0; k < inds.Count; k++)
            {
                var ind = inds[k];
                var target = ind.Thresholds!.Of(stage)!.Value * (k == relaxed ? rule.RestFraction : 1);
                var need = target * u.Students / ind.Factor - BalanceEvaluator.Numerator(u, ind.Measure, profile)!.Value;
                var qty = Quantity(need, u.Leverage[(int)ind.Measure]);
                if (qty > 0)
                {
                    plan.Add(Action(u, stage, ForAttainment, ind, qty, profile));
                }
            }
            var cost = plan.Sum(a => a.CostYuan);
            if (cost < bestCost)
            {
                (best, bestCost) = (plan, cost);
            }
        }
        return best ?? [];
    }

    private static IEnumerable<GapAction> CvActions(StageResult stage, MethodProfile m, BalanceProfile profile, List<string> notes)
    {
        var limit = m.CvLimits.Of(stage.StageCode);
        var over = stage.Indicators
            .Select((r, j) => (r, ind: m.Indicators[j]))
            .Where(x => x.r.Cv is { } cv && !profile.Comparison.AtMost(cv, limit))
            .ToList();
        foreach (var (r, ind) in over)
        {
            if (r.MissingUnits > 0)
            {
                notes.Add($"{stage.Stage} {ind.Code}：有学校缺少数据，无法测算缩小差异所需投入");
                continue;
            }
            // 2012 reading: bringing every indicator whose CV exceeds the composite limit down to that limit makes
            // the mean of the eight CVs ≤ the limit (ADR 0010); 2017 tests each CV against the limit anyway.
            var units = stage.Schools.Select(s => s.Unit).ToList();
            var xs = units.Select(u => BalanceEvaluator.ValueOf(u, ind, profile)!.Value).ToArray();
            var floor = FloorFor(units, xs, limit * (1 - 1e-6));
            for (var i = 0; i < units.Count; i++)
            {
                if (xs[i] >= floor)
                {
                    continue;
                }
                var need = (floor - xs[i]) * units[i].Students / ind.Factor;
                var qty = Quantity(need, units[i].Leverage[(int)ind.Measure]);
                if (qty > 0)
                {
                    yield return Action(units[i], stage.StageCode, ForCv, ind, qty, profile);
                }
            }
        }
    }

    /// <summary>
    /// The lowest common floor F such that lifting every value below F up to F gives a weighted CV ≤ target.
    /// CV falls as F rises (the lifted group is always at or below the mean), so bisection on [min, max] works.
    /// </summary>
    internal static double FloorFor(IReadOnlyList<StageUnit> units, double[] xs, double target)
    {
        var pts = new (double, double)[xs.Length];
        double CvAt(double f)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                pts[i] = (units[i].Students, Math.Max(xs[i], f));
            }
            return BalanceEvaluator.WeightedCv(pts).Cv ?? 0;
        }
        double lo = xs.Min(), hi = xs.Max();
        if (CvAt(lo) <= target)
        {
            return lo;
        }
        for (var it = 0; it < 100 && hi - lo > 1e-9 * Math.Max(1, hi); it++)
        {
            var mid = (lo + hi) / 2;
            if (CvAt(mid) <= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return hi;
    }
}
