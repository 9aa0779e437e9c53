using System.Text.Json;
using EduCounty.StudentAid;
using EduCounty.Tests.DropoutPrevention;
using EduCounty.Tests.Infrastructure;
using MiniExcelLibs;

namespace EduCounty.Tests.StudentAid;

/// <summary>Issue 17 "Done when": <c>aid report --year</c> and <c>aid publicity --programme … --out f.xlsx</c>, with <c>--format json</c>, on both databases.</summary>
public sealed class AidCliTests
{
    /// <summary>
    /// 2024-2025 秋季, 营养膳食补助 (5 元 × 200 天 ÷ 2 = 500 元): 学生1 (张三明, 建档立卡) paid 500, 学生2 (李四, 其他) approved.
    /// 到账 0.1 万元. 人数 2, 应发 0.1 万元, 实发 0.05 万元, 差额 0.1 − 0.05 = 0.05 万元; coverage: group 1 (学生1), aided 1 → 100.0.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Report_and_publicity_print_json_and_write_the_xlsx(string provider)
    {
        var (db, setting) = await AidCounty.CreateAsync(provider, "cli-aid");
        var y = new EduCounty.Common.SchoolYear(2024);
        var day = new DateOnly(2025, 3, 10);
        await using (db)
        {
            AidCounty.Student(db, 1, 1, "P4", "张三明", EduCounty.Common.FinancialHardship.RegisteredPoor);
            AidCounty.Student(db, 2, 1, "P5", "李四", EduCounty.Common.FinancialHardship.Other);
            await db.SaveChangesAsync();
            var ids = new List<int>();
            for (var n = 1; n <= 2; n++)
            {
                await AssessHardship.HandleAsync(db, AidCounty.Rules, DropoutCounty.Protector, new(AidCounty.Number(n), y, HardshipLevel.Hard, null), AidCounty.School1, day);
                var id = await ApplyForAid.HandleAsync(db, AidCounty.Rules, DropoutCounty.Protector, new(AidCounty.Number(n), "Nutrition", y, AidTerm.Autumn), AidCounty.Clerk1, day);
                await ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.School1, day);
                await ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, day);
                ids.Add(id);
            }
            await ReviewAidApplication.PayAsync(db, ids[0], day, null, AidCounty.Aid, day);
            await RecordAidFunding.HandleAsync(db, AidCounty.Rules, new("Nutrition", y, AidTerm.Autumn, 0.1m, day, null), AidCounty.Aid, day);
        }

        var report = await RunJsonAsync("aid", "report", "--year", "2024-2025", "--format", "json", "--db", setting);
        Assert.Equal("2024-2025", report.GetProperty("year").GetString());
        var row = Assert.Single(report.GetProperty("programmes").EnumerateArray());
        Assert.Equal(("Nutrition", "Autumn", "秋季学期", 2), (S(row, "code"), S(row, "term"), S(row, "termLabel"), row.GetProperty("students").GetInt32()));
        Assert.Equal((0.1m, 0.05m, 0.1m, 0.05m), (row.GetProperty("dueWan").GetDecimal(), row.GetProperty("paidWan").GetDecimal(),
            row.GetProperty("receivedWan").GetDecimal(), row.GetProperty("gapWan").GetDecimal()));
        var coverage = report.GetProperty("coverage");
        Assert.Equal((1, 1, 100.0m, 2), (coverage.GetProperty("group").GetInt32(), coverage.GetProperty("aided").GetInt32(), coverage.GetProperty("percent").GetDecimal(),
            coverage.GetProperty("assessed").GetInt32()));
        Assert.Equal("学校1", S(Assert.Single(report.GetProperty("schools").EnumerateArray()), "school"));

        var list = await RunJsonAsync("aid", "publicity", "--programme", "Nutrition", "--year", "2024-2025", "--format", "json", "--db", setting);
        var rows = list.GetProperty("rows");
        Assert.Equal([("张*明", "四年级", 500m), ("李*", "五年级", 500m)],
            rows.EnumerateArray().Select(r => (S(r, "name"), S(r, "grade"), r.GetProperty("amount").GetDecimal())));
        Assert.Equal(["no", "name", "school", "grade", "programme", "amount"], rows[0].EnumerateObject().Select(p => p.Name));

        var file = Path.Combine(Path.GetTempPath(), $"aid-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (code, output, err) = await CliProcess.RunAsync("aid", "publicity", "--programme", "Nutrition", "--year", "2024-2025", "--out", file, "--db", setting);
            Assert.True(code == 0, err);
            Assert.Contains("公示名单 2 人", output, StringComparison.Ordinal);
            var sheet = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["序号", "姓名", "学校", "年级", "资助项目", "金额（元）"], sheet[0].Keys);
            Assert.Equal(["张*明", "李*"], sheet.Select(r => r["姓名"]?.ToString()));
        }
        finally
        {
            File.Delete(file);
        }
        var (bad, _, message) = await CliProcess.RunAsync("aid", "publicity", "--programme", "Nope", "--year", "2024-2025", "--format", "json", "--db", setting);
        Assert.Equal(2, bad);
        Assert.Contains("未知的资助项目“Nope”", message, StringComparison.Ordinal);
    }

    private static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).ToString();

    private static async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args[..2])}: {code} {err}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }
}
