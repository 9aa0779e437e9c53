using System.Text.Json;
using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Registry;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// The phased seat plan (docs/adr/0036): seats added by extension beyond the school's own need are spare seats of the
/// 学区's 调剂 in the later years, and an annual budget moves what does not fit to the next year with room.
/// <code>
/// Two 小学, 班额 45, cohorts that keep their size (every grade progression ratio 1), entrants flat over 2022–2024:
///   甲小学 (6 classrooms = 270 seats): cohorts 45, except those entering 2020 and 2021 with 135 pupils.
///     2025 grades  45  45  45  45 135 135 → classes 1 1 1 1 3 3 = 10 → 450 seats → gap 180
///     2026 grades  45  45  45  45  45 135 → 8  → 360 → gap  90
///     2027 grades  45 ×6                  → 6  → 270 → gap   0
///   乙小学 (10 classrooms = 450 seats): cohorts 45 up to 2021, 90 from 2022.
///     2025 grades  90  90  90  90  45  45 → classes 2 2 2 2 1 1 = 10 → 450 → gap   0
///     2026 grades  90 ×5 45               → 11 → 495 → gap  45
///     2027 grades  90 ×6                  → 12 → 540 → gap  90
/// A. Both in 城区学区, extension up to 10 班 (甲 room 10 − 6 = 4, 乙 room 0):
///   2025: no spare seats; 甲 extended for its peak ⌈180 ÷ 45⌉ = 4 classrooms (180 seats), 4 × 75 = 300 万元.
///   2026: 甲 needs 90 of its 180 added seats → 90 spare; 乙's 45 go there (调剂), nothing built.
///   2027: 甲 needs 0 → 180 spare; 乙's 90 go there. Shortage 180 / 135 / 90; covered by earlier classrooms 0 / 90 + 45 /
///   90; in total 4 classrooms, 300 万元. (Without the rule 乙 had no room: a new school for its peak 90 seats = 2
///   classrooms × 45 × 6.48 = 583.2 万元 more in 2026.)
/// B. Each school in its own 学区 (乡镇 652302101, 652302102), extension up to 30 班, 乙 with 9 classrooms (gaps 45, 90,
///   135), a budget of 400 万元 a year:
///   2025: 甲 (first 学区) extended 4 classrooms, 300 万元; 乙's extension for its peak 135 (3 classrooms, 225 万元) would make
///   525 > 400 → not started: 乙's 45 seats are 未解决 in 2025.
///   2026: 乙 (short since 2025, so first) extended ⌈max(90, 135) ÷ 45⌉ = 3 classrooms, 225 万元; nothing unmet.
///   Years: 2025 4 classrooms 300 万元 unmet 45; 2026 3, 225, 0 (cumulative 7, 525); 2027 0, 0, 0. Without the budget,
///   2025 has 7 classrooms and 525 万元.
/// </code>
/// </summary>
public sealed class SeatGapSpareAndBudgetTests
{
    private const string DistrictRules = """{ "windows": [3], "districts": [ { "name": "城区学区", "schools": ["2165230001", "2165230002"] } ], "gapPlan": { "maxClasses": { "primary": 10 } } }""";
    private const string BudgetRules = """{ "windows": [3], "gapPlan": { "budgetPerYearWan": 400 } }""";

    /// <summary>Cohort entering in year c, per school (1 甲, 2 乙); grade g in year y is the cohort of y − g + 1.</summary>
    private static int Cohort(int school, int c) => school == 1 ? (c is 2020 or 2021 ? 135 : 45) : (c >= 2022 ? 90 : 45);

    private static ForecastSchool[] Schools(int roomsB, bool sameTownship) =>
    [
        new(1, "2165230001", "甲小学", SchoolType.Primary, "652302101", "652302", 6, "测试"),
        new(2, "2165230002", "乙小学", SchoolType.Primary, sameTownship ? "652302101" : "652302102", "652302", roomsB, "测试"),
    ];

    private static SeatGapPlan PlanOf(ForecastSchool[] schools, ForecastRules rules)
    {
        // The projection by hand: entrants stay at the last cohort (flat trend), the grades above are the cohorts moved up.
        var cells = new List<ForecastCell>();
        foreach (var s in new[] { 1, 2 })
        {
            for (var y = 2025; y <= 2027; y++)
            {
                for (var g = 1; g <= 6; g++)
                {
                    cells.Add(new ForecastCell(s, $"P{g}", y, Cohort(s, Math.Min(2024, y - g + 1))));
                }
            }
        }
        var rows = SeatPlan.Rows(schools, cells, rules);
        return SeatGapPlanner.Plan(schools, rows, Districts.Of(schools, rules, new Dictionary<string, string>()), [], rules);
    }

    private static void AssertSpareOfExtension(SeatGapPlan plan)
    {
        Assert.Equal(
            [
                (2025, 180, 0, 0, 180, 0, 300m, 4, 0, 0, 0),
                (2026, 135, 0, 45, 0, 0, 0m, 0, 135, 45, 0),
                (2027, 90, 0, 90, 0, 0, 0m, 0, 90, 90, 0),
            ],
            plan.Rows.Select(r => (r.Year, r.Shortage, r.Spare, r.Redistributed, r.Extended, r.Built, r.CostWan, r.NewClassrooms, r.CoveredByEarlier, r.RedistributedToExtended, r.Unmet)));
        Assert.Equal(
            [
                (SeatGapPlanner.Extend, 2025, "甲小学", (string?)null, 180, 4, 300m),
                (SeatGapPlanner.Redistribute, 2026, "乙小学", "甲小学", 45, 0, 0m),
                (SeatGapPlanner.Redistribute, 2027, "乙小学", "甲小学", 90, 0, 0m),
            ],
            plan.Steps.Select(s => (s.Kind, s.Year, s.School, s.From, s.Seats, s.Classrooms, s.CostWan)));
        Assert.Equal([(2025, 4, 300m, 0), (2026, 4, 300m, 0), (2027, 4, 300m, 0)], plan.ByYear().Select(y => (y.Year, y.CumulativeClassrooms, y.CumulativeCostWan, y.Unmet)));
    }

    private static void AssertBudget(SeatGapPlan plan)
    {
        Assert.Equal(
            [
                (SeatGapPlanner.Extend, 2025, "甲小学", 180, 4, 300m),
                (SeatGapPlanner.Extend, 2026, "乙小学", 135, 3, 225m),
            ],
            plan.Steps.Select(s => (s.Kind, s.Year, s.School, s.Seats, s.Classrooms, s.CostWan)));
        Assert.Equal([(2025, 4, 300m, 4, 300m, 45), (2026, 3, 225m, 7, 525m, 0), (2027, 0, 0m, 7, 525m, 0)],
            plan.ByYear().Select(y => (y.Year, y.NewClassrooms, y.CostWan, y.CumulativeClassrooms, y.CumulativeCostWan, y.Unmet)));
        Assert.Equal([(2025, 45), (2026, 0), (2027, 0)], plan.Rows.Where(r => r.District == "652302102").Select(r => (r.Year, r.Unmet)));
        Assert.Contains(plan.Notes, n => n.Contains("年度预算上限 400 万元", StringComparison.Ordinal) && n.Contains("2025 年 45 个学位", StringComparison.Ordinal));
    }

    [Fact]
    public void Seats_added_by_extension_take_the_later_shortage_of_the_district()
    {
        AssertSpareOfExtension(PlanOf(Schools(10, sameTownship: true), ForecastRules.WithOverride(DistrictRules)));
    }

    [Fact]
    public void A_build_beyond_the_annual_budget_moves_to_the_next_year_and_its_seats_are_unmet()
    {
        AssertBudget(PlanOf(Schools(9, sameTownship: false), ForecastRules.WithOverride(BudgetRules)));

        // Without the budget, both extensions start in 2025.
        var free = PlanOf(Schools(9, sameTownship: false), ForecastRules.WithOverride("""{ "windows": [3] }"""));
        Assert.Equal([(2025, 7, 525m, 0), (2026, 0, 0m, 0), (2027, 0, 0m, 0)], free.ByYear().Select(y => (y.Year, y.NewClassrooms, y.CostWan, y.Unmet)));
    }

    [Fact]
    public void A_non_positive_budget_is_refused()
    {
        Assert.Throws<FormatException>(() => ForecastRules.WithOverride("""{ "gapPlan": { "budgetPerYearWan": 0 } }"""));
        Assert.Throws<RuleException>(() => ForecastRules.Default().WithBudgetPerYear(-5));
    }

    /// <summary>The same county in the database (2020–2024 census, 多媒体教室 for classrooms), forecast and planned on both providers.</summary>
    private static async Task<string> CountyAsync(string provider, int roomsB, bool sameTownship)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "forecast-spare");
        await using var db = Database.Open(setting);
        db.Actor = "test";
        foreach (var s in Schools(roomsB, sameTownship))
        {
            db.Schools.Add(new School { Id = s.Id, Code = s.Code, Name = s.Name, Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = s.TownshipCode });
            for (var y = 2020; y <= 2024; y++)
            {
                for (var g = 1; g <= 6; g++)
                {
                    var n = Cohort(s.Id, y - g + 1);
                    db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = s.Id, Year = y, Grade = $"P{g}", Sex = Sex.Male, Students = n - (n / 2) });
                    db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = s.Id, Year = y, Grade = $"P{g}", Sex = Sex.Female, Students = n / 2 });
                }
            }
            db.Facilities.Add(new Facility { SchoolId = s.Id, Year = 2024, MultimediaClassrooms = s.Classrooms!.Value });
        }
        await db.SaveChangesAsync();
        return setting;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task On_the_database_the_extension_spare_is_offered_to_the_district(string provider)
    {
        var setting = await CountyAsync(provider, 10, sameTownship: true);
        await using var db = Database.Open(setting);

        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2027, ["mid"], Rules: ForecastRules.WithOverride(DistrictRules)));

        Assert.Equal([(1, 2025, 180), (1, 2026, 90), (1, 2027, 0), (2, 2025, 0), (2, 2026, 45), (2, 2027, 90)],
            r.Rows["mid"].Where(x => x.Grade == ForecastRow.Total).OrderBy(x => x.SchoolCode, StringComparer.Ordinal).ThenBy(x => x.Year)
                .Select(x => (x.SchoolCode == "2165230001" ? 1 : 2, x.Year, x.Gap!.Value)));
        AssertSpareOfExtension(r.Plans["mid"]);
    }

    /// <summary>`forecast plan --budget-per-year 400 --format json` on both providers: the rows and years carry <c>unmet</c>.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task On_the_database_the_budget_per_year_defers_and_reports_unmet_seats(string provider)
    {
        var setting = await CountyAsync(provider, 9, sameTownship: false);
        await using (var db = Database.Open(setting))
        {
            var r = await RunForecast.HandleAsync(db, new ForecastQuery(2027, ["mid"], Rules: ForecastRules.WithOverride(BudgetRules)));
            AssertBudget(r.Plans["mid"]);
        }
        var rules = Path.Combine(Path.GetTempPath(), $"forecast-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rules, """{ "windows": [3] }""");

        var (code, output, err) = await CliProcess.RunAsync("forecast", "plan", "--to", "2027", "--scenario", "mid", "--format", "json",
            "--budget-per-year", "400", "--rules", rules, "--db", setting);

        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(400m, root.GetProperty("budgetPerYearWan").GetDecimal());
        Assert.Equal([(2025, 300m, 45), (2026, 225m, 0), (2027, 0m, 0)],
            root.GetProperty("years").EnumerateArray().Select(y => (y.GetProperty("year").GetInt32(), y.GetProperty("costWan").GetDecimal(), y.GetProperty("unmet").GetInt32())));
        var b2025 = root.GetProperty("plan").EnumerateArray().Single(x => x.GetProperty("district").GetString() == "652302102" && x.GetProperty("year").GetInt32() == 2025);
        Assert.Equal((45, 0, 0), (b2025.GetProperty("unmet").GetInt32(), b2025.GetProperty("extended").GetInt32(), b2025.GetProperty("redistributedToExtended").GetInt32()));
    }
}
