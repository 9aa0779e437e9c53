using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>One indicator of one 学段 over all its units: the student-weighted county value, SD and CV.</summary>
public sealed record IndicatorResult(string Code, string Name, double? Threshold, double? Mean, double? Sd, double? Cv, double? CvLimit, bool Pass)
{
    /// <summary>Units whose value is missing (the CV is over the others; the indicator cannot pass).</summary>
    [JsonIgnore]
    public int MissingUnits { get; init; }
}

/// <summary>One unit's indicator values and (2017) its attainment; <c>Met</c>/<c>Pass</c> are null in 2012, which has no per-school thresholds.</summary>
public sealed record UnitResult(string Name, int Students, IReadOnlyDictionary<string, double?> Values, int? Met, bool? Pass, IReadOnlyList<string> Shortfalls)
{
    [JsonIgnore]
    public StageUnit Unit { get; init; } = null!;
}

public sealed record StageResult(
    [property: JsonIgnore] Stage StageCode,
    [property: JsonPropertyOrder(6)] IReadOnlyList<IndicatorResult> Indicators,
    [property: JsonPropertyOrder(7)] IReadOnlyList<UnitResult> Schools,
    [property: JsonPropertyOrder(4)] bool Pass,
    [property: JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Composite)
{
    [JsonPropertyOrder(1)]
    public string Stage => Labels.Of(StageCode);

    [JsonPropertyOrder(2)]
    public int Units => Schools.Count;

    [JsonPropertyOrder(3)]
    public long Students => Schools.Sum(s => (long)s.Students);
}

/// <summary>The verdict of one method over a county: pass only if every stage passes; every reason is listed.</summary>
public sealed record BalanceReport(string Method, bool Pass, IReadOnlyList<StageResult> Stages, IReadOnlyList<string> Reasons, IReadOnlyList<string> Notes)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GapPlan? GapPlan { get; init; }
}

/// <summary>Student-weighted 差异系数 (balance-rules.md §2.2).</summary>
public readonly record struct WeightedStats(double Mean, double Sd, double? Cv);

/// <summary>
/// The 优质均衡 (2017) and 基本均衡 (2012) evaluations of 资源配置/校际均衡 (balance-rules.md §2.1–§2.3, §3).
/// Only the resource part: 政府保障程度, 教育质量 and 社会认可度 are outside this engine.
/// </summary>
public static class BalanceEvaluator
{
    private static readonly Stage[] EvaluatedStages = [Stage.Primary, Stage.Junior];

    /// <summary>
    /// X̄ = ΣPᵢXᵢ/P, S = √(ΣPᵢ(Xᵢ−X̄)²/P), CV = S/X̄ (§2.2: weighted by students, population form ÷P, not ÷n, not ÷(n−1)).
    /// CV is null when X̄ is 0.
    /// </summary>
    public static WeightedStats WeightedCv(IReadOnlyList<(double Students, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double p = 0, px = 0;
        foreach (var (s, v) in points)
        {
            p += s;
            px += s * v;
        }
        if (p <= 0)
        {
            return new WeightedStats(0, 0, null);
        }
        var mean = px / p;
        double ss = 0;
        foreach (var (s, v) in points)
        {
            ss += s * (v - mean) * (v - mean);
        }
        var sd = Math.Sqrt(ss / p);
        return new WeightedStats(mean, sd, mean == 0 ? null : sd / mean);
    }

    /// <summary>The indicator's numerator for a unit, applying the 室内体育用房 switch (§2.1 note a).</summary>
    public static double? Numerator(StageUnit u, Measure m, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(profile);
        var v = u.Of(m);
        if (v is null || !profile.IndoorSportsTreatment.MoveIndoorSportsFromTeachingToSports)
        {
            return v;
        }
        // A missing 室内体育用房 is taken as none to move (ADR 0010).
        var indoor = u.Of(Measure.IndoorSports) ?? 0;
        return m switch
        {
            Measure.TeachingArea => v - indoor,
            Measure.SportsArea => v + indoor,
            _ => v,
        };
    }

    public static double? ValueOf(StageUnit u, IndicatorStandard ind, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(ind);
        return Numerator(u, ind.Measure, profile) * ind.Factor / u.Students;
    }

    public static BalanceReport Evaluate(IReadOnlyList<BalanceSchoolInput> schools, string method, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var set = StageUnits.Build(schools, profile);
        return Evaluate(set, profile.Method(method), profile);
    }

    public static BalanceReport Evaluate(StageUnitSet set, MethodProfile method, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(profile);
        var reasons = new List<string>();
        var stages = new List<StageResult>();
        foreach (var stage in EvaluatedStages)
        {
            var units = set.Units.Where(u => u.Stage == stage).ToList();
            if (units.Count == 0)
            {
                continue;
            }
            stages.Add(EvaluateStage(stage, units, method, profile, reasons));
        }
        if (stages.Count == 0)
        {
            reasons.Add("没有可评估的小学或初中学校");
        }
        return new BalanceReport(method.Code, reasons.Count == 0, stages, reasons, set.Notes);
    }

    private static StageResult EvaluateStage(Stage stage, List<StageUnit> units, MethodProfile method, BalanceProfile profile, List<string> reasons)
    {
        var cmp = profile.Comparison;
        var label = Labels.Of(stage);
        var inds = method.Indicators;
        var values = new double?[units.Count, inds.Count];
        for (var i = 0; i < units.Count; i++)
        {
            for (var j = 0; j < inds.Count; j++)
            {
                values[i, j] = ValueOf(units[i], inds[j], profile);
            }
        }

        var schools = new List<UnitResult>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            var dict = new Dictionary<string, double?>(inds.Count);
            for (var j = 0; j < inds.Count; j++)
            {
                dict[inds[j].Code] = values[i, j];
            }
            var (met, pass, shortfalls) = method.Attainment is { } rule
                ? Attain(inds, i, values, stage, rule, cmp)
                : (null, null, (IReadOnlyList<string>)[]);
            if (pass == false)
            {
                reasons.Add($"{label}：{units[i].Name} 未达标（{string.Join("；", shortfalls)}）");
            }
            schools.Add(new UnitResult(units[i].Name, units[i].Students, dict, met, pass, shortfalls) { Unit = units[i] });
        }

        var limit = method.CvLimits.Of(stage);
        var indicators = new List<IndicatorResult>(inds.Count);
        var points = new List<(double, double)>(units.Count);
        foreach (var (ind, j) in inds.Select((x, j) => (x, j)))
        {
            points.Clear();
            for (var i = 0; i < units.Count; i++)
            {
                if (values[i, j] is { } v)
                {
                    points.Add((units[i].Students, v));
                }
            }
            var missing = units.Count - points.Count;
            IndicatorResult r;
            if (points.Count == 0)
            {
                r = new IndicatorResult(ind.Code, ind.Name, ind.Thresholds?.Of(stage), null, null, null, method.Composite ? null : limit, false) { MissingUnits = missing };
                reasons.Add($"{label} {ind.Code} {ind.Name}：所有学校缺少数据，无法计算差异系数");
            }
            else
            {
                var st = WeightedCv(points);
                var within = st.Cv is { } cv && cmp.AtMost(cv, limit);
                var pass = missing == 0 && st.Cv is not null && (method.Composite || within);
                r = new IndicatorResult(ind.Code, ind.Name, ind.Thresholds?.Of(stage), st.Mean, st.Sd, st.Cv, method.Composite ? null : limit, pass) { MissingUnits = missing };
                if (missing > 0)
                {
                    reasons.Add($"{label} {ind.Code} {ind.Name}：{missing} 所学校缺少数据，差异系数仅按其余 {points.Count} 所计算，不能判定达标");
                }
                if (st.Cv is null)
                {
                    reasons.Add($"{label} {ind.Code} {ind.Name}：全县均值为 0，无法计算差异系数");
                }
                else if (!method.Composite && !within)
                {
                    reasons.Add($"{label} {ind.Code} {ind.Name}：差异系数 {cmp.Show(st.Cv)} 超过上限 {limit:0.00}");
                }
            }
            indicators.Add(r);
        }

        double? composite = null;
        // 2017: every indicator's CV within the limit (no averaging, §2.1). 2012: an indicator "passes" when its CV
        // is computable from complete data; only the composite is tested against the limit (§3).
        var stagePass = schools.All(s => s.Pass != false) && indicators.All(i => i.Pass);
        if (method.Composite)
        {
            // 综合差异系数 = 8 项差异系数的算术平均 (§3, worked example step 3).
            if (indicators.All(i => i.Cv is not null))
            {
                composite = indicators.Average(i => i.Cv!.Value);
                if (!cmp.AtMost(composite.Value, limit))
                {
                    stagePass = false;
                    reasons.Add($"{label}：综合差异系数 {cmp.Show(composite)} 超过上限 {limit:0.00}");
                }
            }
            else
            {
                stagePass = false;
                reasons.Add($"{label}：有指标缺少差异系数，无法计算综合差异系数");
            }
        }
        return new StageResult(stage, indicators, schools, stagePass, composite);
    }

    /// <summary>§2.1: at least <c>MinMet</c> of the indicators meet their threshold and each other one reaches RestFraction of it.</summary>
    private static (int?, bool?, IReadOnlyList<string>) Attain(IReadOnlyList<IndicatorStandard> inds, int i, double?[,] values, Stage stage, AttainmentRule rule, ComparisonPolicy cmp)
    {
        var met = 0;
        var shortfalls = new List<string>();
        var restOk = true;
        var missing = false;
        for (var j = 0; j < inds.Count; j++)
        {
            var t = inds[j].Thresholds?.Of(stage);
            if (t is null)
            {
                continue;
            }
            if (values[i, j] is not { } v)
            {
                missing = true;
                shortfalls.Add($"{inds[j].Code} {inds[j].Name} 缺少数据");
                continue;
            }
            if (cmp.AtLeast(v, t.Value))
            {
                met++;
                continue;
            }
            var floor = rule.RestFraction * t.Value;
            var ok = cmp.AtLeast(v, floor);
            restOk &= ok;
            shortfalls.Add($"{inds[j].Code} {inds[j].Name} {cmp.Show(v)}{inds[j].Unit} 低于标准 {t.Value:0.###}{inds[j].Unit}（达到 {v / t.Value:P1}{(ok ? "" : $"，低于 {rule.RestFraction:P0}")}）");
        }
        var pass = !missing && met >= rule.MinMet && restOk;
        if (!pass && !missing && met < rule.MinMet)
        {
            shortfalls.Add($"仅 {met} 项达标，少于 {rule.MinMet} 项");
        }
        return (met, pass, shortfalls);
    }
}
