using System.CommandLine;
using System.Globalization;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Reports;

namespace EduCounty.Cli;

/// <summary>
/// 报告 verbs: <c>report annual|midterm|final</c> — the plan's 年度、中期、终期评估报告 as 公文 (.docx, or PDF through Chromium),
/// with 主送机关 (<c>--to</c>), 发文机关署名 (<c>--issuer</c>) and 成文日期 (<c>--date</c>) overriding the plan file's defaults.
/// </summary>
internal static class ReportCommands
{
    /// <summary>The <c>report</c> command; <paramref name="planFile"/> is the shared <c>--plan</c> option.</summary>
    public static Command Report(Option<string?> planFile)
    {
        var report = new Command("report", "报告（公文格式：主送机关、附件、发文机关署名、成文日期、页码）");
        report.Options.Add(planFile);
        var xlsx = new Option<string?>("--xlsx") { Description = "同时导出指标表（.xlsx）到此文件" };
        var annualYear = new Option<string>("--year") { Description = "学年，如 2021-2022", Required = true };
        var annual = ReportCommand(planFile, "annual", "生成年度评估报告（截至该学年末或其冻结日；.docx，或 --format pdf 经 Chromium 打印为 PDF）",
            annualYear, r => r.GetValue(annualYear), "AnnualReport",
            (db, e, o, ct) => AnnualReport.BuildAsync(db, e, o.Today, o.Settings, o.Date, ct: ct),
            async (r, e, ct) =>
            {
                if (r.GetValue(xlsx) is not { } x) return;
                await using var xs = File.Create(x);
                await IndicatorTableExport.WriteXlsxAsync(e, xs, ct);
                Console.WriteLine($"已生成 {x}");
            });
        annual.Options.Add(xlsx);
        report.Subcommands.Add(annual);
        var midtermYear = new Option<string>("--year") { Description = "评估学年（默认 2023-2024，即规划的 2023 年）", DefaultValueFactory = _ => new SchoolYear(MidtermReport.DefaultYear).ToString() };
        report.Subcommands.Add(ReportCommand(planFile, "midterm", "生成规划中期评估报告：各指标实际值与规划路径值、2025 年目标比较，优质均衡创建情况（.docx 或 PDF）",
            midtermYear, r => r.GetValue(midtermYear), "MidtermReport",
            (db, e, o, ct) => MidtermReport.BuildAsync(db, e, today: o.Today, settings: o.Settings, date: o.Date, ct: ct)));
        var finalYear = new Option<string?>("--year") { Description = "评估学年（默认规划末年，如 2025-2026）" };
        report.Subcommands.Add(ReportCommand(planFile, "final", "生成规划终期评估报告：各指标与目标对照、58 项任务完成情况、优质均衡结果、下一个五年规划的基期值（.docx 或 PDF）",
            finalYear, r => r.GetValue(finalYear), "FinalReport", (db, e, o, ct) => FinalReport.BuildAsync(db, e, o.Today, o.Settings, o.Date, ct: ct)));
        return report;
    }

    private sealed record Options(DateOnly Today, ReportSettings Settings, DateOnly? Date);

    /// <summary>
    /// A report verb: evaluates the year, builds the report, writes .docx or PDF (<c>--format</c>), runs the verb's extra
    /// output, and audits the export.
    /// </summary>
    private static Command ReportCommand(Option<string?> planFile, string name, string description, Option year, Func<ParseResult, string?> yearOf,
        string auditEntity, Func<EduDb, PlanEvaluation, Options, CancellationToken, Task<ReportDocument>> build,
        Func<ParseResult, PlanEvaluation, CancellationToken, Task>? also = null)
    {
        var output = new Option<string>("--out") { Description = "输出文件（.docx 或 .pdf）", Required = true };
        var format = new Option<string>("--format") { Description = "输出格式：docx（默认）或 pdf（需要已安装 Chromium）", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong("docx", "pdf");
        var to = new Option<string?>("--to") { Description = "主送机关，以顿号或逗号分隔（默认取规划文件 officialDocument.recipients）" };
        var issuer = new Option<string?>("--issuer") { Description = "发文机关署名（默认取规划文件 officialDocument.issuer）" };
        var date = new Option<string?>("--date") { Description = "成文日期 yyyy-MM-dd（默认：已冻结学年为冻结日，否则为今天）" };
        var cmd = new Command(name, description);
        foreach (var o in new Option[] { year, output, format, to, issuer, date }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var plan = r.GetValue(planFile) is { } path ? PlanLoader.LoadFile(path) : PlanLoader.LoadDefault();
            var y = yearOf(r) is { } text ? CliOptions.Year(text) : new SchoolYear(plan.Period.EndYear);
            var pdf = r.GetValue(format) == "pdf";
            if (pdf && !ChromiumPdf.Available) return CliOptions.Fail(ChromiumPdf.MissingMessage);
            DateOnly? when = null;
            if (r.GetValue(date) is { } d)
            {
                when = DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed : throw new RuleException($"成文日期“{d}”应为 yyyy-MM-dd") { Field = "--date" };
            }

            await using var db = await CliOptions.OpenAsync(r, ct);
            var e = await EvaluatePlan.HandleAsync(db, plan, y.StartYear, ct: ct);
            var options = new Options(SchoolYear.Today(TimeProvider.System), ReportSettings.For(plan, r.GetValue(to), r.GetValue(issuer)), when);
            var file = r.GetValue(output)!;
            if (await WriteAsync(await build(db, e, options, ct), file, pdf, ct) is { } error) return CliOptions.Fail(error);
            Console.WriteLine($"已生成 {file}");
            if (pdf) Console.WriteLine(ReportHtml.FontNote);
            if (also is not null) await also(r, e, ct);
            await db.AuditAsync("export", auditEntity, y.ToString(), file, ct);
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the report as .docx or PDF; returns an error message or null.</summary>
    internal static async Task<string?> WriteAsync(ReportDocument report, string path, bool pdf, CancellationToken ct)
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
}
