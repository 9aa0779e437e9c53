using EduCounty.Common;
using EduCounty.Forecast;

namespace EduCounty.Tests.Forecast;

/// <summary>The method on in-memory histories: the reference's worked example and the 小升初 flow step.</summary>
public sealed class ForecastMethodTests
{
    private static readonly ForecastSchool School = new(1, "2165000001", "示例小学", SchoolType.Primary, "652302001", "652302");

    private static Dictionary<(int, string, int), int> Enrolment(IEnumerable<(int School, int Year, string Grade, int N)> rows) =>
        rows.ToDictionary(r => (r.School, r.Grade, r.Year), r => r.N);

    /// <summary>
    /// forecasting.md §5 (one 学区, grades 1–6, G1 from B(t−6) only "for brevity": the override sets the later-year share
    /// to 12/12). Expected figures are the reference's own: 2025 271 302 304 293 284 275 (total 1,729), 2026 261 268 299
    /// 302 291 282 (1,703); classes at 45: 42 in 2025 (1,890 seats), 40 in 2026; with 36 classrooms the 2025 gap is
    /// 6 classes = 270 seats and 1,729 / 36 = 48.0 per room, 偏大.
    /// </summary>
    [Fact]
    public void Reproduces_the_reference_worked_example()
    {
        int[][] years = [[300, 290, 280, 270, 260, 250], [310, 297, 288, 279, 268, 259], [305, 306, 295, 286, 277, 266]];
        var rows = years.SelectMany((g, i) => g.Select((n, j) => (1, 2022 + i, $"P{j + 1}", n))).ToArray();
        var school = School with { Classrooms = 36, ClassroomsBasis = "测试" };
        var history = new ForecastHistory
        {
            Schools = [school],
            Enrolment = Enrolment(rows),
            Births = [.. new[] { (2016, 320), (2017, 335), (2018, 325), (2019, 290), (2020, 280) }.Select(b => new BirthCount("652302001", b.Item1, BirthSource.Hukou, b.Item2))],
        };
        var rules = ForecastRules.WithOverride("""{ "entry": { "lagYearMonths": 12 } }""");

        var p = ForecastEngine.Project(history, 2024, 2026, rules.ScenarioOf("mid"), rules);

        int[] Year(int y) => [.. p.Cells.Where(c => c.Year == y).OrderBy(c => c.Grade).Select(c => c.Students)];
        Assert.Equal([271, 302, 304, 293, 284, 275], Year(2025));
        Assert.Equal([261, 268, 299, 302, 291, 282], Year(2026));
        var total = SeatPlan.Rows([school], p.Cells, rules).Where(r => r.Grade == ForecastRow.Total).ToList();
        Assert.Equal((1729, 42, 1890, 270, 48.0, "偏大"), (total[0].Students, total[0].Classes, total[0].Seats, total[0].Gap!.Value, total[0].PerClassroom!.Value, total[0].Risk));
        Assert.Equal((1703, 40), (total[1].Students, total[1].Classes));
        Assert.StartsWith("出生人口（户籍，652302001）× 入学系数 0.93", p.Bases[0].Entry, StringComparison.Ordinal);
    }

    /// <summary>
    /// 初一 from 学籍 flows. History 2020–2023: 六年级 A 100 and B 50 every year; flows to C in 2020–2022: A→C 80, B→C 25
    /// a year; C's 初一 2021–2023: 110 a year. Window 3 (t = 2020…2022): share A→C = 240/300 = 0.8, B→C = 75/150 = 0.5,
    /// inflow = 330/315 = 1.047619. A's 五年级 2023 is 90 and its GPR 5→6 is 100/100 = 1, so A's 六年级 2024 = 90.
    /// 2024: 初一 = (0.8·100 + 0.5·50) × 1.047619 = 105 × 1.047619 = 110.
    /// 2025: 初一 = (0.8·90 + 0.5·50) × 1.047619 = 97 × 1.047619 = 101.62 → 102.
    /// </summary>
    [Fact]
    public void Junior_entry_follows_the_sixth_grade_flows()
    {
        ForecastSchool[] schools =
        [
            School,
            School with { Id = 2, Code = "2165000002", Name = "乙小学" },
            new(3, "3165000003", "丙中学", SchoolType.Junior, "652302001", "652302"),
        ];
        var rows = new List<(int, int, string, int)>();
        for (var y = 2020; y <= 2023; y++)
        {
            rows.AddRange([(1, y, "P5", y == 2023 ? 90 : 100), (1, y, "P6", 100), (2, y, "P5", 50), (2, y, "P6", 50), (3, y, "J1", 110)]);
        }
        var h = new ForecastHistory
        {
            Schools = schools,
            Enrolment = Enrolment(rows),
            Flows = [.. Enumerable.Range(2020, 3).SelectMany(y => new[] { new SixthGradeFlow(1, 3, y, 80), new SixthGradeFlow(2, 3, y, 25) })],
        };
        var rules = ForecastRules.Default();

        var p = ForecastEngine.Project(h, 2023, 2025, rules.ScenarioOf("mid"), rules, _ => 3);

        Assert.Equal(110, p.Cells.Single(c => c.SchoolId == 3 && c.Grade == "J1" && c.Year == 2024).Students);
        Assert.Equal(102, p.Cells.Single(c => c.SchoolId == 3 && c.Grade == "J1" && c.Year == 2025).Students);
        Assert.Equal(ForecastEngine.FlowBasis, p.Bases.Single(b => b.SchoolId == 3).Junior);
    }

    /// <summary>ceil(n / 班额标准): 271 at 45 → 7 (forecasting.md §2.5), 270 → 6, 0 → 0, 51 at 50 → 2.</summary>
    [Theory]
    [InlineData(271, 45, 7)]
    [InlineData(270, 45, 6)]
    [InlineData(0, 45, 0)]
    [InlineData(51, 50, 2)]
    public void Classes_round_up(int students, int size, int classes) => Assert.Equal(classes, SeatPlan.Classes(students, size));

    [Fact]
    public void An_unknown_scenario_is_refused_in_Chinese()
    {
        var e = Assert.Throws<RuleException>(() => ForecastRules.Default().ScenarioOf("best"));
        Assert.Contains("未知的预测方案", e.Message, StringComparison.Ordinal);
    }
}
