using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;

namespace EduCounty.Tests.Balance;

/// <summary>
/// The 优质均衡 gap plan moves pupils to spare seats of the same 学区 before adding anything (issue 19 item 4,
/// docs/adr/0030). A small county by hand, 2024-2025, both in 乡镇 652302101 (the 学区 when none is configured; not one the default townshipDistricts joins):
/// <code>
/// 甲小学: 6 grades × 90 = 540 pupils, 12 classes (⌈90/45⌉ = 2 per grade), 12 网络多媒体教室 (= its classrooms,
///   forecasting.md §2.5 / Forecast README) → seats 540 needed, 540 available: full (spare 0).
///   25 专任教师 (专科+), 6 县级骨干, 6 体育; 教学及辅助用房 2,160 ㎡, 运动场 4,455 ㎡, 设备 1,188,000 元.
/// 乙小学: 6 × 45 = 270 pupils, 6 classes, 12 rooms → 540 available, spare 270 (6 classes).
///   17 专任教师, 4 骨干, 4 体育; 1,823 ㎡, 3,038 ㎡, 810,000 元.
/// 2017 thresholds (balance-rules.md §2.1, 小学): L1 4.2, L2 1.0, L3 0.9, L4 4.5 ㎡, L5 7.5 ㎡, L6 2,000 元, L7 2.3 间.
/// 甲 at 540: L4 = 2160/540 = 4.000 (88.9 %), L7 = 12 × 100/540 = 2.222 (96.6 %) → 5 of 7 met → fails.
///   Without a move, the cheapest addition (GapPlanner: one item left at ≥ 85 %): L7 to 2.3 → 12.42 → 1 间 × 60,000 元
///   (profile unit cost) = 60,000 元; L4 to 4.5 would be 270 ㎡ × 5,000 = 1,350,000 元.
/// Move one class (45) 甲 → 乙 (乙 has 270 spare): 甲 495: L7 = 1200/495 = 2.424 ≥ 2.3, L4 = 4.364 (97 %), L1 = 5.05,
///   L2 = L3 = 1.21, L5 = 9.0, L6 = 2,400 → 6 met, the 7th ≥ 85 % → passes. 乙 315: L1 5.40, L2 = L3 1.27, L4 5.79,
///   L5 9.64, L6 2,571, L7 3.81 → all met. CVs (student-weighted, §2.2) e.g. L7: 2.424 and 3.810 at 495/315 → 0.23
///   ≤ 0.50. Cost 0 → the plan moves 45 pupils and builds nothing (60,000 → 0 元).
/// </code>
/// </summary>
public sealed class GapRedistributionTests
{
    private const string Township = "652302101";

    private static async Task<string> TwoSchoolsAsync(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "gapmove");
        await using var db = Database.Open(setting);
        db.Actor = "test";
        db.Schools.AddRange(
            new School { Id = 1, Code = "2165230011", Name = "甲小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = Township },
            new School { Id = 2, Code = "2165230012", Name = "乙小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = Township });
        for (var g = 1; g <= 6; g++)
        {
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = 2024, Grade = $"P{g}", Sex = Sex.Male, Students = 90 });
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 2, Year = 2024, Grade = $"P{g}", Sex = Sex.Male, Students = 45 });
        }
        db.Facilities.AddRange(
            new Facility { SchoolId = 1, Year = 2024, TeachingAreaM2 = 2160, SportsAreaM2 = 4455, EquipmentValueYuan = 1_188_000, MultimediaClassrooms = 12, Computers = 100, Books = 20000 },
            new Facility { SchoolId = 2, Year = 2024, TeachingAreaM2 = 1823, SportsAreaM2 = 3038, EquipmentValueYuan = 810_000, MultimediaClassrooms = 12, Computers = 60, Books = 10000 });
        var id = 0;
        foreach (var (school, teachers, key, arts) in new[] { (1, 25, 6, 6), (2, 17, 4, 4) })
        {
            for (var i = 0; i < teachers; i++)
            {
                id++;
                db.Staff.Add(new Staff { Id = id, StaffNumber = $"T{id}", Name = $"教师{id}", EthnicityCode = "01", SchoolId = school });
                db.StaffYears.Add(new StaffYear
                {
                    StaffId = id,
                    Year = 2024,
                    SchoolId = school,
                    PostType = PostType.FullTimeTeacher,
                    Establishment = Establishment.Permanent,
                    StageTaught = Stage.Primary,
                    Degree = Degree.Bachelor,
                    Title = Title.First,
                    KeyTeacherLevel = i < key ? KeyTeacherLevel.County : null,
                    Subjects = i >= teachers - arts ? "体育" : "语文",
                });
            }
        }
        await db.SaveChangesAsync();
        return setting;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_plan_moves_pupils_to_the_empty_school_instead_of_adding_a_classroom(string provider)
    {
        var setting = await TwoSchoolsAsync(provider);
        await using var db = Database.Open(setting);

        var (report, data) = await EvaluateBalanceFromRegistry.HandleAsync(db, "652302", new SchoolYear(2024), "2017", BalanceProfile.National(), gap: true);

        Assert.False(report.Pass);
        Assert.Equal(2, data.Schools.Count);
        var rooms = await ReadSeatRooms.HandleAsync(db, data);
        Assert.Equal([("乙小学", 270), ("甲小学", 0)], rooms.OrderBy(r => r.School, StringComparer.Ordinal).Select(r => (r.School, r.Spare)));
        var plan = report.GapPlan!;
        Assert.Equal(60_000, plan.CostWithoutMovesYuan);
        Assert.Equal(0, plan.TotalCostYuan);
        Assert.True(plan.Achievable);
        Assert.Empty(plan.Actions);
        var move = Assert.Single(plan.Moves);
        Assert.Equal((Township, "小学", "甲小学", "乙小学", 45), (move.District, move.Stage, move.From, move.To, move.Pupils));
        Assert.Equal([(GapPlanner.MoveKind, 0d, true), (GapPlanner.InPlaceKind, 60_000d, false)], plan.Options.Select(o => (o.Kind, o.CostYuan, o.Chosen)));

        // Re-evaluated with the move applied: both schools pass (乙 315, 甲 495 pupils; ordinal order puts 乙 U+4E59 first).
        var after = BalanceEvaluator.Evaluate(plan.ApplyTo(data.Schools), "2017", BalanceProfile.National());
        Assert.True(after.Pass);
        Assert.Equal([315, 495], after.Stages.Single().Schools.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => u.Students));
    }

    /// <summary>Without spare seats (乙 filled to its 12 rooms) the plan adds the classroom, as before.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Without_spare_seats_the_plan_adds_the_classroom(string provider)
    {
        var setting = await TwoSchoolsAsync(provider);
        await using (var db = Database.Open(setting))
        {
            var b = db.Facilities.Single(f => f.SchoolId == 2);
            b.MultimediaClassrooms = 6;
            await db.SaveChangesAsync();
        }
        await using var db2 = Database.Open(setting);

        var (report, _) = await EvaluateBalanceFromRegistry.HandleAsync(db2, "652302", new SchoolYear(2024), "2017", BalanceProfile.National(), gap: true);

        var plan = report.GapPlan!;
        Assert.Empty(plan.Moves);
        Assert.Equal(60_000, plan.TotalCostYuan);
        var a = Assert.Single(plan.Actions);
        Assert.Equal(("甲小学", "L7", 1d), (a.School, a.Indicators, a.Quantity));
    }

    /// <summary>`balance evaluate --gap --format json` keeps its fields and adds moves, costWithoutMovesYuan and options.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_cli_json_lists_the_move_and_the_options(string provider)
    {
        var setting = await TwoSchoolsAsync(provider);

        var (code, output, err) = await CliProcess.RunAsync("balance", "evaluate", "--year", "2024-2025", "--gap", "--format", "json", "--db", setting);

        Assert.True(code == 3, err);
        using var doc = JsonDocument.Parse(output);
        var gap = doc.RootElement.GetProperty("gapPlan");
        Assert.Equal(0, gap.GetProperty("totalCostYuan").GetDouble());
        Assert.Equal(60_000, gap.GetProperty("costWithoutMovesYuan").GetDouble());
        Assert.Equal(0, gap.GetProperty("actions").GetArrayLength());
        var m = gap.GetProperty("moves")[0];
        Assert.Equal(("甲小学", "乙小学", 45), (m.GetProperty("from").GetString(), m.GetProperty("to").GetString(), m.GetProperty("pupils").GetInt32()));
        Assert.Equal(2, gap.GetProperty("options").GetArrayLength());
    }

    /// <summary>
    /// The demo, 2024-2025 (issue 19's example): the new 第五中学 (opened 2024, 1,620-place building, ~260 pupils) takes
    /// 初中 pupils of the 城区 junior schools, the new 第七小学 (准东街道, 1,620 places, 233 pupils) 小学 pupils of the 城区
    /// primaries — the default `townshipDistricts` joins 博峰, 阜新 and 准东街道 as 城区学区 (docs/adr/0036) — and the plan's
    /// total falls. Measured on 2026-12-06: 81,285.41 万元 without moves → 553.42 万元 with 905 pupils moved (8 moves,
    /// 360 of them to 第七小学). (With 学区 = 乡镇 it was 41,405.59 万元 with 590 moved: 第七小学, alone in 准东街道, took none.)
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task On_the_demo_the_2024_plan_fills_the_new_junior_school_and_costs_less(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);

        var (report, _) = await EvaluateBalanceFromRegistry.HandleAsync(db, "652302", new SchoolYear(2024), "2017", BalanceProfile.National(), gap: true);

        var plan = report.GapPlan!;
        Assert.Contains(plan.Moves, m => m.To == "阜康市第五中学" && m.Stage == "初中");
        Assert.Contains(plan.Moves, m => m.To == "阜康市第七小学" && m.Stage == "小学" && m.District == "城区学区");
        Assert.True(plan.TotalCostYuan < 0.6 * plan.CostWithoutMovesYuan!.Value, $"{plan.TotalCostYuan} vs {plan.CostWithoutMovesYuan}");
        Assert.True(plan.Achievable);
    }
}
