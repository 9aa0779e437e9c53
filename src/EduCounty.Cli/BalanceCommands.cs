using System.CommandLine;
using EduCounty.Balance;
using EduCounty.Common;

namespace EduCounty.Cli;

/// <summary>均衡 verbs: <c>balance check</c> (over a spreadsheet) and <c>balance evaluate</c> (from the registry), 优质均衡 2017 / 基本均衡 2012, optional gap plan.</summary>
public static class BalanceCommands
{
    public static Command Create()
    {
        var balance = new Command("balance", "义务教育均衡发展评估（优质均衡 2017、基本均衡 2012）");
        balance.Subcommands.Add(Check());
        balance.Subcommands.Add(Evaluate());
        balance.Subcommands.Add(Verdict());
        balance.Subcommands.Add(Record());
        balance.Subcommands.Add(Survey());
        return balance;
    }

    private static Command Check()
    {
        var input = new Option<string>("--input") { Description = "学校数据表（.xlsx、.xls 或 .csv，每校一行，中文表头）", Required = true };
        var (method, format, output, gap, profileOpt) = CheckOptions();
        var cmd = new Command("check", "检查资源配置指标与校际差异系数");
        cmd.Options.Add(input);
        cmd.Options.Add(method);
        cmd.Options.Add(format);
        cmd.Options.Add(output);
        cmd.Options.Add(gap);
        cmd.Options.Add(profileOpt);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var fmt = r.GetValue(format)!;
            var outPath = r.GetValue(output);
            if (fmt == "xlsx" && outPath is null)
            {
                return CliOptions.Fail("xlsx 格式需要用 --out 指定输出文件");
            }
            BalanceProfile profile;
            try
            {
                var overridePath = r.GetValue(profileOpt);
                profile = overridePath is null
                    ? BalanceProfile.National()
                    : BalanceProfile.WithOverride(await File.ReadAllTextAsync(overridePath, ct));
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException)
            {
                return CliOptions.Fail("标准覆盖文件无法使用：" + e.Message);
            }
            var sheet = BalanceSpreadsheet.Read(r.GetValue(input)!);
            if (sheet.Errors.Count > 0)
            {
                foreach (var e in sheet.Errors)
                {
                    await Console.Error.WriteLineAsync("错误：" + e);
                }
                return 2;
            }
            if (sheet.MissingColumns.Count > 0)
            {
                await Console.Error.WriteLineAsync("提示：表中缺少列 " + string.Join("、", sheet.MissingColumns) + "，相关指标按缺失处理");
            }
            var m = r.GetValue(method)!;
            var report = BalanceEvaluator.Evaluate(sheet.Schools, m, profile);
            if (r.GetValue(gap))
            {
                report = report with { GapPlan = GapPlanner.Plan(sheet.Schools, m, profile) };
            }
            await WriteAsync(report, profile, fmt, outPath, ct);
            return report.Pass ? 0 : 3;
        });
        return cmd;
    }

    private static Command Evaluate()
    {
        var year = new Option<string>("--year") { Description = "学年，如 2024-2025", Required = true };
        var county = new Option<string>("--county") { Description = "县级行政区划代码（默认 652302 阜康市）", DefaultValueFactory = _ => "652302" };
        var (method, format, output, gap, profileOpt) = CheckOptions();
        var cmd = new Command("evaluate", "按学籍与学校管理数据（学生、教职工、办学条件）评估资源配置指标与校际差异系数");
        foreach (var o in new Option[] { year, county, method, format, output, gap, profileOpt })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var fmt = r.GetValue(format)!;
            var outPath = r.GetValue(output);
            if (fmt == "xlsx" && outPath is null)
            {
                return CliOptions.Fail("xlsx 格式需要用 --out 指定输出文件");
            }
            var sy = CliOptions.Year(r, year);
            var profile = await LoadProfileAsync(r.GetValue(profileOpt), ct);
            if (profile is null)
            {
                return 1;
            }
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var (report, data) = await EvaluateBalanceFromRegistry.HandleAsync(db, r.GetValue(county)!, sy, r.GetValue(method)!, profile, r.GetValue(gap), ct: ct);
            if (data.Schools.Count == 0)
            {
                return CliOptions.Fail($"{r.GetValue(county)} 在 {sy} 学年没有义务教育学校");
            }
            await WriteAsync(report, profile, fmt, outPath, ct);
            return report.Pass ? 0 : 3;
        });
        return cmd;
    }

    private static async Task<BalanceProfile?> LoadProfileAsync(string? overridePath, CancellationToken ct)
    {
        try
        {
            return overridePath is null
                ? BalanceProfile.National()
                : BalanceProfile.WithOverride(await File.ReadAllTextAsync(overridePath, ct));
        }
        catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException)
        {
            CliOptions.Fail("标准覆盖文件无法使用：" + e.Message);
            return null;
        }
    }

    private static async Task WriteAsync(BalanceReport report, BalanceProfile profile, string fmt, string? outPath, CancellationToken ct)
    {
        switch (fmt)
        {
            case "xlsx":
                BalanceOutput.ToXlsx(report, profile, outPath!);
                Console.WriteLine($"已写入 {outPath}");
                break;
            default:
                var text = fmt == "json" ? BalanceOutput.ToJson(report) : BalanceOutput.ToTable(report, profile);
                if (outPath is null)
                {
                    Console.WriteLine(text);
                }
                else
                {
                    await File.WriteAllTextAsync(outPath, text, ct);
                }
                break;
        }
    }

    /// <summary>The options shared by check and evaluate: method, format, output file, gap plan, standards override.</summary>
    private static (Option<string> Method, Option<string> Format, Option<string?> Output, Option<bool> Gap, Option<string?> Profile) CheckOptions()
    {
        var method = new Option<string>("--method") { Description = "评估办法：2017（优质均衡）或 2012（基本均衡）", DefaultValueFactory = _ => "2017" };
        method.AcceptOnlyFromAmong("2017", "2012");
        var format = new Option<string>("--format") { Description = "输出格式：json、table 或 xlsx", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table", "xlsx");
        var output = new Option<string?>("--out") { Description = "输出文件路径（xlsx 必填；其他格式缺省输出到控制台）" };
        var gap = new Option<bool>("--gap") { Description = "同时测算达标缺口方案（输出 gapPlan）" };
        var profile = new Option<string?>("--profile") { Description = "省级/县级标准覆盖文件（JSON，结构同内置 balance-profile.json）" };
        return (method, format, output, gap, profile);
    }

    private static Option<string> YearOption() => new("--year") { Description = "学年，如 2024-2025", Required = true };

    private static Option<string> CountyOption() => new("--county") { Description = "县级行政区划代码（默认 652302 阜康市）", DefaultValueFactory = _ => "652302" };

    private static Command Verdict()
    {
        var year = YearOption();
        var county = CountyOption();
        var format = new Option<string>("--format") { Description = "输出格式：json 或 table", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var profileOpt = new Option<string?>("--profile") { Description = "省级/县级标准覆盖文件（JSON，结构同内置 balance-profile.json；政府保障程度、教育质量等规则在 assurance 下）" };
        var cmd = new Command("verdict", "优质均衡县域结论：资源配置、政府保障程度、教育质量、社会认可度、申报条件与一票否决项，列出全部原因");
        cmd.Options.Add(year);
        cmd.Options.Add(county);
        cmd.Options.Add(format);
        cmd.Options.Add(profileOpt);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var sy = CliOptions.Year(r, year);
            var profile = await LoadProfileAsync(r.GetValue(profileOpt), ct);
            if (profile is null)
            {
                return 1;
            }
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var v = await EvaluateCountyVerdict.HandleAsync(db, r.GetValue(county)!, sy, profile, ct: ct);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(v with { Resources = v.Resources with { Notes = [] } }, BalanceOutput.JsonOptions));
            }
            else
            {
                Console.WriteLine($"{v.CountyCode} {v.Year} 学年 优质均衡结论：{(v.Pass ? "达标" : "未达标")}");
                foreach (var p in v.Parts)
                {
                    Console.WriteLine($"【{p.Name}】{(p.Pass ? "达标" : "未达标")}");
                    foreach (var i in p.Items)
                    {
                        var met = i.Met switch { true => "达标", false => "未达标", null => "未评估" };
                        var origin = i.Origin switch { "registry" => "登记数据", "recorded" => "督导录入", _ => "缺数据" };
                        Console.WriteLine($"  {i.Code}\t{met}\t{origin}\t{i.Value}\t{i.Name}");
                        foreach (var f in i.Findings)
                        {
                            Console.WriteLine($"      · {f}");
                        }
                    }
                }
                Console.WriteLine("原因：");
                foreach (var reason in v.Reasons)
                {
                    Console.WriteLine("  - " + reason);
                }
            }
            return v.Pass ? 0 : 3;
        });
        return cmd;
    }

    private static Command Record()
    {
        var year = YearOption();
        var county = CountyOption();
        var code = new Option<string>("--code") { Description = "项目代码：P1–P2、V1–V6、G1–G15、Q1–Q9、S1", Required = true };
        var met = new Option<string>("--met") { Description = "是否达标：是 或 否", Required = true };
        met.AcceptOnlyFromAmong("是", "否", "yes", "no");
        var evidence = new Option<string>("--evidence") { Description = "佐证材料说明", Required = true };
        var attachment = new Option<string?>("--attachment") { Description = "佐证附件（文件名或文号）" };
        var by = new Option<string?>("--by") { Description = "录入人（默认当前用户）" };
        var cmd = new Command("record", "督导录入一项评估结论（达标/未达标及佐证）");
        foreach (var o in new Option[] { year, county, code, met, evidence, attachment, by })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var sy = CliOptions.Year(r, year);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var who = r.GetValue(by) ?? db.Actor ?? Environment.UserName;
            var row = await RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(r.GetValue(county)!, sy, r.GetValue(code)!,
                r.GetValue(met) is "是" or "yes", r.GetValue(evidence)!, r.GetValue(attachment), who), TimeProvider.System, ct);
            Console.WriteLine($"已录入 {row.Code}：{(row.Met ? "达标" : "未达标")}（{row.RecordedBy}，{LocalTime.Text(row.RecordedAt, LocalTime.DateOnlyFormat)}）");
            return 0;
        });
        return cmd;
    }

    private static Command Survey()
    {
        var year = YearOption();
        var county = CountyOption();
        var input = new Option<string>("--input") { Description = "社会认可度调查结果（.xlsx、.xls 或 .csv；列：调查群体、调查人数、满意人数 或 满意率(%)）", Required = true };
        var cmd = new Command("survey", "导入社会认可度调查结果（按调查群体）");
        cmd.Options.Add(year);
        cmd.Options.Add(county);
        cmd.Options.Add(input);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var sy = CliOptions.Year(r, year);
            var path = r.GetValue(input)!;
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"文件 {path} 不存在");
            }
            await using var db = await CliOptions.OpenAsync(r, ct);
            await using var stream = File.OpenRead(path);
            var result = await ImportSatisfactionSurvey.HandleAsync(db, r.GetValue(county)!, sy, stream, path, ct: ct);
            foreach (var e in result.Errors)
            {
                await Console.Error.WriteLineAsync("错误：" + e);
            }
            if (result.Errors.Count > 0)
            {
                return 2;
            }
            Console.WriteLine($"已导入 {result.Imported} 个调查群体");
            return 0;
        });
        return cmd;
    }
}
