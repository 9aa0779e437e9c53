using EduCounty.Common;
using EduCounty.Indicators;

namespace EduCounty.Balance;

/// <summary>
/// An item computed from the registry: <c>Met</c> null = the registry holds no data for it (a supervisor records it
/// instead). <c>Value</c> is the headline figure, <c>Findings</c> the schools/classes that fail (each rule in Chinese
/// words with its inputs), missing figures and reference notes; <see cref="Rules"/> each rule's own outcome.
/// </summary>
public sealed record ComputedItem(string Code, bool? Met, string Value, IReadOnlyList<string> Findings)
{
    /// <summary>The outcome of each enabled rule of the item, in rule order.</summary>
    public IReadOnlyList<RuleResult> Rules { get; init; } = [];
}

/// <summary>One rule's outcome: its verdict, headline value and the rule in Chinese words (county rules with their inputs).</summary>
public sealed record RuleResult(string Code, string Name, RuleLevel Level, RuleImportance Importance, bool? Met, string Value, string Description, string Source);

/// <summary>
/// 政府保障程度, 教育质量 and 社会认可度 items evaluated from the rule rows of the profile (balance-assurance.json,
/// docs/adr/0021): the rules are parsed once (<see cref="CompiledAssurance"/>), their elements collected and loaded in
/// one GROUP BY query per registry table (<see cref="ReadAssuranceData"/>), then evaluated and described here.
/// Items without rules come back absent (a supervisor records them).
/// </summary>
public static class ComputeAssuranceItems
{
    public static async Task<IReadOnlyList<ComputedItem>> HandleAsync(EduDb db, string countyCode, SchoolYear year, IReadOnlyCollection<int>? schoolIds = null,
        AssuranceStandards? standards = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = CompiledAssurance.Of(standards ?? AssuranceStandards.National());
        var data = await ReadAssuranceData.HandleAsync(db, countyCode, year, rules, schoolIds, ct);
        return Evaluate(rules, data);
    }

    /// <summary>Evaluates every item with rules over loaded (or hand-built) data.</summary>
    public static IReadOnlyList<ComputedItem> Evaluate(CompiledAssurance rules, AssuranceData data)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(data);
        var text = new RuleText(rules, data.Year);
        return [.. rules.Rules.GroupBy(r => r.Item.Code, StringComparer.Ordinal).Select(g => EvaluateItem(g.Key, [.. g], rules, data, text))];
    }

    private static ComputedItem EvaluateItem(string code, IReadOnlyList<CompiledRule> itemRules, CompiledAssurance rules, AssuranceData data, RuleText text)
    {
        var runs = itemRules.Select(r => r.Rule.Level == RuleLevel.County ? RunCounty(r, rules, data, text) : RunUnits(r, rules, data, text)).ToList();
        var required = runs.Where(r => r.Rule.Rule.Importance == RuleImportance.Required).ToList();
        // A per-school rule whose school types the county does not have (no 九年一贯制 for G4.2) does not apply, unless no rule of the item has schools.
        if (required.Any(HasUnits))
        {
            required = [.. required.Where(r => r.Rule.Rule.Level == RuleLevel.County || HasUnits(r))];
        }
        bool? met = required.Count == 0 ? null : required.Any(r => r.Met == false) ? false : required.Any(r => r.Met is null) ? null : true;
        // Failures school by school (a school failing two rules reads together), county failures first.
        var findings = runs.SelectMany(r => r.Failures).OrderBy(f => f.Order).Select(f => f.Text).ToList();
        var missing = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (unit, names) in runs.SelectMany(r => r.Missing))
        {
            var list = missing.TryGetValue(unit, out var l) ? l : missing[unit] = [];
            list.AddRange(names.Where(n => !list.Contains(n)));
        }
        findings.AddRange(missing.Select(m => (m.Key.Length == 0 ? "" : m.Key + "：") + "缺少数据（" + string.Join("、", m.Value) + "）"));
        findings.AddRange(runs.SelectMany(r => r.Notes));
        return new ComputedItem(code, met, ItemValue(required.Count > 0 ? required : runs, text), findings)
        {
            Rules = [.. runs.Select(r => new RuleResult(r.Rule.Rule.Code, r.Rule.Rule.Name, r.Rule.Rule.Level, r.Rule.Rule.Importance, r.Met, r.Value, r.Description, r.Rule.Rule.Source))],
        };
    }

    private static bool HasUnits(RuleRun r) => r.Rule.Rule.Level != RuleLevel.County && r.Units.Count > 0;

    private static RuleRun RunCounty(CompiledRule cr, CompiledAssurance rules, AssuranceData data, RuleText text)
    {
        var r = cr.Rule;
        var run = new RuleRun(cr);
        var lookup = data.ForCounty(r.SchoolTypes, rules);
        run.Description = text.Describe(cr, lookup);
        if (cr.When is { } when)
        {
            var w = when.Evaluate(lookup, r.MissingValues);
            if (w.Value is null || w.Value == 0m)
            {
                run.Met = w.Value is null ? null : true;
                run.Value = w.Value is null ? "缺少数据" : "不适用";
                run.Description = $"适用条件 {when.Describe(rules.NameOf, lookup)} " + (w.Value is null ? "无法判断" : "不成立，本规则不适用");
                AddMissing(run, "", -1, text.Names(when.Elements.Where(e => lookup(e) is null)), w.MissingReason);
                return run;
            }
        }
        if (cr.Comparison is not { } cmp)
        {
            var v = cr.Left.Evaluate(lookup, r.MissingValues);
            run.Value = v.Value is { } x ? RuleText.WithUnit(RuleText.Show(x, r), r) : "无法计算";
            if (v.Value is not null)
            {
                run.Notes.Add($"{r.Name}：{run.Description} = {run.Value}，仅供参考");
            }
            return run;
        }
        var o = cmp.Evaluate(lookup, r.MissingValues);
        run.Met = o.Met;
        run.Value = o.Left is not null ? RuleText.CountyValue(cr, lookup, o) : o.MissingElements.Count > 0 ? "缺少数据" : "无法计算";
        if (o.Met == false)
        {
            var failure = RuleText.Failure(cr, run.Description, o);
            if (r.Importance == RuleImportance.Info)
            {
                run.Notes.Add(failure + "（仅供参考）");
            }
            else
            {
                run.Failures.Add((-1, failure));
            }
        }
        else if (o.Met is null)
        {
            AddMissing(run, "", -1, text.Names(o.MissingElements), $"{run.Description}：无法计算（{o.MissingReason}）");
        }
        if (r.Breakdown is { } b)
        {
            run.Notes.AddRange(Breakdown(cr, cmp, b, rules, data, text));
        }
        return run;
    }

    private static IEnumerable<string> Breakdown(CompiledRule cr, CompiledComparison cmp, RuleBreakdown b, CompiledAssurance rules, AssuranceData data, RuleText text)
    {
        var members = b.Level == RuleLevel.School ? data.SchoolsOf(cr.Rule.SchoolTypes) : data.Groups;
        foreach (var m in members)
        {
            var lookup = data.For(m, rules);
            var o = cmp.Evaluate(lookup, cr.Rule.MissingValues);
            if (o.Left is not null && (b.Show == BreakdownShow.All || o.Met == false))
            {
                yield return $"{m.Name}：{RuleText.CountyValue(cr, lookup, o)}" +
                    (o.Met == false && o.Right is { } rv ? $"，未满足 {CompiledComparison.Symbol(cmp.Operator)} {RuleText.WithUnit(RuleText.Show(rv, cr.Rule), cr.Rule)}" : "");
            }
        }
    }

    private static RuleRun RunUnits(CompiledRule cr, CompiledAssurance rules, AssuranceData data, RuleText text)
    {
        var r = cr.Rule;
        var run = new RuleRun(cr);
        var units = (r.Level switch
        {
            RuleLevel.School => data.SchoolsOf(r.SchoolTypes),
            RuleLevel.Class => data.ClassesOf(r.SchoolTypes),
            _ => data.Groups,
        }).ToList();
        run.Description = text.Describe(cr, null);
        if (units.Count == 0)
        {
            run.Value = "无数据";
            return run;
        }
        var classFailures = new Dictionary<string, (int Order, int Count, decimal Worst)>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var key = $"{r.Level}:{u.School?.Id}:{u.Name}:{i}";
            var order = data.OrderOf(u);
            var lookup = data.For(u, rules);
            if (cr.When is { } when)
            {
                var w = when.Evaluate(lookup, r.MissingValues);
                if (w.Value == 0m)
                {
                    run.Units.Add(new UnitStatus(key, u.Weight, UnitState.NotApplicable, null));
                    continue;
                }
                if (w.Value is null)
                {
                    run.Units.Add(new UnitStatus(key, u.Weight, UnitState.Missing, null));
                    AddMissing(run, u.Name, order, text.Names(when.Elements.Where(e => lookup(e) is null)), $"{u.Name}：适用条件无法判断（{w.MissingReason}）");
                    continue;
                }
            }
            var o = cr.Comparison is { } cmp ? cmp.Evaluate(lookup, r.MissingValues) : null;
            var left = o?.Left ?? cr.Left.Evaluate(lookup, r.MissingValues).Value;
            var state = o?.Met switch { true => UnitState.Met, false => UnitState.Failed, _ => o is null && left is not null ? UnitState.Met : UnitState.Missing };
            run.Units.Add(new UnitStatus(key, u.Weight, state, left));
            if (state == UnitState.Missing)
            {
                var absent = o?.MissingElements ?? [.. cr.Left.Elements.Where(e => lookup(e) is null)];
                AddMissing(run, u.Name, order, text.Names(absent), $"{u.Name}：无法计算（{o?.MissingReason ?? "左侧无值"}）");
            }
            else if (state == UnitState.Failed && r.Level == RuleLevel.Class)
            {
                var worst = classFailures.TryGetValue(u.Name, out var f) ? RuleText.Worse(cr, f.Worst, left!.Value) : left!.Value;
                classFailures[u.Name] = (order, f.Count + u.Weight, worst);
            }
            else if (state == UnitState.Failed)
            {
                run.Failures.Add((order, $"{u.Name}：{RuleText.Failure(cr, cr.Comparison!.Describe(rules.NameOf, lookup), o!)}"));
            }
        }
        run.Failures.AddRange(classFailures.Select(f => (f.Value.Order,
            $"{f.Key}：{f.Value.Count} 个班不满足 {run.Description}（{RuleText.WorstWord(cr)} {RuleText.WithUnit(RuleText.Show(f.Value.Worst, r), r)}）")));
        if (r.Importance == RuleImportance.Info)
        {
            run.Notes.AddRange(run.Failures.Select(f => f.Text + "（仅供参考）"));
            run.Failures.Clear();
        }
        run.Met = Verdict(r.Aggregate, run.Units);
        run.Value = text.UnitsValue([run]);
        return run;
    }

    private static void AddMissing(RuleRun run, string unit, int order, IReadOnlyList<string> names, string? otherwise)
    {
        if (names.Count > 0)
        {
            run.Missing.Add((unit, names));
        }
        else if (otherwise is not null)
        {
            run.Failures.Add((order, otherwise));
        }
    }

    /// <summary>
    /// The rule's verdict from its units (weights count classes): with missing units counted both ways, true when even
    /// the worst case passes, false when even the best case fails, otherwise undecided.
    /// </summary>
    internal static bool? Verdict(RuleAggregate? aggregate, IReadOnlyList<UnitStatus> units)
    {
        decimal met = units.Where(u => u.State == UnitState.Met).Sum(u => u.Weight);
        decimal failed = units.Where(u => u.State == UnitState.Failed).Sum(u => u.Weight);
        decimal missing = units.Where(u => u.State == UnitState.Missing).Sum(u => u.Weight);
        var kind = aggregate?.Kind ?? AggregateKind.All;
        var limit = kind == AggregateKind.All ? 0 : aggregate!.Value ?? 0;
        if (kind == AggregateKind.Share)
        {
            var total = met + failed + missing;
            return total == 0 || met * 100 >= limit * total ? true : (met + missing) * 100 < limit * total ? false : null;
        }
        return failed > limit ? false : failed + missing <= limit ? true : null;
    }

    private static string ItemValue(IReadOnlyList<RuleRun> runs, RuleText text)
    {
        var parts = new List<string>();
        var county = runs.Where(r => r.Rule.Rule.Level == RuleLevel.County).ToList();
        parts.AddRange(county.Select(r => county.Count > 1 ? $"{r.Rule.Rule.Name} {r.Value}" : r.Value));
        foreach (var level in runs.Where(r => r.Rule.Rule.Level != RuleLevel.County).GroupBy(r => r.Rule.Rule.Level))
        {
            parts.Add(text.UnitsValue([.. level]));
        }
        return string.Join("；", parts);
    }
}

internal enum UnitState
{
    Met,
    Failed,
    Missing,
    NotApplicable,
}

/// <summary>A unit's state under one rule; <c>Key</c> identifies the unit across the rules of an item.</summary>
internal sealed record UnitStatus(string Key, int Weight, UnitState State, decimal? Left);

/// <summary>The working of one rule while an item is evaluated.</summary>
internal sealed class RuleRun(CompiledRule rule)
{
    public CompiledRule Rule { get; } = rule;
    public bool? Met { get; set; }
    public string Value { get; set; } = "";
    public string Description { get; set; } = "";
    public List<(int Order, string Text)> Failures { get; } = [];
    public List<string> Notes { get; } = [];
    public List<(string Unit, IReadOnlyList<string> Names)> Missing { get; } = [];
    public List<UnitStatus> Units { get; } = [];
}
