using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Plan;
using EduCounty.Readiness;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Issue 12 §2 and §8 through the CLI as a user runs it: <c>data readiness</c>, <c>census reconcile</c> (json and xlsx,
/// with a tolerance), <c>census derive</c> and <c>import census|divisions</c>, on a county imported from the national
/// files of the demo's 2025-2026 year (<see cref="NationalFiles"/>).
/// </summary>
public sealed class CensusReconcileAndReadinessTests
{
    private const int Year = 2025;
    private const string YearText = "2025-2026";
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    [Fact]
    public void The_tolerance_flags_a_difference_beyond_both_its_persons_and_its_percent()
    {
        var t = new ReconcileCensus.Tolerance(2, 2m);
        // 100 vs 97: 3 > 2 persons and 3 % > 2 % of 100 → flagged; 100 vs 98: 2 persons is within.
        Assert.True(t.Exceeded(100, 97));
        Assert.False(t.Exceeded(100, 98));
        // 400 vs 395: 5 persons but 1.25 % of 400 → within.
        Assert.False(t.Exceeded(400, 395));
        Assert.Throws<RuleException>(() => ReconcileCensus.Tolerance.Checked(-1, 2m));
        Assert.Throws<RuleException>(() => ReconcileCensus.Tolerance.Checked(2, 101m));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Readiness_names_the_import_that_fills_each_gap_and_reconcile_compares_records_with_the_census(string provider)
    {
        await using var demo = await TestDatabases.OpenDemoAsync(provider);
        var dir = Path.Combine(Path.GetTempPath(), "educounty-reconcile", Guid.NewGuid().ToString("N"));
        var files = await NationalFiles.WriteAsync(demo, Year, dir);
        var setting = await TestDatabases.CreateEmptyAsync(provider, "reconcile");
        await using var db = Database.Open(setting);
        db.Actor = "test";

        // An empty database: every plan indicator is missing; 在校生数 is filled by the census import.
        var empty = await DataReadiness.HandleAsync(db, Plan, new SchoolYear(Year), BalanceProfile.National());
        var planItems = empty.Items.Where(i => i.Group == "规划指标").ToList();
        Assert.Equal(15, planItems.Count);
        Assert.All(planItems, i => Assert.Equal("missing", i.Status));
        Assert.Contains(new ReadinessGap("义务教育在校生数", "census", "在校生数"), empty.Items.Single(i => i.Code == "compulsory.enrolment").Missing);
        Assert.Contains(empty.Items, i => i.Code == "resources" && !i.Ready);

        // Divisions through the CLI (SQLite: the CLI's key file lives beside the database), the rest through the importer.
        foreach (var (kind, path) in files.Where(f => f.Kind != "census"))
        {
            if (kind == "divisions" && provider == TestDatabases.Sqlite)
            {
                var cli = await CliProcess.RunAsync("import", "divisions", path, "--db", setting);
                Assert.True(cli.Code == 0, cli.Err);
                continue;
            }
            var report = await Importer.RunAsync(db, TestDatabases.Protector, ImportKind.Find(kind)!, new ImportRequest(path, Path.GetFileName(path)) { Year = new SchoolYear(Year) });
            Assert.True(report.Committed, kind);
        }
        Assert.Equal("阜康市", await db.Divisions.Where(d => d.Code.StartsWith("652302")).Where(d => d.Level == 3).Select(d => d.Name).SingleAsync());

        // Without the census file: the census is derived from the 学籍; 毕业生数 needs last year's 学籍 → 升学率 missing, from census 毕业生数.
        var json = await RunJsonAsync("data", "readiness", "--year", YearText, "--format", "json", "--db", setting);
        var items = json.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.Equal("ready", items["compulsory.enrolment"].GetProperty("status").GetString());
        Assert.Empty(items["compulsory.enrolment"].GetProperty("missing").EnumerateArray());
        var transition = items["senior.transition_rate"];
        Assert.Equal("missing", transition.GetProperty("status").GetString());
        Assert.Contains(transition.GetProperty("missing").EnumerateArray(), g =>
            g.GetProperty("element").GetString() == "初中毕业生数" && g.GetProperty("importKind").GetString() == "census" && g.GetProperty("column").GetString() == "毕业生数");
        Assert.Equal(["divisions", "schools", "classes", "students", "changes", "staff", "facilities", "finance", "population", "statistics", "census", "vision", "fitness", "births", "housing", "aid-recognition", "aid-disbursement"],
            json.GetProperty("importOrder").EnumerateArray().Select(k => k.GetString()!).ToArray());

        // 资源配置: every school has its 办学条件, so it is ready. Without one primary school's 办学条件 row, the 差异系数 of
        // the facility indicators cannot be judged (balance-rules.md §2.2) and readiness names the template columns, not
        // the file as a whole; the staff-based indicators are not named. Re-importing the file puts the row back.
        Assert.Equal("ready", items["resources"].GetProperty("status").GetString());
        var primary = await db.Schools.Where(s => s.Type == SchoolType.Primary).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        await db.Facilities.Where(f => f.SchoolId == primary && f.Year == Year).ExecuteDeleteAsync();
        var holed = (await DataReadiness.HandleAsync(db, Plan, new SchoolYear(Year), BalanceProfile.National())).Items.Single(i => i.Code == "resources");
        Assert.False(holed.Ready);
        Assert.Contains(new ReadinessGap("生均教学及辅助用房面积", "facilities", "教学及辅助用房面积"), holed.Missing);
        Assert.Contains(holed.Missing, g => g.ImportKind == "facilities" && g.Column == "教学仪器设备值");
        Assert.DoesNotContain(holed.Missing, g => g.ImportKind != "facilities" || g.Column is null);
        var facilities = files.Single(f => f.Kind == "facilities").Path;
        Assert.True((await Importer.RunAsync(db, TestDatabases.Protector, ImportKind.Find("facilities")!, new ImportRequest(facilities, Path.GetFileName(facilities)) { Year = new SchoolYear(Year) })).Committed);
        Assert.True((await DataReadiness.HandleAsync(db, Plan, new SchoolYear(Year), BalanceProfile.National())).Items.Single(i => i.Code == "resources").Ready);

        // Reconcile against the derived census: equal everywhere, nothing flagged.
        var records = await db.StudentYears.CountAsync(s => s.Year == Year);
        var derived = await RunJsonAsync("census", "reconcile", "--year", YearText, "--format", "json", "--db", setting);
        Assert.Equal((records, records, 0), (derived.GetProperty("records").GetInt32(), derived.GetProperty("census").GetInt32(), derived.GetProperty("flagged").GetInt32()));
        Assert.All(derived.GetProperty("rows").EnumerateArray(), r => Assert.Equal("学籍推算", r.GetProperty("censusSource").GetString()));

        // The census file replaces the derived rows; deriving again leaves the reported schools alone.
        var censusPath = files.Single(f => f.Kind == "census").Path;
        if (provider == TestDatabases.Sqlite)
        {
            var cli = await CliProcess.RunAsync("import", "census", censusPath, "--year", YearText, "--db", setting);
            Assert.True(cli.Code == 0, cli.Err);
        }
        else
        {
            Assert.True((await Importer.RunAsync(db, TestDatabases.Protector, ImportKind.Find("census")!, new ImportRequest(censusPath, "census.xlsx") { Year = new SchoolYear(Year) })).Committed);
        }
        var derive = await CliProcess.RunAsync("census", "derive", "--year", YearText, "--db", setting);
        Assert.True(derive.Code == 0, derive.Err);
        Assert.Contains("所学校已有统计上报，不推算", derive.Out, StringComparison.Ordinal);
        Assert.False(await db.GradeEnrolments.AnyAsync(e => e.Source == CensusSource.Derived));

        // One school-grade's census 50 above its 学籍: flagged at the default tolerance, not at 60 persons.
        var row = await db.GradeEnrolments.Where(e => e.Year == Year && e.Grade == "P1").OrderBy(e => e.SchoolId).ThenBy(e => e.Sex).FirstAsync();
        row.Students += 50;
        await db.SaveChangesAsync();
        var school = await db.Schools.Where(s => s.Id == row.SchoolId).Select(s => s.Code).SingleAsync();
        var reported = await RunJsonAsync("census", "reconcile", "--year", YearText, "--format", "json", "--db", setting);
        var flagged = Assert.Single(reported.GetProperty("rows").EnumerateArray(), r => r.GetProperty("flagged").GetBoolean());
        Assert.Equal((school, "P1", -50, "统计上报"), (flagged.GetProperty("schoolCode").GetString(), flagged.GetProperty("grade").GetString(), flagged.GetProperty("difference").GetInt32(), flagged.GetProperty("censusSource").GetString()));
        var wide = await RunJsonAsync("census", "reconcile", "--year", YearText, "--format", "json", "--tolerance-persons", "60", "--db", setting);
        Assert.Equal(0, wide.GetProperty("flagged").GetInt32());

        // The xlsx: one row per school × grade, the flagged one marked 是.
        var xlsx = Path.Combine(dir, "核对.xlsx");
        var written = await CliProcess.RunAsync("census", "reconcile", "--year", YearText, "--format", "xlsx", "--out", xlsx, "--db", setting);
        Assert.True(written.Code == 0, written.Err);
        var sheet = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(reported.GetProperty("rows").GetArrayLength(), sheet.Count);
        var marked = Assert.Single(sheet, r => (r.Single(c => c.Key.StartsWith("超出容差", StringComparison.Ordinal)).Value as string) == "是");
        Assert.Equal(school, marked["学校标识码"]?.ToString());

        var refused = await CliProcess.RunAsync("census", "reconcile", "--year", YearText, "--tolerance-persons", "-1", "--db", setting);
        Assert.Equal(2, refused.Code);
        Assert.Contains("容差无效", refused.Err, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    private static async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
