using System.CommandLine;
using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Plan;
using EduCounty.Readiness;

namespace EduCounty.Cli;

/// <summary><c>data readiness --year … --format json|table</c> (数据完整度, issue 12 §8).</summary>
internal static class ReadinessCommands
{
    public static Command Data()
    {
        var year = new Option<string?>("--year") { Description = "学年，如 2025-2026（默认：有数据的最近学年）" };
        var format = new Option<string>("--format") { Description = "table | json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var readiness = new Command("readiness", "数据完整度：每个规划指标和优质均衡评估项所需的数据是否齐全，缺的由哪类导入（哪一列）补上") { year, format };
        readiness.SetAction(async (r, ct) =>
        {
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var sy = r.GetValue(year) is { } text ? CliOptions.Year(text) : await LatestDataYear.HandleAsync(db, ct)
                ?? throw new EduCounty.Common.RuleException("数据库中还没有任何学年的学籍或秋季统计，请用 --year 指定学年") { Field = "--year" };
            var report = await DataReadiness.HandleAsync(db, PlanLoader.LoadDefault(), sy, BalanceProfile.National(), ct);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    year = sy.ToString(),
                    ready = report.Ready,
                    total = report.Items.Count,
                    importOrder = ImportOrder.Kinds,
                    items = report.Items.Select(i => new
                    {
                        group = i.Group,
                        code = i.Code,
                        name = i.Name,
                        status = i.Status,
                        missing = i.Missing.Select(g => new { element = g.Element, importKind = g.ImportKind, column = g.Column }),
                    }),
                }, RegistryCommands.Json));
                return 0;
            }
            Console.WriteLine($"{sy} 学年数据完整度：{report.Ready}/{report.Items.Count} 项数据齐全");
            foreach (var i in report.Items)
            {
                Console.WriteLine($"  [{(i.Ready ? "齐全" : "缺数据")}] {i.Group} {i.Code} {i.Name}");
                foreach (var g in i.Missing)
                {
                    Console.WriteLine($"        缺 {g.Element} ← 导入 {g.ImportKind}{(g.Column is null ? "" : "，列 " + g.Column)}");
                }
            }
            Console.WriteLine("建议的导入顺序：" + string.Join(" → ", ImportOrder.Kinds));
            return 0;
        });
        return new Command("data", "数据状况") { readiness };
    }
}
