using System.Text.Json;
using EduCounty.Common;
using EduCounty.Indicators;
using EduCounty.Indicators.DataElements;
using EduCounty.Indicators.Expressions;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Evaluation;

/// <summary>An element value used by an indicator, for "这个数怎么算的?".</summary>
/// <param name="Code">Element code.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Year">The school year it was taken from (offsets applied).</param>
/// <param name="Value">The value, or null.</param>
/// <param name="Source">Where it came from (records or a statistic with its source).</param>
public sealed record ElementInput(string Code, string Name, int Year, decimal? Value, string Source);

/// <summary>One indicator in one year: value with its parts, status against the path, 2025 projection.</summary>
public sealed record IndicatorResult(
    PlanIndicator Indicator,
    int Year,
    IndicatorValue Value,
    IReadOnlyList<ElementInput> Inputs,
    StatusJudgement Judgement,
    Projection Projection,
    bool Frozen)
{
    /// <summary>
    /// The published value (rounded), in the plan table's unit: the value by the statistical definition, or the row's
    /// <see cref="PlanIndicator.PublishedCap"/> when it is above it (docs/adr/0039; <see cref="CapNote"/> says so).
    /// </summary>
    public decimal? Shown => Capped ? Indicator.PublishedCap : Value.RoundedValue;

    /// <summary>The value by the statistical definition is above the row's published cap (e.g. 巩固率 101.29 % → 100 %).</summary>
    public bool Capped => Indicator.PublishedCap is { } cap && Value.RoundedValue > cap;

    /// <summary>
    /// Beside a capped value: “按统计口径计算为101.29%（1652÷1631），超过100%是……，公布值按100%计”; null when not capped.
    /// </summary>
    public string? CapNote => Capped && Value.RoundedValue is { } raw && Indicator.PublishedCap is { } cap
        ? $"按统计口径计算为{StatusRules.N(raw)}{Indicator.Unit}" +
          (Value.Numerator is { } n && Value.Denominator is { } d ? $"（{StatusRules.N(n)}÷{StatusRules.N(d)}）" : "") +
          (string.IsNullOrWhiteSpace(Indicator.PublishedCapNote) ? "" : $"，{Indicator.PublishedCapNote}") +
          $"，公布值按{StatusRules.N(cap)}{Indicator.Unit}计"
        : null;

    /// <summary>The status.</summary>
    public IndicatorStatus Status => Judgement.Status;

    /// <summary>约束性 and behind the path: shown red and first.</summary>
    public bool Alert => Indicator.Kind == IndicatorKind.Binding && Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk;
}

/// <summary>Information about a frozen year.</summary>
/// <summary>Who froze the year, when, and the reporting-period versions it read (issue 22 §4; null/empty: imports only).</summary>
public sealed record FreezeInfo(string FrozenBy, DateTimeOffset FrozenAt, string? DataVersions = null);

/// <summary>A plan evaluated for one school year (and every year from the baseline, for the trend).</summary>
public sealed record PlanEvaluation(
    PlanDocument Plan,
    int Year,
    DataScope Scope,
    DateTimeOffset AsOf,
    IReadOnlyList<IndicatorResult> Rows,
    IReadOnlyDictionary<int, IReadOnlyList<IndicatorResult>> History,
    FreezeInfo? Frozen)
{
    /// <summary>约束性 indicators behind the path first, then the rest in table order.</summary>
    public IReadOnlyList<IndicatorResult> Ordered => [.. Rows.Where(r => r.Alert), .. Rows.Where(r => !r.Alert)];

    /// <summary>The row of an indicator.</summary>
    public IndicatorResult? Find(string code) => Rows.FirstOrDefault(r => r.Indicator.Code == code);

    /// <summary>Shown values of one indicator by year, baseline year to <see cref="Year"/>.</summary>
    public IReadOnlyList<(int Year, decimal? Value)> Trend(string code) =>
        [.. History.OrderBy(h => h.Key).Select(h => (h.Key, h.Value.FirstOrDefault(r => r.Indicator.Code == code)?.Shown))];
}

/// <summary>
/// Evaluates a plan's 主要指标 for a school year: collect the elements of every formula, load them in one batch for all
/// years from the baseline to the year (frozen years are read from their freeze), evaluate, judge, project.
/// </summary>
public static class EvaluatePlan
{
    /// <summary>Evaluates <paramref name="plan"/> for the school year starting in <paramref name="year"/>.</summary>
    /// <param name="db">The database.</param>
    /// <param name="plan">The plan (indicators with formulas).</param>
    /// <param name="year">School year start; the plan's year N is the census of autumn N (2020 = 2020-2021).</param>
    /// <param name="scope">County (default: the plan's county), township or school.</param>
    /// <param name="clock">Time source for the as-of time.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<PlanEvaluation> HandleAsync(EduDb db, PlanDocument plan, int year, DataScope? scope = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var all = await HandleYearsAsync(db, plan, year, scope, clock, ct);
        return all[year];
    }

    /// <summary>An indicator's formula parsed once (null when the plan row has no formula).</summary>
    public static CompiledIndicator? Compile(PlanIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.Formula is { } f
            ? CompiledIndicator.Compile(new IndicatorDefinition(indicator.Code, indicator.Name, f.Numerator, f.Denominator, f.Factor, f.Decimals, f.MissingValues, indicator.Unit))
            : null;
    }

    /// <summary>The plan's indicator with this code.</summary>
    /// <exception cref="RuleException">The plan has no such indicator; the message lists the codes it has.</exception>
    public static PlanIndicator Indicator(PlanDocument plan, string code)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Indicators.FirstOrDefault(i => i.Code == code)
            ?? throw new RuleException($"规划中没有指标“{code}”；可用的指标：{string.Join("、", plan.Indicators.Select(i => i.Code))}") { Field = "code" };
    }

    /// <summary>Evaluates every year from the plan's baseline year (or <paramref name="lastYear"/> if earlier) to <paramref name="lastYear"/>.</summary>
    public static async Task<IReadOnlyDictionary<int, PlanEvaluation>> HandleYearsAsync(EduDb db, PlanDocument plan, int lastYear, DataScope? scope = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        scope ??= DataScope.County(plan.DivisionCode);
        return (await HandleManyAsync(db, plan, lastYear, scope.Level, [scope.Code], clock, ct))[scope.Code];
    }

    /// <summary>
    /// Evaluates the plan's formulas for every unit of one level at once (every county of a province, every township of
    /// a county): the elements load in one grouped query per source for all units (GROUP BY unit), not unit by unit;
    /// each unit then gets what <see cref="HandleYearsAsync"/> gives it (frozen years of a county read from its freeze).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<int, PlanEvaluation>>> HandleManyAsync(EduDb db, PlanDocument plan, int lastYear,
        ScopeLevel level, IReadOnlyList<string> units, TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(units);
        var asOf = (clock ?? db.Clock).GetLocalNow();
        var firstYear = Math.Min(plan.BaselineYear, lastYear);
        var years = Enumerable.Range(firstYear, lastYear - firstYear + 1).ToList();
        var compiled = plan.Indicators.Select(i => (Indicator: i, Compiled: Compile(i))).ToList();

        // Frozen years (county scope only): read, not recomputed.
        var frozen = new Dictionary<(string Unit, int Year), PlanYearFreeze>();
        if (level == ScopeLevel.County)
        {
            var codes = units.ToList();
            var rows = await db.PlanYearFreezes.AsNoTracking().Include(f => f.Values)
                .Where(f => f.PlanCode == plan.Code && codes.Contains(f.DivisionCode) && years.Contains(f.Year))
                .ToListAsync(ct);
            foreach (var f in rows) frozen[(f.DivisionCode, f.Year)] = f;
        }

        // Collect pass → one grouped load for every unit (years frozen in every unit are not loaded).
        var live = years.Where(y => units.Any(u => !frozen.ContainsKey((u, y)))).ToList();
        var wanted = from y in live
                     from c in compiled
                     where c.Compiled is not null
                     from r in c.Compiled!.Elements
                     select (r.Code, y + r.YearOffset);
        var values = await DataElementLoader.LoadManyAsync(db, wanted, level, units, ct);

        var result = new Dictionary<string, IReadOnlyDictionary<int, PlanEvaluation>>(StringComparer.Ordinal);
        foreach (var unit in units.Distinct(StringComparer.Ordinal))
        {
            var unitFrozen = years.Where(y => frozen.ContainsKey((unit, y))).ToDictionary(y => y, y => frozen[(unit, y)]);
            result[unit] = Assemble(plan, years, compiled, unitFrozen, values[unit], new DataScope(level, unit), asOf);
        }
        return result;
    }

    private static Dictionary<int, PlanEvaluation> Assemble(PlanDocument plan, List<int> years, List<(PlanIndicator Indicator, CompiledIndicator? Compiled)> compiled,
        Dictionary<int, PlanYearFreeze> frozen, DataElementValues values, DataScope scope, DateTimeOffset asOf)
    {
        // Evaluate pass: values per year.
        var perYear = years.ToDictionary(y => y, y => EvaluateYear(y, compiled, frozen.GetValueOrDefault(y), values, asOf));

        // Judge and project, year by year, each from the years up to it.
        var results = new Dictionary<int, IReadOnlyList<IndicatorResult>>();
        foreach (var y in years)
        {
            var list = new List<IndicatorResult>();
            foreach (var (ind, c) in compiled)
            {
                var (value, inputs, fz) = perYear[y][ind.Code];
                if (fz is not null)
                {
                    list.Add(new IndicatorResult(ind, y, value, inputs, new StatusJudgement(fz.Status, fz.StatusReason, fz.PathValue), new Projection(fz.Projection, fz.ProjectionMethod), true));
                    continue;
                }

                var points = years.Where(x => x >= plan.BaselineYear && x <= y)
                    .Select(x => (Year: x, V: perYear[x][ind.Code].Value.Value))
                    .Where(p => p.V is not null)
                    .Select(p => (p.Year, p.V!.Value))
                    .ToList();
                var projection = StatusRules.Project(ind, points, y, plan.Period.EndYear);
                var baseline = ind.Baseline ?? (perYear.TryGetValue(plan.BaselineYear, out var b) ? b[ind.Code].Value.RoundedValue : null);
                var judgement = StatusRules.Judge(ind, baseline, plan.BaselineYear, plan.Period.EndYear, y, value.RoundedValue, projection);
                list.Add(new IndicatorResult(ind, y, value, inputs, judgement, projection, false));
            }

            results[y] = list;
        }

        return years.ToDictionary(y => y, y => new PlanEvaluation(
            plan, y, scope, asOf, results[y],
            results.Where(r => r.Key <= y).ToDictionary(r => r.Key, r => r.Value),
            frozen.TryGetValue(y, out var f) ? new FreezeInfo(f.FrozenBy, f.FrozenAt, f.DataVersions) : null));
    }

    /// <summary>Every indicator's value and inputs in one year: from the year's freeze, or evaluated from the loaded values.</summary>
    private static Dictionary<string, (IndicatorValue Value, IReadOnlyList<ElementInput> Inputs, FrozenIndicatorValue? Frozen)> EvaluateYear(
        int y, List<(PlanIndicator Indicator, CompiledIndicator? Compiled)> compiled, PlanYearFreeze? fz, DataElementValues values, DateTimeOffset asOf)
    {
        var map = new Dictionary<string, (IndicatorValue, IReadOnlyList<ElementInput>, FrozenIndicatorValue?)>(StringComparer.Ordinal);
        foreach (var (ind, c) in compiled)
        {
            if (fz?.Values.FirstOrDefault(v => v.IndicatorCode == ind.Code) is { } fv)
            {
                map[ind.Code] = (new IndicatorValue(ind.Code, fv.Numerator, fv.Denominator, fv.Value, fv.RoundedValue, fv.Expression, fv.Description, fv.AsOf, fv.MissingReason),
                    JsonSerializer.Deserialize(fv.InputsJson, PlanEvaluationJsonContext.Default.ListElementInput) ?? [], fv);
                continue;
            }

            if (c is null)
            {
                map[ind.Code] = (new IndicatorValue(ind.Code, null, null, null, null, "", "未定义计算公式", asOf, "规划文件中此指标未定义计算公式"), [], null);
                continue;
            }

            var v = c.Evaluate(values.For(y), asOf, DataElementCatalog.NameOf);
            var inputs = c.Elements.OrderBy(r => r.YearOffset).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r =>
                {
                    var ev = values.Get(r.Code, y + r.YearOffset);
                    return new ElementInput(r.Code, DataElementCatalog.NameOf(r.Code) ?? r.Code, y + r.YearOffset, ev?.Value, ev?.Source ?? "");
                })
                .ToList();
            map[ind.Code] = (v, inputs, null);
        }
        return map;
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ElementInput>))]
internal sealed partial class PlanEvaluationJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
