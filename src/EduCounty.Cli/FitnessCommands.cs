using System.CommandLine;
using System.Globalization;
using System.Text;
using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Imports.Kinds;
using MiniExcelLibs;

namespace EduCounty.Cli;

/// <summary>
/// 学生体质健康 verbs: <c>fitness score</c> scores an upload-template file without a database; <c>fitness import</c> runs the
/// import kind <c>fitness</c> (same as <c>import fitness</c> and the web's 数据导入).
/// </summary>
internal static class FitnessCommands
{
    public static Command Fitness()
    {
        var cmd = new Command("fitness", "学生体质健康（国家学生体质健康标准 2014 年修订）");
        cmd.Subcommands.Add(Score());
        cmd.Subcommands.Add(Import());
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Retest());
        return cmd;
    }

    private static Command Retest()
    {
        var year = new Option<string>("--year") { Description = "学年，如 2024-2025", Required = true };
        var output = new Option<string>("--out") { Description = "输出 .xlsx 文件", Required = true };
        var cmd = new Command("retest", "导出学年成绩不及格、可补测一次的学生名单（.xlsx，记入审计）");
        cmd.Options.Add(year);
        cmd.Options.Add(output);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var bytes = await ExportRetestList.HandleAsync(db, y.StartYear, ct: ct);
            await File.WriteAllBytesAsync(r.GetValue(output)!, bytes, ct);
            Console.WriteLine($"已导出 {y} 学年补测名单到 {r.GetValue(output)}");
            return 0;
        });
        return cmd;
    }

    private static Command Import()
    {
        var year = new Option<string>("--year") { Description = "学年，如 2024-2025", Required = true };
        var input = new Option<string>("--input") { Description = "国家学生体质健康数据上报模板文件（.xlsx、.xls 或 .csv）", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并报告，不写入数据库" };
        var testedOn = new Option<string?>("--tested-on") { Description = "测试日期 yyyy-MM-dd（可选）" };
        var cmd = new Command("import", "把上报模板导入学生体质健康档案（按学籍号关联学生；有错误时整个文件不导入；同一文件重复导入不产生变化）");
        cmd.Options.Add(year);
        cmd.Options.Add(input);
        cmd.Options.Add(dryRun);
        cmd.Options.Add(testedOn);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var y = CliOptions.Year(r, year);
            DateOnly? date = null;
            if (r.GetValue(testedOn) is { } t)
            {
                if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    return CliOptions.Fail($"测试日期“{t}”无效，应为 yyyy-MM-dd");
                }
                date = d;
            }
            var path = r.GetValue(input)!;
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            var setting = CliOptions.DbOf(r);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var protector = EduCounty.Common.Platform.Protector(setting);
            // The import kind "fitness" (the web's 数据导入 runs the same): dry run, all-or-nothing, a batch that
            // `import rollback` undoes.
            var report = await Importer.RunAsync(db, protector, new FitnessKind(date), new ImportRequest(path, Path.GetFileName(path))
            {
                DryRun = r.GetValue(dryRun),
                Year = y,
                Limits = FitnessImport.DefaultLimits,
                BulkLoadFromRows = null,
            }, ct);
            return await PrintAsync(report);
        });
        return cmd;
    }

    /// <summary>
    /// The verb's output as before the import kind: warnings and errors on stderr (each naming file, row, column and
    /// reason), then one summary line; exit code 2 when anything was refused (nothing is written then). A committed
    /// run names its batch.
    /// </summary>
    private static async Task<int> PrintAsync(ImportReport report)
    {
        foreach (var w in report.Issues.Where(i => i.IsWarning))
        {
            await Console.Error.WriteLineAsync("警告：" + w.Message);
        }
        foreach (var e in report.Issues.Where(i => !i.IsWarning))
        {
            await Console.Error.WriteLineAsync("错误：" + e.Message);
        }
        if (report.AnythingRefused)
        {
            await Console.Error.WriteLineAsync($"有 {report.Errors} 处错误，整个文件未导入。");
            return 2;
        }
        var changed = report.Created + report.Updated > 0;
        var what = report.DryRun ? "检查通过（未写入）" : changed ? "已导入" : "无变化";
        Console.WriteLine($"{what}：{report.Rows} 行，新增 {report.Created}，更新 {report.Updated}，未变 {report.Unchanged}；警告 {report.Warnings} 条；用时 {report.Elapsed.TotalSeconds:F1} 秒");
        if (report.Committed && changed)
        {
            Console.WriteLine($"导入批次 {report.BatchId}（撤销：import rollback {report.BatchId}）");
        }
        return 0;
    }

    /// <summary>A file's warnings and errors on stderr, each naming file, row, column and reason.</summary>
    private static async Task PrintIssuesAsync(IEnumerable<FitnessImportIssue> warnings, IEnumerable<FitnessImportIssue> errors)
    {
        foreach (var w in warnings)
        {
            await Console.Error.WriteLineAsync("警告：" + w.Message);
        }
        foreach (var e in errors)
        {
            await Console.Error.WriteLineAsync("错误：" + e.Message);
        }
    }

    private static Command Report()
    {
        var cmd = new Command("report", "全县各学年体质健康等级比例与近视率（对照规划“每年下降 0.5 个百分点”）");
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var rates = await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(null, FitnessBreakdown.Year), ct);
            var myopia = (await GetMyopiaRates.ByYearAsync(db, ct: ct)).ToDictionary(m => m.Year);
            Console.WriteLine("学年\t测试人数\t优秀%\t良好%\t及格%\t不及格%\t平均总分\t筛查人数\t近视率%\t变化\t达标(−0.5)");
            foreach (var row in rates)
            {
                var m = myopia.GetValueOrDefault(int.Parse(row.Key, CultureInfo.InvariantCulture));
                Console.WriteLine(string.Join('\t', row.Label, row.Tested, row.ExcellentRate, row.GoodRate, row.PassRate, row.FailRate,
                    Math.Round(row.MeanTotal, 2), m?.Count.Screened, m?.Count.Rate, m?.Change, m?.Met switch { true => "是", false => "否", _ => "—" }));
            }
            return 0;
        });
        return cmd;
    }

    private static Command Score()
    {
        var input = new Option<string>("--input")
        {
            Description = "国家学生体质健康数据上报模板文件（.xlsx、.xls 或 .csv，UTF-8 或 GBK）",
            Required = true,
        };
        var format = new Option<string>("--format")
        {
            Description = "输出格式：json、csv 或 xlsx（默认 json）",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "csv", "xlsx");
        var output = new Option<string?>("--out") { Description = "输出文件路径（默认输出到标准输出；xlsx 必须指定）" };

        var cmd = new Command("score", "按 2014 年标准计算学年成绩（不使用数据库）；有被拒收的行时返回非零");
        cmd.Options.Add(input);
        cmd.Options.Add(format);
        cmd.Options.Add(output);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(input)!;
            var fmt = r.GetValue(format) ?? "json";
            var outPath = r.GetValue(output);
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            if (fmt == "xlsx" && string.IsNullOrEmpty(outPath))
            {
                return CliOptions.Fail("xlsx 格式必须用 --out 指定输出文件");
            }

            FitnessImportResult import;
            try
            {
                import = FitnessImport.Read(path);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException)
            {
                return CliOptions.Fail($"无法读取 {path}：{ex.Message}");
            }

            await PrintIssuesAsync(import.Warnings, import.Errors);

            var scorer = FitnessScorer.Default;
            var scores = new List<FitnessScore>(import.Rows.Count);
            var refused = import.RefusedRows;
            var file = Path.GetFileName(path);
            foreach (var row in import.Rows)
            {
                try
                {
                    scores.Add(scorer.Score(row.Result));
                }
                catch (RuleException ex)
                {
                    refused++;
                    await Console.Error.WriteLineAsync($"错误：{file} 第{row.Row}行：{ex.Message}");
                }
            }

            await WriteAsync(scores, fmt, outPath, scorer.Standard, ct);
            await Console.Error.WriteLineAsync($"已评分 {scores.Count} 人；拒收 {refused} 行；警告 {import.Warnings.Count} 条。");
            return refused > 0 ? 2 : 0;
        });
        return cmd;
    }

    private static async Task WriteAsync(List<FitnessScore> scores, string format, string? outPath, FitnessStandard standard, CancellationToken ct)
    {
        switch (format)
        {
            case "xlsx":
                await MiniExcel.SaveAsAsync(outPath!, FitnessExport.ToTable(scores, standard), overwriteFile: true, cancellationToken: ct);
                break;
            case "csv":
                await WriteTextAsync(FitnessExport.ToCsv(scores, standard), outPath, bom: true, ct);
                break;
            default:
                await WriteTextAsync(FitnessExport.ToJson(scores), outPath, bom: false, ct);
                break;
        }
    }

    private static async Task WriteTextAsync(string text, string? outPath, bool bom, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(outPath))
        {
            await Console.Out.WriteAsync(text);
            return;
        }
        await File.WriteAllTextAsync(outPath, text, new UTF8Encoding(bom), ct);
    }
}
