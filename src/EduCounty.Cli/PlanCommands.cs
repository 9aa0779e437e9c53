using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using EduCounty.Reports;

namespace EduCounty.Cli;

/// <summary>规划 verbs: <c>plan evaluate|explain|drill|freeze|targets</c>; the <c>report</c> verbs are in <see cref="ReportCommands"/>.</summary>
internal static class PlanCommands
{
    private static readonly Option<string?> PlanFile = new("--plan") { Description = "规划文件（默认使用内置的阜康市“十四五”规划）", Recursive = true };

    /// <summary>The verbs of this feature (plan, report).</summary>
    public static IEnumerable<Command> Create()
    {
        var plan = new Command("plan", "规划主要指标：计算、解释、冻结年度评估");
        plan.Options.Add(PlanFile);
        plan.Subcommands.Add(Evaluate());
        plan.Subcommands.Add(Explain());
        plan.Subcommands.Add(Drill());
        plan.Subcommands.Add(Freeze());
        plan.Subcommands.Add(Targets());
        foreach (var c in PlanProgressCommands.Create(PlanFile)) plan.Subcommands.Add(c);
        yield return plan;

        yield return ReportCommands.Report(PlanFile);
    }

    private static Option<string> YearOption() => new("--year") { Description = "学年，如 2020-2021（规划的 2020 年值对应 2020-2021 学年秋季统计）", Required = true };

    private static PlanDocument LoadPlan(ParseResult r) => r.GetValue(PlanFile) is { } path ? PlanLoader.LoadFile(path) : PlanLoader.LoadDefault();

    private static Command Evaluate()
    {
        var year = YearOption();
        var format = new Option<string>("--format") { Description = "输出格式：table、json 或 csv（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var cmd = new Command("evaluate", "计算规划主要指标的本年度值、状态与 2025 年预测");
        cmd.Options.Add(year);
        cmd.Options.Add(format);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var plan = LoadPlan(r);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var e = await EvaluatePlan.HandleAsync(db, plan, y.StartYear, ct: ct);
            var text = r.GetValue(format) switch
            {
                "json" => ToJson(e),
                "csv" => ToCsv(e),
                _ => ToTable(e),
            };
            Console.Out.Write(text);
            return 0;
        });
        return cmd;
    }

    private static Command Explain()
    {
        var code = new Argument<string>("code") { Description = "指标编码，如 compulsory.retention" };
        var year = YearOption();
        var cmd = new Command("explain", "这个数怎么算的？——公式（文字）与实际计数");
        cmd.Arguments.Add(code);
        cmd.Options.Add(year);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var plan = LoadPlan(r);
            var indicator = EvaluatePlan.Indicator(plan, r.GetValue(code)!);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var e = await EvaluatePlan.HandleAsync(db, plan, y.StartYear, ct: ct);
            Console.Out.Write(PlanExplanation.Text(e, e.Find(indicator.Code)!));
            return 0;
        });
        return cmd;
    }

    private static Command Drill()
    {
        var code = new Argument<string>("code") { Description = "指标编码，如 preschool.gross_enrolment_rate" };
        var year = YearOption();
        var township = new Option<string?>("--township") { Description = "乡镇/街道代码（9 位）：列出该乡镇的学校；不给则列出各乡镇" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("drill", "一个指标分乡镇（或一个乡镇分学校）的值、分子、分母，附乡镇合计与全县值");
        cmd.Arguments.Add(code);
        cmd.Options.Add(year);
        cmd.Options.Add(township);
        cmd.Options.Add(format);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var plan = LoadPlan(r);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var d = await DrillDownIndicator.HandleAsync(db, new DrillDownIndicator.Query(plan, r.GetValue(code)!, y, r.GetValue(township)), ct: ct);
            Console.Out.Write(r.GetValue(format) == "json" ? DrillJson(d) : DrillTable(d));
            return 0;
        });
        return cmd;
    }

    private static string DrillTable(DrillDownIndicator.Result d)
    {
        var sb = new StringBuilder();
        var i = d.Indicator;
        sb.AppendLine($"{i.Name}（{i.Unit}）{(d.Township is { } t ? $"：{t.Name}分学校" : "：分乡镇")} — {d.Year} 学年（数据截至 {LocalTime.Text(d.AsOf)}）");
        sb.AppendLine($"代码\t{(d.Township is null ? "乡镇/街道" : "学校")}\t值\t分子\t分母\t说明");
        foreach (var row in d.Rows.Append(d.Township).Append(d.County))
        {
            if (row is null) continue;
            var name = ReferenceEquals(row, d.Township) ? row.Name + " 合计" : ReferenceEquals(row, d.County) ? "全县 " + row.Name : row.Name;
            sb.AppendJoin('\t', [row.Code, name, row.Value is null ? "—" : Num(row.Value), Num(row.Numerator), Num(row.Denominator), row.MissingReason ?? ""]).AppendLine();
        }

        return sb.ToString();
    }

    private static string DrillJson(DrillDownIndicator.Result d)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("code", d.Indicator.Code);
            w.WriteString("name", d.Indicator.Name);
            w.WriteString("unit", d.Indicator.Unit);
            w.WriteString("year", d.Year.ToString());
            w.WriteString("level", d.Township is null ? "township" : "school");
            w.WriteString("asOf", d.AsOf.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            w.WritePropertyName("township");
            Row(d.Township);
            w.WritePropertyName("county");
            Row(d.County);
            w.WriteStartArray("rows");
            foreach (var row in d.Rows) Row(row);
            w.WriteEndArray();
            w.WriteEndObject();

            void Row(DrillDownIndicator.Row? row)
            {
                if (row is null)
                {
                    w.WriteNullValue();
                    return;
                }
                w.WriteStartObject();
                w.WriteString("code", row.Code);
                w.WriteString("name", row.Name);
                Number(w, "value", row.Value);
                Number(w, "numerator", row.Numerator);
                Number(w, "denominator", row.Denominator);
                if (row.MissingReason is { } m) w.WriteString("missingReason", m);
                else w.WriteNull("missingReason");
                w.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + Environment.NewLine;
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? v)
    {
        if (v is { } x) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }

    private static Command Freeze()
    {
        var year = YearOption();
        var by = new Option<string?>("--by") { Description = "冻结人（默认为当前用户）" };
        var cmd = new Command("freeze", "把本学年的指标结果冻结为正式年度评估（之后修改记录不再改变该年结果）");
        cmd.Options.Add(year);
        cmd.Options.Add(by);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var plan = LoadPlan(r);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var who = r.GetValue(by) ?? db.Actor ?? Environment.UserName;
            var f = await FreezePlanYear.HandleAsync(db, plan, y.StartYear, who, ct: ct);
            Console.WriteLine($"已冻结 {y} 学年年度评估：{f.Values.Count} 项指标，冻结人 {f.FrozenBy}，时间 {LocalTime.Text(f.FrozenAt, LocalTime.Seconds)}"
                + (string.IsNullOrEmpty(f.DataVersions) ? "；数据未经填报期审定（仅导入）" : $"；数据版本：{f.DataVersions}"));
            return 0;
        });
        return cmd;
    }

    private static Command Targets()
    {
        var year = YearOption();
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("targets", "规划正文量化目标（辍学清零、标准班额、近视率、带宽、骨干教师、普职比、经费……）逐项对照记录评价");
        cmd.Options.Add(year);
        cmd.Options.Add(format);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var plan = LoadPlan(r);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var results = await PlanTargets.EvaluateAsync(db, plan, y.StartYear, ct);
            if (r.GetValue(format) == "json")
            {
                using var ms = new MemoryStream();
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    w.WriteStartArray();
                    foreach (var t in results)
                    {
                        w.WriteStartObject();
                        w.WriteString("code", t.Target.Code);
                        w.WriteString("text", t.Target.Text);
                        if (t.Target.TaskNumber is { } n) w.WriteNumber("task", n);
                        else w.WriteNull("task");
                        Number(w, "value", t.Value);
                        w.WriteString("verdict", t.Label);
                        w.WriteString("detail", t.Detail);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                Console.Out.Write(Encoding.UTF8.GetString(ms.ToArray()) + Environment.NewLine);
                return 0;
            }

            Console.WriteLine($"{plan.Name} 量化目标 — {y} 学年");
            foreach (var t in results) Console.WriteLine($"{t.Label}\t{t.Target.Code}\t{t.Shown}\t{t.Detail}");
            return 0;
        });
        return cmd;
    }

    private static string Num(decimal? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";

    private static string ToTable(PlanEvaluation e)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{e.Plan.Name} 主要指标 — {new SchoolYear(e.Year)} 学年（数据截至 {LocalTime.Text(e.AsOf)}{(e.Frozen is { } f ? $"；已冻结：{f.FrozenBy} {LocalTime.Text(f.FrozenAt, LocalTime.DateOnlyFormat)}" : "")}）");
        sb.AppendLine("状态\t属性\t分组\t指标\t单位\t2020基期\t2025目标\t本年度值\t分子\t分母\t2025预测");
        foreach (var row in e.Ordered)
        {
            var i = row.Indicator;
            sb.Append(row.Alert ? "!" : "").Append(IndicatorStatusLabels.Of(row.Status)).Append('\t')
                .Append(i.Kind == IndicatorKind.Binding ? "约束性" : "预期性").Append('\t')
                .Append(i.Group).Append('\t').Append(i.Name).Append('\t').Append(i.Unit).Append('\t')
                .Append(i.Baseline is null ? "/" : Num(i.Baseline)).Append('\t').Append(Num(i.Target)).Append('\t')
                .Append(row.Shown is null ? "—" : Num(row.Shown)).Append('\t')
                .Append(Num(row.Value.Numerator)).Append('\t').Append(Num(row.Value.Denominator)).Append('\t')
                .Append(Num(row.Projection.Value)).AppendLine();
        }

        return sb.ToString();
    }

    private static string ToCsv(PlanEvaluation e)
    {
        var sb = new StringBuilder();
        sb.AppendLine("code,name,group,unit,attribute,baseline,target,comparator,value,numerator,denominator,status,projection2025,projectionMethod");
        foreach (var row in e.Ordered)
        {
            var i = row.Indicator;
            sb.AppendJoin(',', [i.Code, Csv(i.Name), Csv(i.Group), i.Unit, Attribute(i), Num(i.Baseline), Num(i.Target), i.Comparator.ToString(),
                Num(row.Shown), Num(row.Value.Numerator), Num(row.Value.Denominator), IndicatorStatusLabels.Of(row.Status), Num(row.Projection.Value),
                Csv(row.Projection.Method)]).AppendLine();
        }

        return sb.ToString();

        static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
    }

    private static string Attribute(PlanIndicator i) => i.Kind == IndicatorKind.Binding ? "约束性" : "预期性";

    private static string ToJson(PlanEvaluation e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var row in e.Ordered)
            {
                var i = row.Indicator;
                w.WriteStartObject();
                w.WriteString("code", i.Code);
                w.WriteString("name", i.Name);
                w.WriteString("group", i.Group);
                w.WriteString("unit", i.Unit);
                w.WriteString("attribute", Attribute(i));
                Number(w, "baseline", i.Baseline);
                Number(w, "target", i.Target);
                w.WriteString("comparator", i.Comparator.ToString());
                Number(w, "value", row.Shown);
                Number(w, "numerator", row.Value.Numerator);
                Number(w, "denominator", row.Value.Denominator);
                w.WriteString("status", IndicatorStatusLabels.Of(row.Status));
                Number(w, "projection2025", row.Projection.Value);
                w.WriteString("projectionMethod", row.Projection.Method);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + Environment.NewLine;
    }
}
