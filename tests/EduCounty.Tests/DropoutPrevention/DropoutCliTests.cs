using System.Text.Json;
using EduCounty.DropoutPrevention;
using EduCounty.Tests.Infrastructure;

namespace EduCounty.Tests.DropoutPrevention;

/// <summary>Issue 17 "Done when": <c>dropout sync</c>, <c>dropout cases|report --year --format json</c> run as a user runs them, on both databases.</summary>
public sealed class DropoutCliTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_verbs_sync_and_print_the_ledger_and_the_monthly_figures_as_json(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "cli-dropout");
        await using (db)
        {
            var back = DropoutCounty.Student(db, 1, 1, "P4");
            back.DropOut(new DateOnly(2025, 9, 20), "厌学辍学");
            back.ReturnAfterDropout(new DateOnly(2025, 10, 8), "劝返复学");
            await db.SaveChangesAsync(); // saved first: its 辍学 异动 gets the lower id, so its case is KC00001
            DropoutCounty.Student(db, 2, 3, "J2").DropOut(new DateOnly(2025, 10, 10), "外出务工");
            await db.SaveChangesAsync();
        }
        var (code, output, err) = await CliProcess.RunAsync("dropout", "sync", "--on", "2025-10-31", "--db", setting);
        Assert.True(code == 0, err);
        Assert.Contains("新建个案：辍学 2 个，休学期满未复学 0 个", output, StringComparison.Ordinal);
        (_, output, _) = await CliProcess.RunAsync("dropout", "sync", "--on", "2025-10-31", "--db", setting);
        Assert.Contains("新建个案：辍学 0 个，休学期满未复学 0 个", output, StringComparison.Ordinal);

        await using (var db2 = EduCounty.Common.Database.Open(setting))
        {
            db2.Actor = "test";
            await CloseDropoutCase.HandleAsync(db2, new(1, CaseClosure.Returned, new DateOnly(2025, 10, 9), null), DropoutCounty.School1, new DateOnly(2025, 10, 9));
        }

        // On 2025-11-15: case 1 closed; case 2 opened 2025-10-10, first 劝返 due 2025-11-09, 6 days overdue, 36 days open: 已报乡镇.
        var cases = await RunJsonAsync("dropout", "cases", "--year", "2025-2026", "--on", "2025-11-15", "--format", "json", "--db", setting);
        Assert.Equal(2, cases.GetArrayLength());
        var open = cases[1];
        Assert.Equal(("KC00002", "学校3", "乙乡", "初二", "辍学", "外出务工"),
            (S(open, "number"), S(open, "school"), S(open, "township"), S(open, "grade"), S(open, "kind"), S(open, "causes")));
        Assert.Equal(("2025-10-10", "2025-11-09", true, 6, "Township", "逾期未劝返"),
            (S(open, "leftOn"), S(open, "nextDue"), open.GetProperty("overdue").GetBoolean(), open.GetProperty("daysOverdue").GetInt32(), S(open, "level"), S(open, "state")));
        Assert.Equal(("已销号（已劝返复学）", "2025-10-09"), (S(cases[0], "state"), S(cases[0], "closedOn")));

        // October, by hand: 甲镇 辍学 1 劝返 1 → 100.0; 乙乡 辍学 1 劝返 0 → 0.0; 全县 2, 劝返 1, 仍辍学 1 → 50.0.
        var report = await RunJsonAsync("dropout", "report", "--year", "2025-2026", "--on", "2025-11-15", "--format", "json", "--db", setting);
        var oct = report.GetProperty("months")[1];
        Assert.Equal("2025-10", S(oct, "month"));
        var county = oct.GetProperty("county");
        Assert.Equal((2, 1, 1, 50.0m), (county.GetProperty("dropouts").GetInt32(), county.GetProperty("persuaded").GetInt32(),
            county.GetProperty("stillOut").GetInt32(), county.GetProperty("rate").GetDecimal()));
        var towns = oct.GetProperty("townships");
        Assert.Equal(("甲镇", 100.0m, "乙乡", 0.0m), (S(towns[0], "name"), towns[0].GetProperty("rate").GetDecimal(), S(towns[1], "name"), towns[1].GetProperty("rate").GetDecimal()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_takes_a_ledger_file_and_the_monthly_xlsx_holds_the_json_figures(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "cli-dropout-import");
        await using (db)
        {
            await DropoutImportTests.SeedAsync(db, EduCounty.Common.Platform.Protector(setting));
        }
        var dir = Path.Combine(Path.GetTempPath(), "educounty-tests", "dropout-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "台账.csv");
        await File.WriteAllTextAsync(file, DropoutImportTests.GoodFile());

        var dry = await RunJsonAsync("dropout", "import", file, "--dry-run", "--format", "json", "--on", "2025-11-15", "--db", setting);
        Assert.Equal((true, false, 3, 3, 1), (dry.GetProperty("ok").GetBoolean(), dry.GetProperty("written").GetBoolean(), dry.GetProperty("rows").GetInt32(),
            dry.GetProperty("opened").GetInt32(), dry.GetProperty("closed").GetInt32()));
        var first = await RunJsonAsync("dropout", "import", file, "--format", "json", "--on", "2025-11-15", "--db", setting);
        Assert.Equal((true, 3, 4), (first.GetProperty("written").GetBoolean(), first.GetProperty("opened").GetInt32(), first.GetProperty("changes").GetInt32()));
        var again = await RunJsonAsync("dropout", "import", file, "--format", "json", "--on", "2025-11-15", "--db", setting);
        Assert.Equal((false, 0, 3), (again.GetProperty("written").GetBoolean(), again.GetProperty("changes").GetInt32(), again.GetProperty("unchanged").GetInt32()));

        // A bad file: exit code 2, the reason on stderr, nothing written.
        var bad = Path.Combine(dir, "坏台账.csv");
        await File.WriteAllTextAsync(bad, DropoutImportTests.Head + "\nL9999999999,,某某,辍学,学校月报,2025-10-10");
        var (code, _, err) = await CliProcess.RunAsync("dropout", "import", bad, "--on", "2025-11-15", "--db", setting);
        Assert.Equal(2, code);
        Assert.Contains("坏台账.csv 第2行“学籍号”列，值“L9999999999”：没有此学籍号的学生", err, StringComparison.Ordinal);

        // The monthly figures: the .xlsx (title, units, heads, then a row per 乡镇 and 全县 per month) holds the JSON's numbers.
        var json = await RunJsonAsync("dropout", "monthly", "--year", "2025-2026", "--on", "2025-11-15", "--format", "json", "--db", setting);
        var xlsx = Path.Combine(dir, "月报.xlsx");
        (code, var output, err) = await CliProcess.RunAsync("dropout", "report", "--year", "2025-2026", "--on", "2025-11-15", "--format", "xlsx", "--out", xlsx, "--db", setting);
        Assert.True(code == 0, err);
        Assert.Contains("月度统计表", output, StringComparison.Ordinal);
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("全县控辍保学工作月度统计表", rows[0]["A"]!.ToString()); // the test county has no 县级 division row
        Assert.Contains("单位：人、%", rows[1]["A"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExportDropoutMonthly.Heads, rows[2].Values.Select(v => v?.ToString()));
        var expected = new List<string>();
        foreach (var m in json.GetProperty("months").EnumerateArray())
        {
            var (y, mo) = (int.Parse(S(m, "month")![..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(S(m, "month")![5..], System.Globalization.CultureInfo.InvariantCulture));
            foreach (var f in m.GetProperty("townships").EnumerateArray().Append(m.GetProperty("county")))
            {
                var rate = f.GetProperty("rate").ValueKind == JsonValueKind.Null ? "—" : f.GetProperty("rate").GetDecimal().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                expected.Add($"{y}年{mo}月|{S(f, "name")}|{S(f, "dropouts")}|{S(f, "newDropouts")}|{S(f, "persuaded")}|{S(f, "exempt")}|{S(f, "stillOut")}|{rate}|{S(f, "suspected")}|{S(f, "notEnrolledGap") ?? "—"}");
            }
        }
        var actual = rows.Skip(3).Select(r => string.Join("|", r.Values.Select(v => v is double d ? ((decimal)d).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : v?.ToString()))).ToList();
        Assert.Equal(expected, actual);
        // By hand, November: 辍学 学生1 (甲镇, 2025-10-10) and 学生3 (甲镇, 2025-09-20, 销号 劝返复学 2025-10-09) → 甲镇 2, 劝返 1,
        // 50 %; 乙乡 疑似辍学 1 (学生2), no 辍学; 全县 2, 1, 50; no population counts or census rolls: 适龄未入学差额 —.
        Assert.Contains("2025年11月|全县|2|0|1|0|1|50|1|—", actual);
        Assert.Contains("2025年11月|甲镇|2|0|1|0|1|50|0|—", actual);
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
