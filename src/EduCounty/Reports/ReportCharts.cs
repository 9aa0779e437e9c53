using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using ScottPlot;
using SkiaSharp;

namespace EduCounty.Reports;

/// <summary>A chart rendered for a report: PNG bytes with its size in pixels, title and caption.</summary>
public sealed record ReportChart(string Title, string Caption, byte[] Png, int Width, int Height);

/// <summary>
/// PNG charts of a plan evaluation, drawn server-side with ScottPlot (SkiaSharp) in <see cref="ReportFonts.Family"/>:
/// a status summary and, per indicator group, one panel per indicator with the actual values by year against the
/// linear path from the 2020 baseline to the 2025 target (docs/adr/0011-indicator-status.md) and the trend projection.
/// </summary>
public static class ReportCharts
{
    private const int PanelWidth = 560;
    private const int PanelHeight = 330;
    private const int Columns = 2;
    private const int TitleHeight = 56;

    /// <summary>Colour of a status (same hues as the web pages' status classes).</summary>
    public static string Hex(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Met => "#2e7d32",
        IndicatorStatus.OnTrack => "#1565c0",
        IndicatorStatus.AtRisk => "#ef6c00",
        IndicatorStatus.Lagging => "#c62828",
        _ => "#9e9e9e",
    };

    /// <summary>The report's charts: status summary first, then one chart per indicator group in table order.</summary>
    public static IReadOnlyList<ReportChart> For(PlanEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var charts = new List<ReportChart> { StatusSummary(e) };
        charts.AddRange(e.Rows.GroupBy(r => r.Indicator.Group).Select(g => Group(e, g.Key, [.. g])));
        return charts;
    }

    /// <summary>Bar chart of how many indicators are in each status.</summary>
    public static ReportChart StatusSummary(PlanEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var plot = NewPlot();
        var statuses = Enum.GetValues<IndicatorStatus>();
        var bars = statuses.Select((s, i) => new Bar
        {
            Position = i,
            Value = e.Rows.Count(r => r.Status == s),
            FillColor = Color.FromHex(Hex(s)),
            Label = e.Rows.Count(r => r.Status == s).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray();
        var bp = plot.Add.Bars(bars);
        bp.ValueLabelStyle.FontName = ReportFonts.Family;
        bp.ValueLabelStyle.FontSize = 18;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. statuses.Select((s, i) => (double)i)], [.. statuses.Select(IndicatorStatusLabels.Of)]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Bottom.MinimumSize = 40;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Axes.Left.Label.Text = "指标数（项）";
        var binding = e.Rows.Count(r => r.Alert);
        var title = $"{ReportText.Year(e.Year)}主要指标状态分布（共{e.Rows.Count}项）";
        plot.Title(title);
        var png = plot.GetImageBytes(900, 420, ImageFormat.Png);
        return new ReportChart(title,
            $"图：{title}。" + (binding > 0 ? $"其中约束性指标有风险或滞后 {binding} 项。" : "约束性指标均无风险或滞后。"),
            png, 900, 420);
    }

    /// <summary>One group's panels, two per row, under the group's name.</summary>
    public static ReportChart Group(PlanEvaluation e, string group, IReadOnlyList<IndicatorResult> rows)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(rows);
        var panels = rows.Select(r => Panel(e, r)).ToList();
        var lines = (panels.Count + Columns - 1) / Columns;
        var width = PanelWidth * Columns;
        var height = TitleHeight + (lines * PanelHeight);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var title = $"{group}：实际值与到{e.Plan.Period.EndYear}年目标的规划路径";
        using (var font = new SKFont(ReportFonts.Typeface(bold: true) ?? SKTypeface.Default, 24))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.DrawText(title, width / 2f, 38, SKTextAlign.Center, font, paint);
        }

        for (var i = 0; i < panels.Count; i++)
        {
            using var img = SKImage.FromEncodedData(panels[i]);
            canvas.DrawImage(img, (i % Columns) * PanelWidth, TitleHeight + ((i / Columns) * PanelHeight));
        }

        canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return new ReportChart(title,
            $"图：{group}各指标{e.Plan.BaselineYear}—{e.Year}年实际值（实线，颜色表示本年度状态）、由基期到{e.Plan.Period.EndYear}年目标的规划路径（灰色虚线；目标不高于基期的为须保持的目标线）、" +
            $"按各指标预测方法的{e.Plan.Period.EndYear}年预测（点线）与{e.Plan.Period.EndYear}年目标（◆）。",
            data.ToArray(), width, height);
    }

    private static byte[] Panel(PlanEvaluation e, IndicatorResult r)
    {
        var i = r.Indicator;
        var plan = e.Plan;
        var plot = NewPlot();
        var trend = e.Trend(i.Code).Where(p => p.Value is not null).ToList();

        if (PlanPath.Of(e, i) is { } path)
        {
            var line = plot.Add.Line(path.BaselineYear, (double)path.At(path.BaselineYear), path.EndYear, (double)path.At(path.EndYear));
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.Color = Color.FromHex("#757575");
            line.MarkerSize = 0;
            line.LegendText = path.Hold ? "目标线（保持）" : "规划路径";
        }

        if (i.Target is { } target)
        {
            var m = plot.Add.Marker(plan.Period.EndYear, (double)target, MarkerShape.FilledDiamond, 12, Color.FromHex("#6a1b9a"));
            m.LegendText = $"2025 目标 {StatusRules.N(target)}";
        }

        if (trend.Count > 0)
        {
            var s = plot.Add.Scatter(trend.Select(p => (double)p.Year).ToArray(), trend.Select(p => (double)p.Value!.Value).ToArray(), Color.FromHex(Hex(r.Status)));
            s.LineWidth = 3;
            s.MarkerSize = 8;
            s.LegendText = "实际值";
            if (r.Projection.Value is { } pv && trend[^1].Year < plan.Period.EndYear)
            {
                var last = trend[^1];
                var proj = plot.Add.Line(last.Year, (double)last.Value!.Value, plan.Period.EndYear, (double)pv);
                proj.LinePattern = LinePattern.Dotted;
                proj.LineWidth = 2;
                proj.Color = Color.FromHex(Hex(r.Status));
                proj.MarkerSize = 0;
                proj.LegendText = "趋势预测";
            }
        }

        var years = Enumerable.Range(plan.BaselineYear, plan.Period.EndYear - plan.BaselineYear + 1).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. years.Select(y => (double)y)], [.. years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsX(plan.BaselineYear - 0.4, plan.Period.EndYear + 0.4);
        plot.Title($"{i.Name}（{i.Unit}）{IndicatorStatusLabels.Of(r.Status)}" + (i.Target is { } tv ? $"，目标 {StatusRules.N(tv)}" : ""), size: 15);
        plot.Axes.Title.Label.ForeColor = Color.FromHex(Hex(r.Status));
        // No legend inside the panel (it hid the lines); the caption names the line styles.
        return plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png);
    }

    private static Plot NewPlot()
    {
        var family = ReportFonts.Register();
        var plot = new Plot();
        plot.Font.Set(family);
        return plot;
    }
}
