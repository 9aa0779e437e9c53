using System.Globalization;
using System.Text;
using EduCounty.Common;

namespace EduCounty.Plan.Evaluation;

/// <summary>"这个数怎么算的?": an indicator's value with the formula in words, the actual counts and their sources.</summary>
public static class PlanExplanation
{
    /// <summary>The label of the formula as an expression (data element codes): the web shows it behind 展开.</summary>
    public const string ExpressionLabel = "公式";

    /// <summary>Lines of the explanation (used by the CLI and the web page).</summary>
    public static IReadOnlyList<(string Label, string Text)> Lines(PlanEvaluation e, IndicatorResult r)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(r);
        var i = r.Indicator;
        var lines = new List<(string, string)>
        {
            ("指标", $"{i.Name}（{(i.Kind == IndicatorKind.Binding ? "约束性" : "预期性")}，单位 {i.Unit}）"),
            ("学年", new SchoolYear(r.Year) + " 学年" + (r.Frozen && e.Frozen is { } f ? $"（已冻结为年度评估：{f.FrozenBy}，{LocalTime.Text(f.FrozenAt)}）" : "")),
            ("本年度值", r.Shown is { } v ? $"{StatusRules.N(v)} {i.Unit}" + (r.CapNote is { } note ? $"（{note}）" : "") : "无（" + r.Value.MissingReason + "）"),
            ("计算方法", r.Value.Description),
            (ExpressionLabel, r.Value.Expression),
        };
        if (i.Formula?.Source is { } src) lines.Add(("口径", Citations.ForReaders(src)));
        foreach (var input in r.Inputs)
        {
            var value = input.Value is { } x ? x.ToString("0.####", CultureInfo.InvariantCulture) : "缺失";
            lines.Add(("数据", $"{input.Name}（{new SchoolYear(input.Year)} 学年）= {value}，来源：{input.Source}"));
        }

        if (r.Value.Numerator is { } n) lines.Add(("分子", StatusRules.N(n)));
        if (r.Value.Denominator is { } d) lines.Add(("分母", StatusRules.N(d)));
        if (r.Value.Value is { } raw && i.Formula is { } fm) lines.Add(("未取舍值", $"{StatusRules.N(Math.Round(raw, 8, MidpointRounding.AwayFromZero))}，按四舍五入保留 {fm.Decimals} 位小数"));
        lines.Add(("2020 基期值", i.Baseline is { } b ? StatusRules.N(b) : "/（规划表中无数据）"));
        lines.Add(("2025 目标值", i.Target is { } t ? StatusRules.N(t) : "—"));
        lines.Add(("状态", $"{IndicatorStatusLabels.Of(r.Status)}：{r.Judgement.Reason}"));
        lines.Add(("2025 年预测", (r.Projection.Value is { } p ? StatusRules.N(p) + "；" : "") + r.Projection.Method));
        lines.Add(("数据截至", LocalTime.Text(r.Value.AsOf)));
        return lines;
    }

    /// <summary>The explanation as text, one "label：text" per line.</summary>
    public static string Text(PlanEvaluation e, IndicatorResult r)
    {
        var sb = new StringBuilder();
        foreach (var (label, text) in Lines(e, r)) sb.Append(label).Append('：').AppendLine(text);
        return sb.ToString();
    }
}
