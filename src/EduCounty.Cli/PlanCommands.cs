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

/// <summary>规划 verbs: <c>plan evaluate|explain|drill|freeze</c> and <c>report annual|midterm</c> (.docx, or PDF through Chromium).</summary>
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
        foreach (var c in PlanProgressCommands.Create(PlanFile)) plan.Subcommands.Add(c);
        yield return plan;

        var report = new Command("report", "报告");
        report.Options.Add(PlanFile);
        report.Subcommands.Add(Annual());
        report.Subcommands.Add(Midterm());
        yield return report;
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
        sb.AppendLine($"{i.Name}（{i.Unit}）{(d.Township is { } t ? $"：{t.Name}分学校" : "：分乡镇")} — {d.Year} 学年（数据截至 {d.AsOf:yyyy-MM-dd HH:mm}）");
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
            Console.WriteLine($"已冻结 {y} 学年年度评估：{f.Values.Count} 项指标，冻结人 {f.FrozenBy}，时间 {f.FrozenAt:yyyy-MM-dd HH:mm:ss}");
            return 0;
        });
        return cmd;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "输出格式：docx（默认）或 pdf（需要已安装 Chromium）", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong("docx", "pdf");
        return format;
    }

    private static Command Annual()
    {
        var xlsx = new Option<string?>("--xlsx") { Description = "同时导出指标表（.xlsx）到此文件" };
        var cmd = ReportCommand("annual", "生成年度评估报告（.docx，或 --format pdf 经 Chromium 打印为 PDF）", YearOption(), "AnnualReport",
            (db, e, ct) => AnnualReport.BuildAsync(db, e, PlanWork.Today(TimeProvider.System), ct),
            async (r, e, ct) =>
            {
                if (r.GetValue(xlsx) is { } x)
                {
                    await using var xs = File.Create(x);
                    await IndicatorTableExport.WriteXlsxAsync(e, xs, ct);
                    Console.WriteLine($"已生成 {x}");
                }
            });
        cmd.Options.Add(xlsx);
        return cmd;
    }

    private static Command Midterm() => ReportCommand("midterm", "生成规划中期评估报告：各指标实际值与规划路径值、2025 年目标比较（.docx 或 PDF）",
        new Option<string>("--year") { Description = "评估学年（默认 2023-2024，即规划的 2023 年）", DefaultValueFactory = _ => new SchoolYear(MidtermReport.DefaultYear).ToString() },
        "MidtermReport", (db, e, ct) => MidtermReport.BuildAsync(db, e, ct: ct));

    /// <summary>
    /// A report verb: evaluates the year, builds the report, writes .docx or PDF (<c>--format</c>), runs the verb's extra
    /// output, and audits the export.
    /// </summary>
    private static Command ReportCommand(string name, string description, Option<string> year, string auditEntity,
        Func<EduDb, PlanEvaluation, CancellationToken, Task<ReportDocument>> build,
        Func<ParseResult, PlanEvaluation, CancellationToken, Task>? also = null)
    {
        var output = new Option<string>("--out") { Description = "输出文件（.docx 或 .pdf）", Required = true };
        var format = FormatOption();
        var cmd = new Command(name, description);
        cmd.Options.Add(year);
        cmd.Options.Add(output);
        cmd.Options.Add(format);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            var pdf = r.GetValue(format) == "pdf";
            if (pdf && !ChromiumPdf.Available) return CliOptions.Fail(ChromiumPdf.MissingMessage);
            var plan = LoadPlan(r);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var e = await EvaluatePlan.HandleAsync(db, plan, y.StartYear, ct: ct);
            var path = r.GetValue(output)!;
            if (await WriteAsync(await build(db, e, ct), path, pdf, ct) is { } error) return CliOptions.Fail(error);
            Console.WriteLine($"已生成 {path}");
            if (also is not null) await also(r, e, ct);
            await db.AuditAsync("export", auditEntity, y.ToString(), path, ct);
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the report as .docx or PDF; returns an error message or null.</summary>
    private static async Task<string?> WriteAsync(ReportDocument report, string path, bool pdf, CancellationToken ct)
    {
        if (!pdf)
        {
            await using var fs = File.Create(path);
            ReportDocx.Write(report, fs);
            return null;
        }

        try
        {
            await File.WriteAllBytesAsync(path, await ChromiumPdf.PrintAsync(report, ct), ct);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static string Num(decimal? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "";

    private static string ToTable(PlanEvaluation e)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{e.Plan.Name} 主要指标 — {new SchoolYear(e.Year)} 学年（数据截至 {e.AsOf:yyyy-MM-dd HH:mm}{(e.Frozen is { } f ? $"；已冻结：{f.FrozenBy} {f.FrozenAt:yyyy-MM-dd}" : "")}）");
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
        sb.AppendLine("code,name,group,unit,attribute,baseline,target,comparator,value,numerator,denominator,status,projection2025");
        foreach (var row in e.Ordered)
        {
            var i = row.Indicator;
            sb.AppendJoin(',', [i.Code, Csv(i.Name), Csv(i.Group), i.Unit, Attribute(i), Num(i.Baseline), Num(i.Target), i.Comparator.ToString(),
                Num(row.Shown), Num(row.Value.Numerator), Num(row.Value.Denominator), IndicatorStatusLabels.Of(row.Status), Num(row.Projection.Value)]).AppendLine();
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
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + Environment.NewLine;
    }
}
