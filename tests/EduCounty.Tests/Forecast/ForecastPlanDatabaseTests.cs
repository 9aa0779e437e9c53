using System.Text.Json;
using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Plan.Progress;
using EduCounty.Registry;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// 学区 sums and the gap plan on the hand-computed small county of <see cref="ForecastDatabaseTests"/> (2025, mid):
/// A 甲小学 625 students, 18 classes, 810 seats, 12 classrooms → gap 270; B 乙小学 396, 12, 540, 12 → 0;
/// C 丙中学 452, 10, 500, 8 × 50 → 100. All three in 城区学区.
/// <code>
/// 学区 sums 2025: students 625 + 396 + 452 = 1,473; classes 40; seats 1,850; gap 270 + 0 + 100 = 370.
/// A plan project at B (180 new seats, deadline 2025-08-31, not completed) adds 180 / 45 = 4 classrooms from 2025:
///   小学: B spare 16 × 45 − 540 = 180 → A takes 180 (调剂), 90 left → 扩建 A by 2 classrooms (12 → 30 allowed), 150 万元.
///   初中: C short 100, no other 初中 → 扩建 C by ⌈100 / 50⌉ = 2 classrooms, 100 seats, 150 万元.
/// </code>
/// </summary>
public sealed class ForecastPlanDatabaseTests
{
    private const string Districts = """{ "windows": [3], "districts": [ { "name": "城区学区", "schools": ["2165230001", "2165230002", "3165230003"] } ] }""";

    private static async Task<string> WithProjectAsync(string provider)
    {
        var setting = await ForecastDatabaseTests.SmallCountyAsync(provider);
        await using var db = Database.Open(setting);
        db.Actor = "test";
        db.PlanProjects.Add(new PlanProjectRecord { PlanCode = "test", Code = "infra.b", Name = "乙小学扩建", Schools = "乙小学", SchoolId = 2, NewSeats = 180, Deadline = new DateOnly(2025, 8, 31) });
        db.PlanProjects.Add(new PlanProjectRecord { PlanCode = "test", Code = "infra.group", Name = "两校改扩建", Schools = "甲小学、乙小学", NewSeats = 90, Deadline = new DateOnly(2025, 8, 31) });
        await db.SaveChangesAsync();
        return setting;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task District_sums_and_the_gap_plan_match_the_hand_calculation(string provider)
    {
        var setting = await WithProjectAsync(provider);
        await using var db = Database.Open(setting);

        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2025, ["mid"], Rules: ForecastRules.WithOverride(Districts)));

        var d = r.Districts["mid"].Single();
        Assert.Equal(("城区学区", 2025, 1473, 40, 1850, 370, 3, 0), (d.District, d.Year, d.Students, d.Classes, d.Seats, d.Gap, d.Schools, d.SchoolsWithoutCapacity));
        var plan = r.Plans["mid"];
        var primary = plan.Rows.Single(x => x.Stage == "小学");
        Assert.Equal((270, 180, 180, 180, 90, 0, 150m), (primary.Shortage, primary.Spare, primary.ProjectSeats, primary.Redistributed, primary.Extended, primary.Built, primary.CostWan));
        var junior = plan.Rows.Single(x => x.Stage == "初中");
        Assert.Equal((100, 0, 0, 100, 150m), (junior.Shortage, junior.Redistributed, junior.ProjectSeats, junior.Extended, junior.CostWan));
        Assert.Contains(plan.Steps, s => (s.Kind, s.School, s.From, s.Seats) == (SeatGapPlanner.Redistribute, "甲小学", "乙小学", 180));
        Assert.Contains(plan.Notes, n => n.Contains("两校改扩建", StringComparison.Ordinal));
        Assert.Equal("城区学区", r.DistrictOf["2165230001"]);
    }

    /// <summary>A school reader does not see a 学区's sums or plan (they show the other schools' figures), even for its own school's 学区.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_reader_sees_no_district_figures(string provider)
    {
        var setting = await WithProjectAsync(provider);
        await using var db = Database.Open(setting);

        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2025, ["mid"], Scope: [1], Rules: ForecastRules.WithOverride(Districts)));

        Assert.Empty(r.Districts["mid"]);
        Assert.Empty(r.Plans["mid"].Rows);
        Assert.Empty(r.Plans["mid"].Steps);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Plan_json_lists_districts_rows_and_steps(string provider)
    {
        var setting = await WithProjectAsync(provider);
        var rules = Path.Combine(Path.GetTempPath(), $"forecast-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rules, Districts);

        var (code, output, err) = await CliProcess.RunAsync("forecast", "plan", "--to", "2035", "--scenario", "mid", "--format", "json", "--rules", rules, "--db", setting);

        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2024, root.GetProperty("origin").GetInt32());
        Assert.Equal(11, root.GetProperty("districts").GetArrayLength());
        var primary = root.GetProperty("plan").EnumerateArray().Where(x => x.GetProperty("stage").GetString() == "小学").ToList();
        var p2025 = primary.Single(x => x.GetProperty("year").GetInt32() == 2025);
        // Phased (docs/adr/0033): 2025 still takes B's 180 spare seats (调剂), then extends A once for the peak of A's need
        // after 调剂 over 2025–2035 (2025: 270 − 180 = 90, growing later); each school is extended at most once.
        var extensions = root.GetProperty("steps").EnumerateArray().Where(x => x.GetProperty("stage").GetString() == "小学" && x.GetProperty("kind").GetString() == "扩建").ToList();
        var a = extensions.Single(x => x.GetProperty("school").GetString() == "甲小学");
        var (seats, rooms) = (a.GetProperty("seats").GetInt32(), a.GetProperty("classrooms").GetInt32());
        Assert.Equal(2025, a.GetProperty("year").GetInt32());
        Assert.True(seats >= 90);
        Assert.Equal(((seats + 44) / 45, rooms * 75m), (rooms, a.GetProperty("costWan").GetDecimal()));
        Assert.Equal(extensions.Count, extensions.Select(x => x.GetProperty("school").GetString()).Distinct().Count());
        Assert.Equal((180, seats, rooms * 75m, rooms), (p2025.GetProperty("redistributed").GetInt32(), p2025.GetProperty("extended").GetInt32(), p2025.GetProperty("costWan").GetDecimal(), p2025.GetProperty("newClassrooms").GetInt32()));
        Assert.Equal(primary.Sum(x => x.GetProperty("newClassrooms").GetInt32()), primary.Single(x => x.GetProperty("year").GetInt32() == 2035).GetProperty("cumulativeClassrooms").GetInt32());
        // The years: classrooms and cost per year and cumulated over every 学区 and 学段.
        var years = root.GetProperty("years").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(2025, 11), years.Select(y => y.GetProperty("year").GetInt32()));
        var total = root.GetProperty("plan").EnumerateArray().Sum(x => x.GetProperty("costWan").GetDecimal());
        Assert.Equal(total, years[^1].GetProperty("cumulativeCostWan").GetDecimal());
        Assert.Equal(years.Sum(y => y.GetProperty("newClassrooms").GetInt32()), years[^1].GetProperty("cumulativeClassrooms").GetInt32());
        Assert.Equal(6.48m, root.GetProperty("costs").GetProperty("costPerSeatWan").GetDecimal());

        var (code2, output2, err2) = await CliProcess.RunAsync("forecast", "--to", "2025", "--format", "json", "--rules", rules, "--db", setting);
        Assert.True(code2 == 0, err2);
        Assert.All(JsonDocument.Parse(output2).RootElement.EnumerateArray(), x => Assert.Equal("城区学区", x.GetProperty("district").GetString()));
    }
}
