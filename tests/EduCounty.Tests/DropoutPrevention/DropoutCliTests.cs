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

    private static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).ToString();

    private static async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args[..2])}: {code} {err}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }
}
