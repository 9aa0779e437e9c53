using System.Text;
using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Balance;

/// <summary>
/// 优质均衡 from the registry on the demo county (阜康市 652302), 2020-2021, on SQLite and PostgreSQL.
/// Expected figures come from the demo's design (src/EduCounty/Demo: Weakness factors applied to the L4–L7 norms of
/// balance-rules.md §2.1, no growth in the first year) or from a hand calculation on rows read in the test.
/// </summary>
public sealed class BalanceRegistryTests
{
    private const string County = "652302";
    private static readonly SchoolYear Year2020 = new(2020);
    private static readonly BalanceProfile National = BalanceProfile.National();

    private static async Task<(BalanceReport Report, RegistryBalanceData Data)> Evaluate2020(EduDb db, string method = "2017") =>
        await EvaluateBalanceFromRegistry.HandleAsync(db, County, Year2020, method, National);

    private static UnitResult Unit(BalanceReport r, string stage, string name) =>
        r.Stages.Single(s => s.Stage == stage).Schools.Single(u => u.Name == name);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Weak_demo_schools_fail_the_2017_resource_indicators_they_were_built_to_fail(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var (r, data) = await Evaluate2020(db);

        // Units: 小学 = 8 小学 + 2 九年一贯制 小学部 (第七小学 opens 2024) = 10; 初中 = 4 初中 + 2 初中部 + 第一中学 初中部 = 7.
        Assert.Equal(10, r.Stages.Single(s => s.Stage == "小学").Units);
        Assert.Equal(7, r.Stages.Single(s => s.Stage == "初中").Units);
        Assert.Equal(15, data.Schools.Count);
        Assert.False(r.Pass);

        // 天龙小学 (Weakness.Equipment | Multimedia): equipment = 2000 元 × 0.8 per pupil ⇒ L6 = 1600 exactly (80 % < 85 %);
        // rooms = ⌈2.3 × 0.75 × n / 100⌉ ⇒ L7 = that × 100 / n (< 2.3 × 0.85 = 1.955 for n in the hundreds). Two items below
        // 85 % ⇒ at most 5 of 7 met.
        var tianlong = Unit(r, "小学", "阜康市天龙小学");
        var n = tianlong.Students;
        Assert.Equal(1600, tianlong.Values["L6"]!.Value, 4);
        Assert.Equal(Math.Ceiling(2.3 * 0.75 * n / 100) * 100 / n, tianlong.Values["L7"]!.Value, 4);
        Assert.False(tianlong.Pass);
        Assert.True(tianlong.Met <= 5);
        Assert.Contains(tianlong.Shortfalls, s => s.StartsWith("L6", StringComparison.Ordinal) && s.Contains("低于 85", StringComparison.Ordinal));
        Assert.Contains(tianlong.Shortfalls, s => s.StartsWith("L7", StringComparison.Ordinal));

        // 九运街中学 (SportsArea | Equipment, before its 2022 track): no 室内体育用房, field = 10.2 × 0.7 ⇒ L5 = 7.14; L6 = 2500 × 0.8 = 2000.
        var jiuyun = Unit(r, "初中", "阜康市九运街中学");
        Assert.Equal(7.14, jiuyun.Values["L5"]!.Value, 2);
        Assert.Equal(2000, jiuyun.Values["L6"]!.Value, 4);
        Assert.False(jiuyun.Pass);

        // 滋泥泉子小学 (SportsArea): L5 = 7.5 × 0.7 = 5.25 ㎡ (70 % < 85 %).
        var zxPrimary = Unit(r, "小学", "阜康市滋泥泉子小学");
        Assert.Equal(5.25, zxPrimary.Values["L5"]!.Value, 2);
        Assert.False(zxPrimary.Pass);

        // 滋泥泉子中学 (TeachingArea): L4 = 5.8 × 0.9 = 5.22 ㎡ (90 %: may stay); it fails only if another item falls short.
        var zxJunior = Unit(r, "初中", "阜康市滋泥泉子中学");
        Assert.Equal(5.22, zxJunior.Values["L4"]!.Value, 2);
        Assert.Contains(zxJunior.Shortfalls, s => s.StartsWith("L4", StringComparison.Ordinal) && !s.Contains("低于 85", StringComparison.Ordinal));

        // 上户沟学校 (KeyTeachers: 6 % instead of 20 % 骨干) — its 初中部 of 90-odd pupils has no 骨干 at all: L2 = 0.
        var shanghu = Unit(r, "初中", "阜康市上户沟学校（初中部）");
        Assert.Equal(0, shanghu.Values["L2"]!.Value);
        Assert.False(shanghu.Pass);

        // 第五小学 (TeachingArea): L4 = 4.5 × 0.9 = 4.05 (90 % ≥ 85 %), the other six met ⇒ passes (6-of-7 rule).
        var fifth = Unit(r, "小学", "阜康市第五小学");
        Assert.Equal(4.05, fifth.Values["L4"]!.Value, 2);
        Assert.Equal(6, fifth.Met);
        Assert.True(fifth.Pass);

        // Every other school is built at 1.1–1.6 × each facility norm (L4–L7), so none of them falls short there. The
        // teacher items are not built to a margin: 骨干 (L2) and 体育、艺术 teachers (L3) are drawn per teacher at random
        // (小学: 20 % and 18.5 % of the teachers at 16.5 pupils each, about 1.2 × either norm on average), so a school may
        // fall short on them by chance.
        // Such a shortfall is checked by hand from the 2020 staff rows: count × 100 / the unit's students.
        string[] designedWeak = ["阜康市上户沟学校（初中部）", "阜康市上户沟学校（小学部）", "阜康市九运街中学", "阜康市天龙小学", "阜康市滋泥泉子中学", "阜康市滋泥泉子小学", "阜康市第五小学"];
        var staff = await db.StaffYears.Where(t => t.Year == 2020 && t.PostType == PostType.FullTimeTeacher).ToListAsync();
        var schoolIds = await db.Schools.ToDictionaryAsync(s => s.Name, s => s.Id);
        var failing = new List<string>();
        foreach (var stage in r.Stages)
        {
            var taught = stage.Stage == "小学" ? Stage.Primary : Stage.Junior;
            foreach (var u in stage.Schools.Where(u => u.Pass == false))
            {
                failing.Add(u.Name);
                if (designedWeak.Contains(u.Name))
                {
                    continue;
                }
                var id = schoolIds[u.Name.Split('（')[0]];
                var teachers = staff.Where(t => t.SchoolId == id && t.StageTaught == taught).ToList();
                var byHand = new Dictionary<string, double>
                {
                    ["L2"] = teachers.Count(t => t.KeyTeacherLevel != null) * 100.0 / u.Students,
                    ["L3"] = teachers.Count(t => t.Subjects is "体育" or "音乐" or "美术") * 100.0 / u.Students,
                };
                foreach (var shortfall in u.Shortfalls.Where(s => !s.StartsWith('仅')))
                {
                    var code = shortfall[..2];
                    Assert.True(byHand.ContainsKey(code), $"{u.Name}: {shortfall}");
                    Assert.Equal(byHand[code], u.Values[code]!.Value, 6);
                    Assert.True(byHand[code] < (code == "L2" ? 1 : 0.9), $"{u.Name}: {shortfall}");
                }
            }
        }
        // The designed failures are among them, and each failing unit gives one reason.
        Assert.Subset(failing.ToHashSet(), new HashSet<string> { "阜康市上户沟学校（初中部）", "阜康市九运街中学", "阜康市天龙小学", "阜康市滋泥泉子小学" });
        Assert.Equal(failing.Count, r.Reasons.Count);
        // No CV is near its limit: the weaknesses are single schools.
        Assert.All(r.Stages.SelectMany(s => s.Indicators), i => Assert.True(i.Pass, i.Code));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task L4_of_a_nine_year_school_by_hand_from_the_facility_row_and_the_census(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var school = await db.Schools.SingleAsync(s => s.Name == "阜康市种羊场学校");
        var f = await db.Facilities.SingleAsync(x => x.SchoolId == school.Id && x.Year == 2020);
        var grades = await db.GradeEnrolments.Where(e => e.SchoolId == school.Id && e.Year == 2020).ToListAsync();
        var a = grades.Where(e => e.Grade.StartsWith('P')).Sum(e => e.Students);
        var b = grades.Where(e => e.Grade.StartsWith('J')).Sum(e => e.Students);

        // Hand calculation (balance-rules.md §2.1 note a and §2.3): L4 area = 教学及辅助用房 − 室内体育用房; a 九年一贯制
        // school's area goes to its 小学部 with weight A/(A + 1.1B), so 小学部 L4 = (T − I)·A/(A + 1.1B) / A = (T − I)/(A + 1.1B),
        // and 初中部 L4 = (T − I)·1.1B/(A + 1.1B) / B = 1.1(T − I)/(A + 1.1B).
        var primaryL4 = (f.TeachingAreaM2 - f.IndoorSportsM2) / (a + (1.1 * b));
        var juniorL4 = 1.1 * (f.TeachingAreaM2 - f.IndoorSportsM2) / (a + (1.1 * b));

        var (r, _) = await Evaluate2020(db);
        var p = Unit(r, "小学", "阜康市种羊场学校（小学部）");
        var j = Unit(r, "初中", "阜康市种羊场学校（初中部）");
        Assert.Equal(a, p.Students);
        Assert.Equal(b, j.Students);
        Assert.Equal(primaryL4, p.Values["L4"]!.Value, 4);
        Assert.Equal(juniorL4, j.Values["L4"]!.Value, 4);
        // And the 1 : 1.1 split keeps the whole area: 小学部 + 初中部 area = T − I.
        Assert.Equal(f.TeachingAreaM2 - f.IndoorSportsM2, (p.Values["L4"]!.Value * a) + (j.Values["L4"]!.Value * b), 6);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Teacher_figures_follow_the_stage_taught_and_the_degree_rule_of_each_stage(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var (_, data) = await Evaluate2020(db);
        var school = await db.Schools.SingleAsync(s => s.Name == "阜康市上户沟学校");
        var staff = await db.StaffYears.Where(t => t.SchoolId == school.Id && t.Year == 2020 && t.PostType == PostType.FullTimeTeacher).ToListAsync();
        var input = data.Schools.Single(s => s.Name == "阜康市上户沟学校");

        // §2.1 L1 [C]: 小学 专科及以上, 初中 本科及以上.
        Assert.Equal(staff.Count(t => t.StageTaught == Stage.Primary && t.Degree <= Degree.Associate), input.HigherDegreeTeachers.Primary);
        Assert.Equal(staff.Count(t => t.StageTaught == Stage.Junior && t.Degree <= Degree.Bachelor), input.HigherDegreeTeachers.Junior);
        Assert.Equal(staff.Count(t => t.StageTaught == Stage.Junior && t.KeyTeacherLevel != null), input.KeyTeachers.Junior);
        Assert.Equal(staff.Count(t => t.Subjects is "体育" or "音乐" or "美术"), input.ArtsSportsTeachers.Total);
        Assert.Equal(staff.Count(t => t.Title <= Title.First), input.MidTitleTeachers.Total);
        Assert.Equal(staff.Count, input.FullTimeTeachers.Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_gap_plan_additions_make_the_registry_county_pass_on_re_evaluation(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var (r, data) = await Evaluate2020(db);
        var plan = GapPlanner.Plan(data.Schools, "2017", National);
        Assert.True(plan.Achievable);
        Assert.True(plan.TotalCostYuan > 0);
        // Every failing school gets something: the designed weak ones and any other that fails (a unit's school is its name
        // without the （小学部）/（初中部） suffix).
        var failing = r.Stages.SelectMany(s => s.Schools).Where(u => u.Pass == false).Select(u => u.Name.Split('（')[0]).ToHashSet();
        Assert.Subset(failing, new HashSet<string> { "阜康市天龙小学", "阜康市九运街中学", "阜康市滋泥泉子小学", "阜康市上户沟学校" });
        foreach (var name in failing)
        {
            Assert.Contains(plan.Actions, a => a.School == name);
        }
        var after = BalanceEvaluator.Evaluate(plan.ApplyTo(data.Schools), "2017", National);
        Assert.True(after.Pass, string.Join("\n", after.Reasons));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_json_contract_is_the_same_as_balance_check(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var (r, _) = await Evaluate2020(db, "2012");
        using var doc = JsonDocument.Parse(BalanceOutput.ToJson(r));
        var root = doc.RootElement;
        Assert.Equal("2012", root.GetProperty("method").GetString());
        var stage = root.GetProperty("stages")[0];
        Assert.Equal(["stage", "units", "students", "pass", "composite", "indicators", "schools"], stage.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["code", "name", "threshold", "mean", "sd", "cv", "cvLimit", "pass"], stage.GetProperty("indicators")[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8" }, stage.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToArray());
        // 2012 composite = mean of the 8 CVs (§3).
        var cvs = stage.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("cv").GetDouble()).ToArray();
        Assert.Equal(cvs.Average(), stage.GetProperty("composite").GetDouble(), 10);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Government_items_flag_the_oversized_classes_and_the_missing_music_and_art_rooms(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var items = (await ComputeAssuranceItems.HandleAsync(db, County, Year2020)).ToDictionary(i => i.Code);

        // G5 (45 / 50): the demo's ClassSize schools are 第一小学 and 第三中学; count their classes by hand from SchoolClass.
        var first = await db.Schools.SingleAsync(s => s.Name == "阜康市第一小学");
        var third = await db.Schools.SingleAsync(s => s.Name == "阜康市第三中学");
        var firstOver = await db.Classes.CountAsync(c => c.SchoolId == first.Id && c.Year == 2020 && c.Headcount > 45);
        var thirdOver = await db.Classes.CountAsync(c => c.SchoolId == third.Id && c.Year == 2020 && c.Headcount > 50);
        Assert.True(firstOver > 0);
        Assert.True(thirdOver > 0);
        Assert.False(items["G5"].Met);
        Assert.Equal(2, items["G5"].Findings.Count);
        Assert.Contains(items["G5"].Findings, f => f.StartsWith($"阜康市第一小学：{firstOver} 个班", StringComparison.Ordinal));
        Assert.Contains(items["G5"].Findings, f => f.StartsWith($"阜康市第三中学：{thirdOver} 个班", StringComparison.Ordinal));

        // G3: 上户沟学校 (MusicArt) has one room fewer than ⌈classes/12⌉ and rooms of 80 / 76 ㎡ — here 0 rooms for 9 classes
        // (⌈9/12⌉ = 1), in the words of rule G3.1 with its inputs.
        Assert.False(items["G3"].Met);
        Assert.Contains(items["G3"].Findings, f => f.StartsWith("阜康市上户沟学校：音乐专用教室间数（0）≥ 向上取整(班级数（9）÷ 12)，未满足（实际 0 < 1）", StringComparison.Ordinal));

        // G8: 2020 teacher 98 200 元 ≥ civil servant 97 800 元 (demo statistics, scale 1).
        Assert.True(items["G8"].Met);
        // G7: 特教 6000 元 per pupil in 2020 (the demo funds exactly the national floor) ⇒ met.
        Assert.True(items["G7"].Met);
        // Q2: every disabled child is enrolled in 2020 (the demo's 残联 count equals the enrolled disabled pupils).
        Assert.True(items["Q2"].Met);
        // Q1 needs J1 of 2018, which the registry (from 2020) does not hold: left to the supervisors.
        Assert.Null(items["Q1"].Met);
        Assert.Null(items["S1"].Met);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Q1_is_the_three_year_junior_retention_when_the_cohort_is_in_the_registry(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var items = (await ComputeAssuranceItems.HandleAsync(db, County, new SchoolYear(2022))).ToDictionary(i => i.Code);
        var j3 = await db.GradeEnrolments.Where(e => e.Year == 2022 && e.Grade == "J3").SumAsync(e => e.Students);
        var j1 = await db.GradeEnrolments.Where(e => e.Year == 2020 && e.Grade == "J1").SumAsync(e => e.Students);
        // §2.5 Q1: 初三在校生 ÷ 该届初一在校生 × 100.
        Assert.Equal($"{100.0 * j3 / j1:0.00}%（{j3}/{j1}）", items["Q1"].Value);
        Assert.Equal(100.0 * j3 / j1 >= 95, items["Q1"].Met);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verdict_lists_every_part_and_uses_recorded_findings_and_the_survey(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "verdict");
        await using var db = Database.Open(setting);
        db.Actor = "督导甲";
        var clock = new FixedClock(new DateTimeOffset(2021, 5, 20, 8, 0, 0, TimeSpan.Zero));

        await RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(County, Year2020, "g1", true, "县域学校布局规划（2020—2025）已批复", "阜政发〔2020〕12号", "督导甲"), clock);
        await RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(County, Year2020, "V3", false, "抽查发现第一中学设置实验班", null, "督导甲"), clock);
        // Re-recording updates the same row.
        await RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(County, Year2020, "G1", true, "布局规划已批复并公示", "阜政发〔2020〕12号", "督导甲"), clock);
        await Assert.ThrowsAsync<RuleException>(() => RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(County, Year2020, "G99", true, "x", null, "督导甲"), clock));
        await Assert.ThrowsAsync<RuleException>(() => RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(County, Year2020, "G2", true, " ", null, "督导甲"), clock));

        // Survey: 学生 400/380, 家长 500/410, 教师 100/95 ⇒ 885/1000 = 88.50 % ≥ 85 %.
        var csv = "调查群体,调查人数,满意人数\n学生,400,380\n家长,500,410\n教师,100,95\n";
        var imported = await ImportSatisfactionSurvey.HandleAsync(db, County, Year2020, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "认可度.csv");
        Assert.Empty(imported.Errors);
        Assert.Equal(3, imported.Imported);

        var v = await EvaluateCountyVerdict.HandleAsync(db, County, Year2020, National);
        Assert.False(v.Pass);
        Assert.Equal(AssuranceStandards.PartOrder, v.Parts.Select(p => p.Name).ToArray());
        var g1 = v.Parts.Single(p => p.Name == "政府保障程度").Items.Single(i => i.Code == "G1");
        Assert.Equal(("recorded", true, "布局规划已批复并公示", "阜政发〔2020〕12号"), (g1.Origin, g1.Met!.Value, g1.Evidence!, g1.Attachment!));
        Assert.Equal(new DateTimeOffset(2021, 5, 20, 8, 0, 0, TimeSpan.Zero), g1.RecordedAt);
        var s1 = v.Parts.Single(p => p.Name == "社会认可度").Items.Single();
        Assert.Equal(("registry", true, "88.50%（885/1000）"), (s1.Origin, s1.Met!.Value, s1.Value!));
        Assert.Contains(v.Reasons, r => r.StartsWith("一票否决：V3", StringComparison.Ordinal) && r.Contains("设置实验班", StringComparison.Ordinal));
        Assert.Contains(v.Reasons, r => r.StartsWith("政府保障程度：G2", StringComparison.Ordinal));
        Assert.Contains(v.Reasons, r => r.StartsWith("资源配置：", StringComparison.Ordinal));
        Assert.DoesNotContain(v.Reasons, r => r.Contains("G1 ", StringComparison.Ordinal));

        // Recording is audited (create, then update), with the recorder as the actor.
        var audit = await db.AuditEntries.Where(a => a.Entity == nameof(BalanceAssessment)).OrderBy(a => a.Id).Select(a => new { a.Action, a.UserName }).ToListAsync();
        Assert.Equal(["create", "create", "update"], audit.Select(a => a.Action).ToArray());
        Assert.All(audit, a => Assert.Equal("督导甲", a.UserName));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_workbook_has_the_verdict_sheet_then_one_sheet_per_stage(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var v = await EvaluateCountyVerdict.HandleAsync(db, County, Year2020, National);
        using var ms = new MemoryStream();
        BalanceOutput.ToXlsx(v.Resources, National, ms, v);
        ms.Position = 0;
        Assert.Equal(["综合评估", "小学", "初中", "结论"], MiniExcelLibs.MiniExcel.GetSheetNames(ms).ToArray());
        ms.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(ms, sheetName: "综合评估").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => Equals(r["B"], "G5") && Equals(r["D"], "未达标"));
        Assert.Contains(rows, r => Equals(r["A"], "原因") && r["C"] is string s && s.Contains("阜康市天龙小学", StringComparison.Ordinal));
    }

    [Fact]
    public void Survey_rows_with_bad_cells_are_reported_by_row_and_column()
    {
        var csv = "群体,样本数,满意率(%)\n学生,200,90\n家长,0,80\n领导,10,100\n教师,50,120\n学生,10,50\n";
        var (rows, errors) = ImportSatisfactionSurvey.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "s.csv");
        Assert.Single(rows);
        // 学生 200 × 90 % = 180 satisfied.
        Assert.Equal(("学生", 200, 180), rows[0]);
        Assert.Equal(
            [
                "文件 s.csv 第 3 行「样本数」列：值“0”不是正整数",
                "文件 s.csv 第 4 行「群体」列：值“领导”不是调查群体（学生、家长、教师、校长、人大代表、政协委员、其他群众）",
                "文件 s.csv 第 5 行「满意率(%)」列：值“120”应为 0 到 100 的百分数",
                "文件 s.csv 第 6 行「群体」列：值“学生”重复",
            ],
            errors);
        var (_, headerErrors) = ImportSatisfactionSurvey.Parse(new MemoryStream(Encoding.UTF8.GetBytes("群体,人数\n学生,1\n")), "t.csv");
        Assert.Equal(["文件 t.csv 第 1 行（表头）：缺少必需列“调查人数”", "文件 t.csv 第 1 行（表头）：缺少“满意人数”或“满意率(%)”列"], headerErrors);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
