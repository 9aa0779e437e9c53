using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using MiniExcelLibs;

namespace EduCounty.Reports;

/// <summary>The 主要指标 table of one year as .xlsx (MiniExcel): the plan's columns plus value, parts, status, projection.</summary>
public static class IndicatorTableExport
{
    /// <summary>Rows of the sheet, with Chinese column names, in the plan's order.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Rows(PlanEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [.. e.Rows.Select(r => new Dictionary<string, object?>
        {
            ["分组"] = r.Indicator.Group,
            ["指标"] = r.Indicator.Name,
            ["编码"] = r.Indicator.Code,
            ["单位"] = r.Indicator.Unit,
            ["属性"] = r.Indicator.Kind == IndicatorKind.Binding ? "约束性" : "预期性",
            ["2020基期"] = r.Indicator.Baseline is { } b ? b : "/",
            [$"{e.Plan.IndicatorTable.PrefectureName}目标"] = r.Indicator.PrefectureTarget,
            ["2025目标"] = r.Indicator.Target,
            ["本年度值"] = r.Shown,
            ["统计口径值"] = r.Value.RoundedValue,
            ["公布说明"] = r.CapNote,
            ["分子"] = r.Value.Numerator,
            ["分母"] = r.Value.Denominator,
            ["状态"] = IndicatorStatusLabels.Of(r.Status),
            ["说明"] = r.Judgement.Reason,
            ["2025预测"] = r.Projection.Value,
            ["预测方法"] = r.Projection.Method,
            ["数据截至"] = LocalTime.Text(r.Value.AsOf),
        })];
    }

    /// <summary>Writes the sheet to <paramref name="output"/>.</summary>
    public static Task WriteXlsxAsync(PlanEvaluation e, Stream output, CancellationToken ct = default) =>
        output.SaveAsAsync(Rows(e), sheetName: "主要指标", cancellationToken: ct);
}
