using EduCounty.Common;
using EduCounty.Indicators;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Balance;

/// <summary>The Chinese wording of rule outcomes: values with units, failures with the actual relation, headline values.</summary>
internal sealed class RuleText(CompiledAssurance rules, int year)
{
    /// <summary>Chinese names of elements, with the school year for an offset ("初一在校生数（2018-2019 学年）").</summary>
    public IReadOnlyList<string> Names(IEnumerable<DataElementRef> refs) =>
        [.. refs.Select(e => (rules.NameOf(e.Code) ?? e.ToString()) + (e.YearOffset == 0 ? "" : $"（{new SchoolYear(year + e.YearOffset)} 学年）")).Distinct()];

    /// <summary>The rule in words: the comparison (or the value shown), with the inputs when <paramref name="lookup"/> is given.</summary>
    public string Describe(CompiledRule cr, Func<DataElementRef, decimal?>? lookup) =>
        cr.Comparison?.Describe(rules.NameOf, lookup) ?? cr.Left.Describe(rules.NameOf, lookup);

    public static string Show(decimal v, AssuranceRule r) =>
        r.Decimals is { } d ? CompiledComparison.Number(v, d) : CompiledComparison.Number(Math.Round(v, 2, MidpointRounding.AwayFromZero));

    public static string WithUnit(string value, AssuranceRule r) =>
        string.IsNullOrEmpty(r.Unit) ? value : r.Unit == "%" ? value + "%" : $"{value} {r.Unit}";

    private static bool Simple(ExpressionNode n) => n is ElementNode or NumberNode;

    /// <summary>"描述，未满足", with the actual relation of both sides when a side is computed ("（实际 0 &lt; 1）").</summary>
    public static string Failure(CompiledRule cr, string description, ComparisonOutcome o)
    {
        var cmp = cr.Comparison!;
        if (Simple(cmp.Left.Root) && Simple(cmp.Right.Root) || o.Left is not { } l || o.Right is not { } r)
        {
            return $"{description}，未满足";
        }
        return $"{description}，未满足（实际 {Show(l, cr.Rule)} {CompiledComparison.Relation(l, r)} {Show(r, cr.Rule)}）";
    }

    /// <summary>
    /// A county value: the left side with its unit, "（分子/分母）" when it is a ratio (a ÷ b, or a ÷ b × k), and the
    /// right side with the actual relation when the right side is not a fixed threshold ("98200 元 &gt; 97800 元").
    /// </summary>
    public static string CountyValue(CompiledRule cr, Func<DataElementRef, decimal?> lookup, ComparisonOutcome o)
    {
        var r = cr.Rule;
        var s = WithUnit(Show(o.Left!.Value, r), r);
        if (Ratio(cr.Left.Root) is var (num, den))
        {
            var n = Expression.FromTree(num, cr.Left.Source).Evaluate(lookup, r.MissingValues).Value;
            var d = Expression.FromTree(den, cr.Left.Source).Evaluate(lookup, r.MissingValues).Value;
            if (n is { } nv && d is { } dv)
            {
                s += $"（{Plain(nv)}/{Plain(dv)}）";
            }
        }
        if (cr.Comparison is { } cmp && cmp.Right.Root is not NumberNode && o.Right is { } rv)
        {
            s = $"{s} {CompiledComparison.Relation(o.Left.Value, rv)} {WithUnit(Show(rv, r), r)}";
        }
        return s;
    }

    private static string Plain(decimal v) => CompiledComparison.Number(Math.Round(v, 2, MidpointRounding.AwayFromZero));

    private static (ExpressionNode Numerator, ExpressionNode Denominator)? Ratio(ExpressionNode n) => n switch
    {
        BinaryNode { Operator: BinaryOperator.Divide } b => (b.Left, b.Right),
        BinaryNode { Operator: BinaryOperator.Multiply, Left: BinaryNode { Operator: BinaryOperator.Divide } d, Right: NumberNode } => (d.Left, d.Right),
        _ => null,
    };

    /// <summary>True when the worst value of the rule's left side is the largest (a ≤ or &lt; rule), false for ≥ or &gt;, null otherwise.</summary>
    private static bool? LargestIsWorst(CompiledRule cr) => cr.Comparison?.Operator switch
    {
        BinaryOperator.LessOrEqual or BinaryOperator.Less => true,
        BinaryOperator.GreaterOrEqual or BinaryOperator.Greater => false,
        _ => null,
    };

    public static decimal Worse(CompiledRule cr, decimal a, decimal b) => LargestIsWorst(cr) == false ? Math.Min(a, b) : Math.Max(a, b);

    public static string WorstWord(CompiledRule cr) => LargestIsWorst(cr) == false ? "最小" : "最大";

    /// <summary>
    /// The headline of per-unit rules of one level: units meeting every applicable rule over the decided units, the
    /// missing ones, and the extreme value when all the rules compare the same left side the same way.
    /// </summary>
    public string UnitsValue(IReadOnlyList<RuleRun> runs)
    {
        var level = runs[0].Rule.Rule.Level;
        var noun = level switch { RuleLevel.School => "所", RuleLevel.Class => "个班级", _ => "个调查群体" };
        if (runs.All(r => r.Units.Count == 0))
        {
            return "无数据";
        }
        var units = runs.SelectMany(r => r.Units).GroupBy(u => u.Key)
            .Select(g => (g.First().Weight, State: g.Any(u => u.State == UnitState.Failed) ? UnitState.Failed
                : g.Any(u => u.State == UnitState.Missing) ? UnitState.Missing
                : g.Any(u => u.State == UnitState.Met) ? UnitState.Met : UnitState.NotApplicable))
            .ToList();
        int Count(UnitState s) => units.Where(u => u.State == s).Sum(u => u.Weight);
        int met = Count(UnitState.Met), failed = Count(UnitState.Failed), missing = Count(UnitState.Missing);
        if (met + failed + missing == 0)
        {
            var when = runs[0].Rule.When is { } w ? $"（{w.Describe(rules.NameOf)}）" : "";
            return $"无适用的{CompiledAssurance.Word(level)}{when}";
        }
        var s = string.Join("，", new[]
        {
            met + failed > 0 ? $"{met}/{met + failed} {noun}达标" : null,
            missing > 0 ? $"{missing} {noun}缺少数据" : null,
        }.Where(p => p is not null));
        var first = runs[0].Rule;
        var sameSide = runs.All(r => r.Rule.Comparison is not null && r.Rule.Left.Source == first.Left.Source
            && LargestIsWorst(r.Rule) == LargestIsWorst(first) && r.Rule.Rule.Unit == first.Rule.Unit);
        var values = runs.SelectMany(r => r.Units).Where(u => u.State != UnitState.NotApplicable && u.Left is not null).Select(u => u.Left!.Value).ToList();
        if (sameSide && LargestIsWorst(first) is { } largest && values.Count > 0)
        {
            var extreme = largest ? values.Max() : values.Min();
            s += $"，{(largest ? "最高" : "最低")} {WithUnit(Show(extreme, first.Rule), first.Rule)}";
        }
        return s;
    }
}
