using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Registry;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// The gap plan phased across years (docs/adr/0033): a classroom added for year t is capacity for t+1 …, and a school's
/// need is met by one build in its first year of shortage, sized to the peak of the later years.
/// <code>
/// One 小学 甲小学, 10 classrooms (10 × 45 = 450 seats held), 班额 45, no other school in its 学区 (nothing to 调剂):
///   2025 grades 180 135  90  45  45  45 = 540 → classes 4 3 2 1 1 1 = 12 → 540 seats needed → gap  90 (2 classrooms)
///   2026 grades 225 180 135  90  45  45 = 720 → classes 5 4 3 2 1 1 = 16 → 720            → gap 270 (6)
///   2027 grades 270 225 180 135  90  45 = 945 → classes 6 5 4 3 2 1 = 21 → 945            → gap 495 (11)
/// Phased, default rules (扩建 to 30 班: room 30 − 10 = 20): 2025 extends once for the 2027 peak, ⌈495 ÷ 45⌉ = 11
///   classrooms = 495 seats, 11 × 75 = 825 万元; 2026 and 2027 build nothing (270 and 495 seats held by the 2025
///   classrooms); cumulative 11 classrooms and 825 万元 every year. (Each year on its own would have added 2 + 6 + 11 = 19
///   classrooms for 150 + 450 + 825 = 1,425 万元.)
/// With 扩建 capped at 12 班 (room 2): 2025 extends 2 classrooms (90 seats, 150 万元), which hold 2025; 2026 is the first
///   year the extension cannot hold (270 − 90 = 180), so the new school is built then for the 2027 peak 495 − 90 = 405
///   seats = 9 classrooms, 405 × 6.48 = 2,624.4 万元; 2027 builds nothing. Cumulative 11 classrooms, 2,774.4 万元.
/// </code>
/// </summary>
public sealed class SeatGapPhasingTests
{
    internal static readonly int[][] Grades2025To2027 = [[180, 135, 90, 45, 45, 45], [225, 180, 135, 90, 45, 45], [270, 225, 180, 135, 90, 45]];

    private static SeatGapPlan PlanOf(ForecastRules rules)
    {
        ForecastSchool[] schools = [new(1, "2165230001", "甲小学", SchoolType.Primary, "652302001", "652302", 10, "测试")];
        var cells = Grades2025To2027.SelectMany((g, i) => g.Select((n, k) => new ForecastCell(1, $"P{k + 1}", 2025 + i, n))).ToList();
        var rows = SeatPlan.Rows(schools, cells, rules);
        Assert.Equal([90, 270, 495], rows.Where(r => r.Grade == ForecastRow.Total).OrderBy(r => r.Year).Select(r => r.Gap!.Value));
        return SeatGapPlanner.Plan(schools, rows, Districts.Of(schools, rules, new Dictionary<string, string>()), [], rules);
    }

    [Fact]
    public void A_growing_gap_is_extended_once_for_its_peak()
    {
        var plan = PlanOf(ForecastRules.Default());

        Assert.Equal(
            [
                (2025, 90, 495, 0, 825m, 11, 0, 11, 825m),
                (2026, 270, 0, 0, 0m, 0, 270, 11, 825m),
                (2027, 495, 0, 0, 0m, 0, 495, 11, 825m),
            ],
            plan.Rows.Select(r => (r.Year, r.Shortage, r.Extended, r.Built, r.CostWan, r.NewClassrooms, r.CoveredByEarlier, r.CumulativeClassrooms, r.CumulativeCostWan)));
        Assert.Equal([(SeatGapPlanner.Extend, 2025, 495, 11, 825m)], plan.Steps.Select(s => (s.Kind, s.Year, s.Seats, s.Classrooms, s.CostWan)));
        Assert.Equal([new PlanYear(2025, 11, 825m, 11, 825m), new PlanYear(2026, 0, 0m, 11, 825m), new PlanYear(2027, 0, 0m, 11, 825m)], plan.ByYear());
    }

    [Fact]
    public void What_extension_cannot_hold_is_built_once_in_its_first_year()
    {
        var plan = PlanOf(ForecastRules.WithOverride("""{ "gapPlan": { "maxClasses": { "primary": 12 } } }"""));

        Assert.Equal(
            [
                (SeatGapPlanner.Extend, 2025, 90, 2, 150m),
                (SeatGapPlanner.Build, 2026, 405, 9, 2624.4m),
            ],
            plan.Steps.Select(s => (s.Kind, s.Year, s.Seats, s.Classrooms, s.CostWan)));
        Assert.Equal([(2025, 2, 150m), (2026, 11, 2774.4m), (2027, 11, 2774.4m)], plan.Rows.Select(r => (r.Year, r.CumulativeClassrooms, r.CumulativeCostWan)));
        Assert.Equal([0, 90, 495], plan.Rows.Select(r => r.CoveredByEarlier));
    }

    /// <summary>
    /// The same school through the database and the forecast on both providers. History 2020–2024 by cohort (each cohort
    /// keeps its size, so every grade progression ratio is 1): entrants 45 up to 2022, 90 in 2023, 135 in 2024; no births,
    /// so 一年级 follows the trend of the window's entrants (window 3: 45, 90, 135 → slope 45): 2025 180, 2026 225, 2027
    /// 270, the grades above are the cohorts moved up — the table above. 10 多媒体教室 stand for the classrooms.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_forecast_plans_one_build_for_the_peak_on_the_database(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "forecast-phasing");
        await using (var db = Database.Open(setting))
        {
            db.Actor = "test";
            db.Schools.Add(new School { Id = 1, Code = "2165230001", Name = "甲小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = "652302001" });
            // Cohort entering in year c: 45 up to 2022, 90 in 2023, 135 in 2024; grade g in year y is the cohort of y − g + 1.
            static int Cohort(int c) => c switch { 2023 => 90, 2024 => 135, _ => 45 };
            for (var y = 2020; y <= 2024; y++)
            {
                for (var g = 1; g <= 6; g++)
                {
                    var n = Cohort(y - g + 1);
                    db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = y, Grade = $"P{g}", Sex = Sex.Male, Students = n - (n / 2) });
                    db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = y, Grade = $"P{g}", Sex = Sex.Female, Students = n / 2 });
                }
            }
            db.Facilities.Add(new Facility { SchoolId = 1, Year = 2024, MultimediaClassrooms = 10 });
            await db.SaveChangesAsync();
        }
        await using var read = Database.Open(setting);

        var r = await RunForecast.HandleAsync(read, new ForecastQuery(2027, ["mid"], Rules: ForecastRules.WithOverride("""{ "windows": [3] }""")));

        var totals = r.Rows["mid"].Where(x => x.Grade == ForecastRow.Total).OrderBy(x => x.Year).ToList();
        Assert.Equal([(2025, 540, 90), (2026, 720, 270), (2027, 945, 495)], totals.Select(x => (x.Year, x.Students, x.Gap!.Value)));
        var plan = r.Plans["mid"];
        Assert.Equal([(SeatGapPlanner.Extend, 2025, 495, 11, 825m)], plan.Steps.Select(s => (s.Kind, s.Year, s.Seats, s.Classrooms, s.CostWan)));
        Assert.Equal([(2025, 11, 825m, 11, 825m), (2026, 0, 0m, 11, 825m), (2027, 0, 0m, 11, 825m)],
            plan.ByYear().Select(x => (x.Year, x.NewClassrooms, x.CostWan, x.CumulativeClassrooms, x.CumulativeCostWan)));
    }
}
