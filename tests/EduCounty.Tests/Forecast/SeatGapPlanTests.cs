using EduCounty.Common;
using EduCounty.Forecast;

namespace EduCounty.Tests.Forecast;

/// <summary>The gap plan with redistribution (issue 19 item 4) on a hand-computed county, in memory.</summary>
public sealed class SeatGapPlanTests
{
    /// <summary>
    /// 城区学区 has three 小学, 乡村学区 one; one year (2025), 班额 45, rules' defaults (扩建 to 30 班, 75 万元 per classroom,
    /// 6.48 万元 per new seat).
    /// <code>
    /// A 24 classrooms, 6 grades × 225 = 5 classes each → 30 classes, 1,350 seats needed; 24 × 45 = 1,080 → short 270.
    /// B 14 classrooms, 6 × 90 → 12 classes, 540 needed; a project adds 90 seats (2 rooms) in 2025 → 16 × 45 = 720 → spare 180.
    /// C 28 classrooms, 6 × 315 = 7 classes each → 42 classes, 1,890 needed; 28 × 45 = 1,260 → short 630.
    /// D (乡村学区) 20 classrooms, 6 × 45 → 6 classes, 270 needed; 900 → spare 630 (another 学区: not used).
    /// 调剂: the largest shortage first: C takes B's 180 → C 450 left; A 270 left (no spare left).
    /// 扩建: C to 30 班: 30 − 28 = 2 classrooms = 90 seats, 150 万元 → 360 left; A: 30 − 24 = 6 classrooms = 270 seats, 450 万元.
    /// 新建: 360 seats = 8 classrooms × 45 × 6.48 = 2,332.8 万元. Total 150 + 450 + 2,332.8 = 2,932.8 万元.
    /// 城区学区 sums (SeatPlan's gap, projects not in it): students 1,350 + 540 + 1,890 = 3,780, classes 84, gap 270 − 90 + 630 = 810.
    /// </code>
    /// </summary>
    [Fact]
    public void Fills_spare_seats_of_the_same_district_then_extends_then_builds()
    {
        ForecastSchool S(int id, string name, int rooms) => new(id, $"21652300{id:00}", name, SchoolType.Primary, "652302001", "652302", rooms, "测试");
        ForecastSchool[] schools = [S(1, "甲小学", 24), S(2, "乙小学", 14), S(3, "丙小学", 28), S(4, "丁小学", 20)];
        var perGrade = new Dictionary<int, int> { [1] = 225, [2] = 90, [3] = 315, [4] = 45 };
        var cells = schools.SelectMany(s => Grades.Primary.Select(g => new ForecastCell(s.Id, g, 2025, perGrade[s.Id]))).ToList();
        var rules = ForecastRules.WithOverride("""{ "districts": [ { "name": "城区学区", "schools": ["2165230001", "2165230002", "2165230003"] }, { "name": "乡村学区", "schools": ["2165230004"] } ] }""");
        var rows = SeatPlan.Rows(schools, cells, rules);
        var districtOf = Districts.Of(schools, rules, new Dictionary<string, string>());

        var plan = SeatGapPlanner.Plan(schools, rows, districtOf, [new ProjectCapacity(2, "乙小学扩建", "乙小学", 90, 2025)], rules);

        var city = plan.Rows.Single(r => r.District == "城区学区");
        Assert.Equal(("小学", 900, 180, 90, 180, 360, 360, 2932.8m), (city.Stage, city.Shortage, city.Spare, city.ProjectSeats, city.Redistributed, city.Extended, city.Built, city.CostWan));
        var rural = plan.Rows.Single(r => r.District == "乡村学区");
        Assert.Equal((0, 630, 0, 0m), (rural.Shortage, rural.Spare, rural.Redistributed, rural.CostWan));
        Assert.Equal(
            [
                (SeatGapPlanner.Redistribute, "丙小学", (string?)"乙小学", 180, 0, 0m),
                (SeatGapPlanner.Extend, "丙小学", null, 90, 2, 150m),
                (SeatGapPlanner.Extend, "甲小学", null, 270, 6, 450m),
                (SeatGapPlanner.Build, SeatGapPlanner.NewSchool, null, 360, 8, 2332.8m),
            ],
            plan.Steps.Select(s => (s.Kind, s.School, s.From, s.Seats, s.Classrooms, s.CostWan)));

        var sums = Districts.Sum(rows, districtOf).Single(d => d.District == "城区学区");
        Assert.Equal((3780, 84, 3780, 810, 3), (sums.Students, sums.Classes, sums.Seats, sums.Gap, sums.Schools));
    }

    /// <summary>
    /// Without configured 学区 the schools group by 乡镇 (named from the registry where known, else the code), except the
    /// 乡镇 a <c>townshipDistricts</c> group joins: the defaults join 阜康市's three 街道 (652302001 博峰, 002 阜新, 003 准东)
    /// as 城区学区 (docs/adr/0036), so the demo's 第七小学 (准东街道) shares a 学区 with the 城区 schools.
    /// </summary>
    [Fact]
    public void Without_configured_districts_schools_group_by_township()
    {
        ForecastSchool[] schools =
        [
            new(1, "2165230001", "甲小学", SchoolType.Primary, "652302101", "652302"),
            new(2, "2165230002", "乙小学", SchoolType.Primary, "652302102", "652302"),
            new(3, "2165230003", "丙小学", SchoolType.Primary, "652302001", "652302"),
            new(4, "2165230004", "丁小学", SchoolType.Primary, "652302003", "652302"),
        ];

        var of = Districts.Of(schools, ForecastRules.Default(), new Dictionary<string, string> { ["652302101"] = "城关镇", ["652302003"] = "准东街道" });

        Assert.Equal(("城关镇", "652302102", "城区学区", "城区学区"), (of["2165230001"], of["2165230002"], of["2165230003"], of["2165230004"]));
        // Configured school groups take precedence: the 乡镇 groups are then not used.
        var configured = Districts.Of(schools, ForecastRules.WithOverride("""{ "districts": [ { "name": "一学区", "schools": ["2165230001"] } ] }"""), new Dictionary<string, string>());
        Assert.Equal(("一学区", Districts.Unassigned, Districts.Unassigned), (configured["2165230001"], configured["2165230003"], configured["2165230004"]));
        var e = Assert.Throws<FormatException>(() => ForecastRules.WithOverride("""{ "townshipDistricts": [ { "name": "甲", "townships": ["652302101"] }, { "name": "乙", "townships": ["652302101"] } ] }"""));
        Assert.Contains("同时属于多个学区", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_school_in_two_districts_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => ForecastRules.WithOverride("""{ "districts": [ { "name": "一学区", "schools": ["1"] }, { "name": "二学区", "schools": ["1"] } ] }"""));
        Assert.Contains("同时属于多个学区", e.Message, StringComparison.Ordinal);
    }
}
