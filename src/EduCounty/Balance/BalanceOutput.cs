using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MiniExcelLibs;

namespace EduCounty.Balance;

/// <summary>Writes a <see cref="BalanceReport"/> as JSON (camelCase, unrounded values), a console table or a 督导评估-style workbook.</summary>
public static class BalanceOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string ToJson(BalanceReport report) => JsonSerializer.Serialize(report, JsonOptions);

    private static string Yes(bool? b) => b switch { true => "是", false => "否", null => "—" };

    public static string ToTable(BalanceReport report, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(profile);
        var cmp = profile.Comparison;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"评估办法：{profile.Method(report.Method).Name}（{report.Method}）  结论：{(report.Pass ? "达标" : "未达标")}").AppendLine();
        foreach (var st in report.Stages)
        {
            var composite = st.Composite is { } c ? $"，综合差异系数 {cmp.Show(c)}" : "";
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"【{st.Stage}】 {st.Units} 个单位，学生 {st.Students} 人，{(st.Pass ? "达标" : "未达标")}{composite}").AppendLine();
            var codes = st.Indicators.Select(i => i.Code).ToList();
            sb.AppendLine("学校\t学生数\t" + string.Join("\t", codes) + "\t达标项数\t是否达标");
            foreach (var s in st.Schools)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{s.Name}\t{s.Students}\t{string.Join("\t", codes.Select(k => cmp.Show(s.Values[k])))}\t{s.Met?.ToString(CultureInfo.InvariantCulture) ?? "—"}\t{Yes(s.Pass)}");
            }
            sb.AppendLine("指标\t名称\t标准值\t全县均值\t标准差\t差异系数\t上限\t是否达标");
            foreach (var i in st.Indicators)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{i.Code}\t{i.Name}\t{(i.Threshold is { } t ? t.ToString(CultureInfo.InvariantCulture) : "—")}\t{cmp.Show(i.Mean)}\t{cmp.Show(i.Sd)}\t{cmp.Show(i.Cv)}\t{(i.CvLimit is { } l ? l.ToString("0.00", CultureInfo.InvariantCulture) : "—")}\t{Yes(i.Pass)}");
            }
        }
        if (report.Reasons.Count > 0)
        {
            sb.AppendLine().AppendLine("未达标原因：");
            foreach (var r in report.Reasons)
            {
                sb.AppendLine("  - " + r);
            }
        }
        foreach (var n in report.Notes)
        {
            sb.AppendLine("  说明：" + n);
        }
        if (report.GapPlan is { } plan)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"缺口方案：{(plan.Achievable ? "可达标" : "不完整")}，合计 {plan.TotalCostYuan / 10_000:0.##} 万元").AppendLine();
            foreach (var m in plan.Moves)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  调剂：{m.From} {m.Stage} {m.Pupils} 人 → {m.To}（{m.District}，富余学位，不计建设投入）");
            }
            foreach (var a in plan.Actions)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {a.School}（{a.Stage}，{a.Purpose}，{a.Indicators}）：{a.Item} {a.Quantity:0.##} {a.Unit}，{a.CostYuan / 10_000:0.##} 万元");
            }
            foreach (var c in plan.UnitCosts)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  单价：{c.Name} {c.YuanPerUnit} 元/{c.Unit}{(c.Assumption ? "（假设）" : "")} — {c.Source}");
            }
            foreach (var n in plan.Notes)
            {
                sb.AppendLine("  说明：" + n);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// One sheet per 学段 in the 督导评估 layout: the per-school matrix (indicator values, 达标项数, 是否达标),
    /// then the 差异系数 table; a last sheet lists reasons and the gap plan.
    /// </summary>
    public static void ToXlsx(BalanceReport report, BalanceProfile profile, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        using var stream = File.Create(path);
        ToXlsx(report, profile, stream);
    }

    /// <summary>
    /// The same workbook written to a stream; with a <paramref name="verdict"/> (优质均衡 county verdict) a first sheet
    /// “综合评估” lists every part and item (代码、项目、结论、来源、数值、说明).
    /// </summary>
    public static void ToXlsx(BalanceReport report, BalanceProfile profile, Stream stream, CountyVerdict? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(profile);
        var cmp = profile.Comparison;
        var sheets = new Dictionary<string, object>();
        foreach (var st in report.Stages)
        {
            var width = st.Indicators.Count + 5;
            var rows = new List<Dictionary<string, object?>>();
            void Row(params object?[] cells)
            {
                var d = new Dictionary<string, object?>(width);
                for (var i = 0; i < width; i++)
                {
                    d[Col(i)] = i < cells.Length ? cells[i] : null;
                }
                rows.Add(d);
            }
            object? Num(double? v) => v is { } x ? Math.Round(x, cmp.DisplayDecimals) : "缺失";
            Row($"{st.Stage}资源配置指标校际均衡情况（{profile.Method(report.Method).Name}）");
            Row(["序号", "学校名称", "学生数", .. st.Indicators.Select(i => $"{i.Code} {i.Name}"), "达标项数", "是否达标"]);
            var n = 0;
            foreach (var s in st.Schools)
            {
                Row([++n, s.Name, s.Students, .. st.Indicators.Select(i => Num(s.Values[i.Code])), s.Met, Yes(s.Pass)]);
            }
            Row();
            Row("指标", "名称", "标准值", "全县均值", "标准差", "差异系数", "差异系数上限", "是否达标");
            foreach (var i in st.Indicators)
            {
                Row(i.Code, i.Name, i.Threshold, Num(i.Mean), Num(i.Sd), Num(i.Cv), i.CvLimit, Yes(i.Pass));
            }
            if (st.Composite is { } c)
            {
                Row("综合", "综合差异系数", null, null, null, Math.Round(c, cmp.DisplayDecimals), profile.Method(report.Method).CvLimits.Of(st.StageCode), Yes(st.Pass));
            }
            sheets[st.Stage] = rows;
        }
        var summary = new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "结论", ["B"] = report.Pass ? "达标" : "未达标", ["C"] = null, ["D"] = null, ["E"] = null, ["F"] = null },
        };
        foreach (var r in report.Reasons)
        {
            summary.Add(new() { ["A"] = "原因", ["B"] = r, ["C"] = null, ["D"] = null, ["E"] = null, ["F"] = null });
        }
        if (report.GapPlan is { } plan)
        {
            summary.Add(new() { ["A"] = "缺口方案", ["B"] = plan.Achievable ? "可达标" : "不完整", ["C"] = "合计（元）", ["D"] = plan.TotalCostYuan, ["E"] = null, ["F"] = null });
            foreach (var m in plan.Moves)
            {
                summary.Add(new() { ["A"] = m.From, ["B"] = $"{m.Stage}·调剂", ["C"] = $"调往 {m.To}（{m.District}）", ["D"] = m.Pupils, ["E"] = "人", ["F"] = 0 });
            }
            foreach (var a in plan.Actions)
            {
                summary.Add(new() { ["A"] = a.School, ["B"] = $"{a.Stage}·{a.Purpose}·{a.Indicators}", ["C"] = a.Item, ["D"] = a.Quantity, ["E"] = a.Unit, ["F"] = a.CostYuan });
            }
        }
        sheets["结论"] = summary;
        if (verdict is not null)
        {
            var all = new Dictionary<string, object>
            {
                ["综合评估"] = VerdictRows(verdict),
            };
            foreach (var (k, v) in sheets)
            {
                all[k] = v;
            }
            sheets = all;
        }
        MiniExcel.SaveAs(stream, sheets, printHeader: false);
    }

    private static List<Dictionary<string, object?>> VerdictRows(CountyVerdict v)
    {
        var rows = new List<Dictionary<string, object?>>();
        void Row(params object?[] cells)
        {
            var d = new Dictionary<string, object?>(7);
            for (var i = 0; i < 7; i++)
            {
                d[Col(i)] = i < cells.Length ? cells[i] : null;
            }
            rows.Add(d);
        }
        Row($"县域义务教育优质均衡发展督导评估综合情况（{v.CountyCode}，{v.Year} 学年）", v.Pass ? "达标" : "未达标");
        Row("评估内容", "代码", "项目", "结论", "数据来源", "数值", "说明");
        foreach (var p in v.Parts)
        {
            foreach (var i in p.Items)
            {
                var met = i.Met switch { true => "达标", false => "未达标", null => "未评估" };
                var origin = i.Origin switch { "registry" => "登记数据", "recorded" => $"督导录入（{i.RecordedBy}）", _ => "缺数据" };
                var note = string.Join("；", i.Findings.Concat(i.Evidence is null ? [] : [$"佐证：{i.Evidence}{(i.Attachment is null ? "" : $"（{i.Attachment}）")}"]));
                Row(p.Name, i.Code, i.Name, met, origin, i.Value, note);
            }
            Row(p.Name, null, "小计", p.Pass ? "达标" : "未达标");
        }
        Row();
        foreach (var r in v.Reasons)
        {
            Row("原因", null, r);
        }
        return rows;
    }

    private static string Col(int i) => i < 26 ? ((char)('A' + i)).ToString() : "A" + (char)('A' + i - 26);
}
