using System.CommandLine;
using System.Text;
using EduCounty.Fitness;
using MiniExcelLibs;

namespace EduCounty.Cli;

/// <summary>学生体质健康 verbs: <c>fitness score</c> scores an upload-template file without a database.</summary>
internal static class FitnessCommands
{
    public static Command Fitness()
    {
        var cmd = new Command("fitness", "学生体质健康（国家学生体质健康标准 2014 年修订）");
        cmd.Subcommands.Add(Score());
        return cmd;
    }

    private static Command Score()
    {
        var input = new Option<string>("--input")
        {
            Description = "国家学生体质健康数据上报模板文件（.xlsx 或 .csv，UTF-8 或 GBK）",
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

            foreach (var w in import.Warnings)
            {
                await Console.Error.WriteLineAsync("警告：" + w.Message);
            }
            foreach (var e in import.Errors)
            {
                await Console.Error.WriteLineAsync("错误：" + e.Message);
            }

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
                catch (FitnessInputException ex)
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
