using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.DropoutPrevention;
using EduCounty.Security;

namespace EduCounty.Cli;

/// <summary>
/// 控辍保学 verbs: <c>dropout sync</c> (open the cases the 学籍 changes call for; idempotent), <c>dropout cases --year …</c>
/// (the ledger with deadlines and escalation) and <c>dropout report --year …</c> (monthly 辍学人数, 劝返人数, 劝返率 per
/// 乡镇 and county). <c>--on yyyy-MM-dd</c> computes deadlines and months as of that day (default: today).
/// </summary>
internal static class DropoutCommands
{
    public static Command Dropout()
    {
        var cmd = new Command("dropout", "控辍保学：个案台账、劝返期限与逾期升级、月度报告");
        cmd.Subcommands.Add(Sync());
        cmd.Subcommands.Add(Cases());
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Import());
        return cmd;
    }

    private static Option<string?> NewOn() => new("--on") { Description = "按该日（yyyy-MM-dd）计算期限和月份，默认今天" };

    private static DateOnly Today(ParseResult r, Option<string?> on) => r.GetValue(on) is { Length: > 0 } text
        ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new RuleException($"--on “{text}”应为 yyyy-MM-dd 格式的日期") { Field = "--on" }
        : SchoolYear.Today(TimeProvider.System);

    private static DropoutRules RulesOf(ParseResult r, SafetyCommands.VerbOptions o) => o.RulesText(r) is { } t ? DropoutRules.WithOverride(t) : DropoutRules.Default();

    private static Command Sync()
    {
        var rules = new Option<string?>("--rules") { Description = "按省（县）覆盖的规则文件（JSON，形状同内置规则）" };
        var cmd = new Command("sync", "按学籍异动建立控辍保学个案（辍学、休学期满未复学）；可重复运行，不会重复建案");
        cmd.Options.Add(rules);
        var on = NewOn();
        cmd.Options.Add(on);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var rs = r.GetValue(rules) is { } path ? DropoutRules.WithOverride(File.ReadAllText(path)) : DropoutRules.Default();
            await using var db = await CliOptions.OpenAsync(r, ct);
            var result = await SyncDropoutCases.HandleAsync(db, rs, Today(r, on), ct);
            Console.WriteLine($"新建个案：辍学 {result.OpenedDropouts} 个，休学期满未复学 {result.OpenedSuspensions} 个");
            return 0;
        });
        return cmd;
    }

    /// <summary>A read verb over a school year: --year, --format, --rules, --on; the body gets the open database.</summary>
    private static Command YearVerb(string name, string description, Func<ParseResult, SafetyCommands.VerbOptions, EduDb, SchoolYear, DateOnly, CancellationToken, Task<int>> body,
        SafetyCommands.VerbOptions? options = null)
    {
        var o = options ?? SafetyCommands.VerbOptions.Create();
        var cmd = new Command(name, description);
        o.AddTo(cmd);
        var on = NewOn();
        cmd.Options.Add(on);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            return await body(r, o, db, year, Today(r, on), ct);
        });
        return cmd;
    }

    private static Command Cases() =>
        YearVerb("cases", "学年控辍保学个案台账：编号、学校、乡镇、类型、离校日期、劝返次数、下次期限、逾期与升级、销号", async (r, o, db, year, today, ct) =>
        {
            var rows = await ListDropoutCases.HandleAsync(db, RulesOf(r, o), new ListDropoutCases.Query(today, year), ct);
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(k => new
                {
                    number = k.Number,
                    school = k.School,
                    township = k.Township,
                    grade = Grades.Label(k.Grade),
                    kind = k.KindLabel,
                    source = k.SourceLabel,
                    causes = k.Causes,
                    leftOn = k.LeftOn,
                    openedOn = k.OpenedOn,
                    steps = k.Steps,
                    nextDue = k.NextDue,
                    overdue = k.Overdue,
                    daysOverdue = k.DaysOverdue,
                    level = k.Closed ? null : k.Level.ToString(),
                    levelLabel = k.LevelLabel,
                    state = k.StateLabel,
                    closedOn = k.ClosedOn,
                }), SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine("编号\t学校\t乡镇\t年级\t类型\t离校日期\t劝返次数\t下次期限\t逾期天数\t层级\t状态");
            foreach (var k in rows)
            {
                Console.WriteLine($"{k.Number}\t{k.School}\t{k.Township}\t{Grades.Label(k.Grade)}\t{k.KindLabel}\t{SafetyCommands.D(k.LeftOn)}\t{k.Steps}\t{SafetyCommands.D(k.NextDue)}\t{k.DaysOverdue}\t{k.LevelLabel}\t{k.StateLabel}");
            }
            Console.WriteLine($"共 {rows.Count} 个，未销号 {rows.Count(k => !k.Closed)} 个，逾期 {rows.Count(k => k.Overdue)} 个");
            return 0;
        });

    private static readonly Option<string?> Out = new("--out") { Description = "--format xlsx 时写入的 .xlsx 文件" };

    /// <summary>
    /// <c>dropout report</c> (alias <c>dropout monthly</c>): the monthly figures as a table, JSON, or with
    /// <c>--format xlsx --out f.xlsx</c> the 月度统计表 (<see cref="ExportDropoutMonthly"/>).
    /// </summary>
    private static Command Report()
    {
        var format = new Option<string>("--format") { Description = "输出格式：table、json 或 xlsx（默认 table；xlsx 须配 --out）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "xlsx");
        var o = SafetyCommands.VerbOptions.Create() with { Format = format };
        var cmd = YearVerb("report", "控辍保学月度报告：各乡镇和全县的辍学人数、劝返人数、劝返率（学年累计）；--format xlsx --out 导出月度统计表", async (r, o, db, year, today, ct) =>
        {
            var report = await GetDropoutReport.HandleAsync(db, year, today, RulesOf(r, o), ct);
            if (r.GetValue(o.Format) == "xlsx")
            {
                var path = r.GetValue(Out) ?? throw new RuleException("请用 --out 指定输出的 .xlsx 文件") { Field = "--out" };
                await using (var file = File.Create(path))
                {
                    await ExportDropoutMonthly.WriteXlsxAsync(db, report, await ExportDropoutMonthly.CountyNameAsync(db, ct), today, file, ct);
                }
                Console.WriteLine($"已导出 {report.Year} 学年控辍保学月度统计表（{report.Months.Count} 个月）：{path}");
                return 0;
            }
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    year = report.Year.ToString(),
                    months = report.Months.Select(m => new { month = $"{m.Year:D4}-{m.Month:D2}", end = m.End, townships = m.Townships, county = m.County }),
                }, SafetyCommands.Json));
                return 0;
            }
            foreach (var m in report.Months)
            {
                Console.WriteLine($"{m.Label}（截至 {SafetyCommands.D(m.End)}）");
                Console.WriteLine("区域\t辍学人数\t本月新增\t劝返人数\t依法延缓\t仍辍学\t劝返率(%)\t疑似辍学");
                foreach (var f in m.Townships.Append(m.County))
                {
                    Console.WriteLine($"{f.Name}\t{f.Dropouts}\t{f.NewDropouts}\t{f.Persuaded}\t{f.Exempt}\t{f.StillOut}\t{(f.Rate is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—")}\t{f.Suspected}");
                }
            }
            return 0;
        }, o);
        cmd.Options.Add(Out);
        cmd.Aliases.Add("monthly");
        return cmd;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "控辍保学台账（.xlsx、.xls 或 .csv；列见 DropoutPrevention/README.md）" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并报告，不写入数据库" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var rules = new Option<string?>("--rules") { Description = "按省（县）覆盖的规则文件（JSON，形状同内置规则）" };
        var on = NewOn();
        var cmd = new Command("import", "导入县里已有的控辍保学台账：按学籍号或身份证件号关联学生，建立个案及劝返记录；有错误时整个文件不导入；重复导入不重复建案");
        cmd.Arguments.Add(file);
        foreach (var opt in new Option[] { dryRun, format, rules, on })
        {
            cmd.Options.Add(opt);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            try
            {
                var rs = r.GetValue(rules) is { } rp ? DropoutRules.WithOverride(File.ReadAllText(rp)) : DropoutRules.Default();
                await using var db = await CliOptions.OpenAsync(r, ct);
                await using var stream = File.OpenRead(path);
                var by = new ActingUser("cli", db.Actor ?? "cli", [Roles.BasicEducation]);
                var outcome = await ImportDropoutLedgerHandler.HandleAsync(db, Platform.Protector(CliOptions.DbOf(r)), rs,
                    new ImportDropoutLedger(stream, Path.GetFileName(path), r.GetValue(dryRun)), by, Today(r, on), ct: ct);
                if (r.GetValue(format) == "json")
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        file = Path.GetFileName(path),
                        dryRun = r.GetValue(dryRun),
                        ok = outcome.Ok,
                        written = outcome.Written,
                        rows = outcome.Rows,
                        opened = outcome.Opened,
                        stepsAdded = outcome.StepsAdded,
                        closed = outcome.Closed,
                        unchanged = outcome.Unchanged,
                        changes = outcome.Changes,
                        errors = outcome.Errors.Select(e => new { file = e.File, row = e.Row, column = e.Column, value = e.Value, reason = e.Reason, message = e.Message }),
                    }, SafetyCommands.Json));
                }
                foreach (var e in outcome.Errors)
                {
                    await Console.Error.WriteLineAsync("错误：" + e.Message);
                }
                if (!outcome.Ok)
                {
                    await Console.Error.WriteLineAsync($"有 {outcome.Errors.Count} 处错误，整个文件未导入。");
                    return CliOptions.RuleRefusedExitCode;
                }
                if (r.GetValue(format) != "json")
                {
                    var what = outcome.Written ? "已导入" : r.GetValue(dryRun) ? "检查通过（未写入）" : "无变化";
                    Console.WriteLine($"{what}：{outcome.Rows} 行，新建个案 {outcome.Opened}，新增劝返记录 {outcome.StepsAdded}，销号 {outcome.Closed}，无变化 {outcome.Unchanged}");
                }
                return 0;
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
            catch (Exception e) when (e is FormatException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return CliOptions.Fail($"无法读取 {path}：{e.Message}");
            }
        });
        return cmd;
    }
}
