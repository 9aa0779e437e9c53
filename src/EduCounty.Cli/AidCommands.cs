using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.StudentAid;

namespace EduCounty.Cli;

/// <summary>
/// 学生资助 verbs: <c>aid report --year …</c> (per programme and term 人数, 应发, 实发, 到账, 差额 in 万元; per school; the
/// 资助全覆盖 coverage) and <c>aid publicity --programme … --year … --out f.xlsx</c> (the 公示 list: masked name, school,
/// grade, programme, amount — no ID, no hardship category or level; the export is audited). Both take <c>--format json</c>.
/// </summary>
internal static class AidCommands
{
    public static Command Aid()
    {
        var cmd = new Command("aid", "学生资助：资助汇总与资金对账、公示名单");
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Publicity());
        cmd.Subcommands.Add(Import());
        return cmd;
    }

    /// <summary>
    /// <c>aid import --kind recognition|disbursement &lt;file&gt; [--dry-run] [--format json]</c>: the 资助 files of the
    /// 全国学生资助管理信息系统 (derived layout, docs/adr/0035) through the common import pipeline (kinds
    /// <c>aid-recognition</c> and <c>aid-disbursement</c>, the same as <c>import aid-recognition …</c>): all-or-nothing,
    /// audited, rolled back with <c>import rollback</c>. Exit code 1 when the file was refused, 2 when rows were refused.
    /// </summary>
    private static Command Import()
    {
        var kind = new Option<string>("--kind") { Description = "recognition（家庭经济困难学生认定）或 disbursement（资助发放）", Required = true };
        kind.AcceptOnlyFromAmong("recognition", "disbursement");
        var file = new Argument<string>("file") { Description = ".xlsx、.xls 或 .csv（UTF-8 或 GBK）文件" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只校验，不写入" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var year = new Option<string?>("--year") { Description = "数据所属学年，如 2025-2026（默认：今天所在的学年）：按该学年的在校记录核对学段和年级" };
        var cmd = new Command("import", "导入全国学生资助管理信息系统导出的家庭经济困难认定或资助发放表：先校验，有任何错误则全部不写入；重复导入不产生变化；可用 import rollback 回滚");
        cmd.Options.Add(kind);
        cmd.Arguments.Add(file);
        cmd.Options.Add(dryRun);
        cmd.Options.Add(format);
        cmd.Options.Add(year);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var k = ImportKind.Find("aid-" + r.GetValue(kind))!;
            var path = r.GetValue(file)!;
            SchoolYear? schoolYear = r.GetValue(year) is { } y ? ImportYears.Check(CliOptions.Year(y), TimeProvider.System, false) : null;
            await using var db = await CliOptions.OpenAsync(r, ct);
            var report = await Importer.RunAsync(db, Platform.Protector(CliOptions.DbOf(r)), k,
                new ImportRequest(path, Path.GetFileName(path)) { DryRun = r.GetValue(dryRun), Year = schoolYear }, ct);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    kind = r.GetValue(kind),
                    file = report.FileName,
                    year = report.Year.ToString(),
                    dryRun = report.DryRun,
                    committed = report.Committed,
                    batchId = report.BatchId,
                    refused = report.Refused,
                    rows = report.Rows,
                    created = report.Created,
                    updated = report.Updated,
                    unchanged = report.Unchanged,
                    errorRows = report.ErrorRows,
                    errors = report.Errors,
                    warnings = report.Warnings,
                    issues = report.Issues.Select(i => new { row = i.Row, column = i.Column, value = i.Value, warning = i.IsWarning, message = i.Message }),
                    notes = report.Notes,
                }, SafetyCommands.Json));
            }
            else if (report.Refused is not null)
            {
                Console.Error.WriteLine("拒收：" + report.Refused);
            }
            else
            {
                foreach (var n in report.Notes) Console.WriteLine("说明：" + n);
                foreach (var i in report.Issues.Take(200)) (i.IsWarning ? Console.Out : Console.Error).WriteLine(i.Message);
                var mode = report.DryRun ? "校验（未写入）" : report.Committed ? $"已写入，导入批次 {report.BatchId}" : "未写入";
                Console.WriteLine($"{report.FileName}：{mode}。共 {report.Rows} 行：新增 {report.Created}，更新 {report.Updated}，未变 {report.Unchanged}，" +
                    $"有错误的行 {report.ErrorRows}（错误 {report.Errors} 条），提示 {report.Warnings} 条；学年 {report.Year}");
            }
            return report.Refused is not null ? 1 : report.ErrorRows > 0 ? 2 : 0;
        });
        return cmd;
    }

    private static AidRules RulesOf(ParseResult r, SafetyCommands.VerbOptions o) => o.RulesText(r) is { } t ? AidRules.WithOverride(t) : AidRules.Default();

    private static string W(decimal? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static Command Report()
    {
        var o = SafetyCommands.VerbOptions.Create();
        var cmd = new Command("report", "学年学生资助汇总：各项目各学期人数、应发、实发、到账、差额（万元），各学校，资助全覆盖");
        o.AddTo(cmd);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var report = await GetAidReport.HandleAsync(db, RulesOf(r, o), year, ct);
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    year = report.Year.ToString(),
                    programmes = report.Rows.Select(x => new
                    {
                        code = x.Programme,
                        name = x.Name,
                        term = x.Term.ToString(),
                        termLabel = x.TermLabel,
                        students = x.Students,
                        dueWan = x.DueWan,
                        paidWan = x.PaidWan,
                        receivedWan = x.ReceivedWan,
                        gapWan = x.GapWan,
                    }),
                    totals = report.Programmes.Select(x => new { code = x.Programme, name = x.Name, students = x.Students, dueWan = x.DueWan, paidWan = x.PaidWan, pending = x.Pending }),
                    schools = report.Schools.Select(x => new { school = x.School, students = x.Students, applications = x.Applications, pending = x.Pending, dueWan = x.DueWan, paidWan = x.PaidWan }),
                    coverage = new { group = report.Coverage.Group, aided = report.Coverage.Aided, percent = report.Coverage.Percent, assessed = report.Coverage.Assessed },
                }, SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine($"{report.Year} 学年学生资助（金额单位：万元）");
            Console.WriteLine("资助项目\t学期\t人数\t应发\t实发\t到账\t差额");
            foreach (var x in report.Rows)
            {
                Console.WriteLine($"{x.Name}\t{x.TermLabel}\t{x.Students}\t{W(x.DueWan)}\t{W(x.PaidWan)}\t{W(x.ReceivedWan)}\t{W(x.GapWan)}");
            }
            var c = report.Coverage;
            Console.WriteLine($"资助全覆盖：建档立卡、低保、特困、残疾学生 {c.Group} 人，已资助 {c.Aided} 人（{(c.Percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—")}）");
            return 0;
        });
        return cmd;
    }

    private static Command Publicity()
    {
        var o = SafetyCommands.VerbOptions.Create();
        var programme = new Option<string>("--programme") { Description = "资助项目代码（见 aid-rules.json，如 SeniorGrant）", Required = true };
        var output = new Option<string?>("--out") { Description = "输出 .xlsx 文件（table 格式必填）" };
        var term = new Option<string?>("--term") { Description = "只列一个学期：autumn（秋季学期）或 spring（春季学期）；默认全学年" };
        term.AcceptOnlyFromAmong("autumn", "spring");
        var cmd = new Command("publicity", "导出资助公示名单（姓名部分遮蔽、学校、年级、资助项目、金额；不含身份证号和困难类型；记入审计）");
        o.AddTo(cmd);
        cmd.Options.Add(programme);
        cmd.Options.Add(output);
        cmd.Options.Add(term);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            var code = r.GetValue(programme)!;
            var path = r.GetValue(output);
            if (path is null && !o.IsJson(r)) throw new RuleException("请用 --out 指定输出的 .xlsx 文件（或用 --format json 输出到控制台）") { Field = "--out" };
            var rules = RulesOf(r, o);
            await using var db = await CliOptions.OpenAsync(r, ct);
            AidTerm? t = r.GetValue(term) switch { "autumn" => AidTerm.Autumn, "spring" => AidTerm.Spring, _ => null };
            var rows = await GetAidPublicity.HandleAsync(db, rules, code, year, t, ct);
            if (path is not null)
            {
                await using (var file = File.Create(path))
                {
                    await GetAidPublicity.WriteXlsxAsync(db, rules, rows, code, year, t, file, ct);
                }
                if (!o.IsJson(r)) Console.WriteLine($"已导出 {year} 学年“{rules.ProgrammeName(code)}”公示名单 {rows.Count} 人到 {path}");
            }
            else
            {
                await GetAidPublicity.PublishAsync(db, rules, rows, code, year, t, ct);
                await db.AuditAsync(GetAidPublicity.Exported, nameof(AidApplication), null, $"导出学生资助公示名单：{code} {year} 学年 {rows.Count} 人", ct);
            }
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    programme = code,
                    name = rules.ProgrammeName(code),
                    year = year.ToString(),
                    rows = rows.Select(x => new { no = x.No, name = x.Name, school = x.School, grade = x.Grade, programme = x.Programme, amount = x.Amount }),
                }, SafetyCommands.Json));
            }
            return 0;
        });
        return cmd;
    }
}
