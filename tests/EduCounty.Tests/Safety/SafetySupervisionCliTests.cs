using System.Text.Json;
using EduCounty.Common;
using EduCounty.Safety;
using EduCounty.Supervision;
using EduCounty.Tests.Infrastructure;
using EduCounty.Tests.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Safety;

/// <summary>
/// Issue 18 "Done when": <c>supervision visits|report --year</c> and <c>safety hazards|report --year --format json</c>
/// run as a user runs them, on SQLite and PostgreSQL, over a past year (2024-2025) so every deadline has passed.
/// </summary>
public sealed class SafetySupervisionCliTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_verbs_print_the_years_visits_and_hazards_as_json(string provider)
    {
        var (db, setting) = await SupervisionCounty.CreateAsync(provider, "cli-safety");
        await using (db)
        {
            var sup = SupervisionRules.Default();
            await AssignSchools.HandleAsync(db, sup, new AssignSchools.Command("d1", "督学甲", null, null, new DateOnly(2024, 8, 20), [1, 2]));
            await AssignSchools.HandleAsync(db, sup, new AssignSchools.Command("d2", "督学乙", null, null, new DateOnly(2024, 8, 20), [3]));
            await SubmitVisit.HandleAsync(db, sup, SupervisionDatabaseTests.Visit(1, new DateOnly(2024, 9, 10)), SupervisionCounty.Supervisor1, new DateOnly(2024, 9, 10));
            await SubmitVisit.HandleAsync(db, sup, SupervisionDatabaseTests.Visit(3, new DateOnly(2024, 10, 15)), SupervisionCounty.Supervisor2, new DateOnly(2024, 10, 15));

            var rules = SafetyRules.Default();
            async Task<int> Report(int school, DateOnly on) =>
                await ReportHazard.HandleAsync(db, rules, new(school, "配电室", "Fire", $"学校{school}电线老化", "安全员", on, "Routine"), SupervisionCounty.Safety, on);
            var general = await Report(1, new DateOnly(2024, 10, 1));
            await AssessHazard.HandleAsync(db, rules, general, "General", new Assessment("后勤处", "更换"), SupervisionCounty.Safety, new DateOnly(2024, 10, 1));
            var major = await Report(2, new DateOnly(2024, 11, 1));
            await AssessHazard.HandleAsync(db, rules, major, "Major", new Assessment("后勤处", "改造线路", "李四", 3m, "断电并设警示"), SupervisionCounty.Safety, new DateOnly(2024, 11, 1));
            await Report(3, new DateOnly(2024, 12, 1)); // reported, not yet assessed: no grade, no deadline
        }

        // safety hazards: three rows; 一般 due 2024-10-08 (7 days) and 重大 due 2025-01-30 (90 days) are long overdue and,
        // past 15 and 1 days respectively (safety-rules.json), 已报县; the unassessed one has no deadline.
        var hazards = await RunJsonAsync("safety", "hazards", "--year", "2024-2025", "--format", "json", "--db", setting);
        var rows = hazards.EnumerateArray().ToDictionary(h => h.GetProperty("school").GetString()!);
        Assert.Equal(["学校1", "学校2", "学校3"], rows.Keys.Order());
        Assert.Equal(("一般", "2024-10-08", true, "已报县"), Row(rows["学校1"]));
        Assert.Equal(("重大", "2025-01-30", true, "已报县"), Row(rows["学校2"]));
        Assert.True(rows["学校2"].GetProperty("supervised").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows["学校3"].GetProperty("dueDate").ValueKind);
        Assert.False(rows["学校3"].GetProperty("overdue").GetBoolean());

        // safety report as of the year's last day 2025-08-31: 3 found, none closed, 2 overdue and at the county, 1 挂牌督办.
        var report = await RunJsonAsync("safety", "report", "--year", "2024-2025", "--format", "json", "--db", setting);
        Assert.Equal("2025-08-31", report.GetProperty("asOf").GetString());
        Assert.Equal((3, 0, 3, 2, 2, 1), (Int(report, "found"), Int(report, "closed"), Int(report, "open"), Int(report, "overdue"),
            Int(report, "escalatedCounty"), Int(report, "supervisedOpen")));

        // supervision visits: the two visits with their supervisors.
        var visits = await RunJsonAsync("supervision", "visits", "--year", "2024-2025", "--format", "json", "--db", setting);
        Assert.Equal([("2024-09-10", "学校1", "督学甲"), ("2024-10-15", "学校3", "督学乙")],
            visits.EnumerateArray().Select(v => (v.GetProperty("date").GetString(), v.GetProperty("school").GetString(), v.GetProperty("supervisor").GetString())).Order().ToList());

        // supervision notice: the 督导意见书 of school 1's visit as .docx (addressed to the school), audited; an unknown visit is refused.
        var first = visits.EnumerateArray().Single(v => v.GetProperty("school").GetString() == "学校1").GetProperty("id").GetInt32();
        var docx = Path.Combine(Path.GetTempPath(), $"notice-{Guid.NewGuid():N}.docx");
        try
        {
            var notice = await CliProcess.RunAsync("supervision", "notice", "--visit", first.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", docx, "--db", setting);
            Assert.True(notice.Code == 0, notice.Err);
            using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docx, false))
            {
                var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
                Assert.Contains("督导意见书学校1：2024年9月10日，责任督学督学甲到你校开展经常性督导", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(docx);
        }
        await using (var audit = Database.Open(setting))
        {
            Assert.Equal(1, await audit.AuditEntries.CountAsync(a => a.Action == "export" && a.Entity == nameof(SupervisionVisit) && a.EntityId == first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var missing = await CliProcess.RunAsync("supervision", "notice", "--visit", "99999", "--out", docx, "--db", setting);
        Assert.Equal(2, missing.Code);
        Assert.Contains("没有编号为 99999 的督导记录", missing.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(docx));

        // supervision report: 8 active months × 3 assigned schools = 24 periods due by 2025-08-31, 2 done → 2 ÷ 24 = 8.3 %.
        var sreport = await RunJsonAsync("supervision", "report", "--year", "2024-2025", "--format", "json", "--db", setting);
        Assert.Equal(2, Int(sreport, "visits"));
        Assert.Equal(8.3m, sreport.GetProperty("coveragePercent").GetDecimal());

        // A bad year is refused in Chinese.
        var bad = await CliProcess.RunAsync("safety", "report", "--year", "2024-2026", "--db", setting);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("学年", bad.Err, StringComparison.Ordinal);
    }

    private static (string?, string?, bool, string?) Row(JsonElement h) =>
        (h.GetProperty("grade").GetString(), h.GetProperty("dueDate").GetString(), h.GetProperty("overdue").GetBoolean(), h.GetProperty("escalation").GetString());

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args[..2])}: {code} {err}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }
}
