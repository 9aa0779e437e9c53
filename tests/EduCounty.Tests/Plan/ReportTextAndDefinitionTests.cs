using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using EduCounty.Reports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

/// <summary>
/// Issue 14 items 9 (text errors), 12 (quantified targets evaluated from records, the five added targets) and 13 (双师型,
/// 特殊教育在校生 and 残疾儿童入学率 by their definitions, docs/adr/0027), each by a test of its own.
/// </summary>
public sealed partial class ReportTextAndDefinitionTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();
    private static readonly DateOnly Today = new(2026, 11, 29);

    // ------------------------------------------------------------------ item 9

    [Fact]
    public void A_task_without_responsible_units_has_no_empty_part_in_its_parenthesis()
    {
        var row = new GetPlanProgress.TaskRow(7, 1, "任务", "", PlanWorkState.NotStarted, "未启动", 0, new DateOnly(2022, 6, 30), true, null, null, 0);
        Assert.Equal("（未启动，期限2022-06-30）", ReportText.TaskDetail(row));
        Assert.Equal("（责任单位基教股，推进中，进度40%）",
            ReportText.TaskDetail(row with { ResponsibleUnits = "基教股", State = PlanWorkState.InProgress, StateLabel = "推进中", ProgressPercent = 40, Deadline = null }));
    }

    [Fact]
    public void The_boxes_say_no_investment_listed_and_box_5_counts_the_seeds_projects()
    {
        var text = ReportText.Boxes(Plan);
        // Seed, 专栏“基础设施建设项目”: 学前教育资源扩容建设项目5个 + 义务教育学校建设项目12个 (2 新建 + 7 改善 + 3 改扩建) + 职业教育
        // 基础能力建设项目 (one line, no count) = 18; investment 4230 + 1900 + 21000 + 1915 + 5408 + 7034 + 21300 (2.13亿) = 62787 万元.
        Assert.Contains("专栏5“基础设施建设项目”项目18个，投资62787万元", text, StringComparison.Ordinal);
        // The other 8 专栏 print no investment: "未列投资", never "投资0万元".
        Assert.Equal(8, Regex.Count(text, "未列投资"));
        Assert.DoesNotContain("投资0万元", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_final_years_report_writes_no_by_2025_requirement_and_no_empty_parenthesis_and_every_rate_has_its_percent_sign(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2025);
        var text = AnnualReportTests.Docx.Of(await AnnualReport.BuildAsync(db, e, Today, null, null, charts: false)).Text;

        // 2025—2026 is the plan's last year: 七 states the end target as 规划期末目标 ("纳入下一个五年规划"), not "到2025年不低于".
        var next = text[text.IndexOf("七、下一步工作打算", StringComparison.Ordinal)..];
        Assert.DoesNotMatch(ByEndYear(), next);
        Assert.DoesNotContain("（，", text, StringComparison.Ordinal);
        Assert.DoesNotContain("，）", text, StringComparison.Ordinal);
        // Every rate the body states carries its %.
        foreach (var r in e.Rows.Where(r => r.Indicator.Unit == "%" && r.Shown is not null))
        {
            Assert.Contains($"{r.Indicator.Name}{ReportText.Value(r)}", text, StringComparison.Ordinal);
            Assert.EndsWith("%", ReportText.Value(r), StringComparison.Ordinal);
        }
    }

    // ------------------------------------------------------------------ item 12

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_listed_targets_are_evaluated_from_the_records(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var targets = await PlanTargets.EvaluateAsync(db, Plan, 2024);
        // The demo's 资助 records are of its last 学年 (DemoAid: 2025—2026).
        var aid = (await PlanTargets.EvaluateAsync(db, Plan, 2025)).Single(x => x.Target.Code == "aid.registered_poor_coverage");
        // dropout.zero (学籍 辍学 and the 控辍 ledger), 班额 45/50, 近视率 −0.5 a year, 1000M/200M, 骨干 100/200/300, 普职比,
        // each has a value from the 2024—2025 records and a verdict; 资助全覆盖 (its module) likewise from 2025—2026.
        string[] codes =
        [
            "dropout.zero", "class_size.primary", "class_size.junior", "health.myopia_decline", "ict.school_bandwidth", "ict.class_bandwidth",
            "teachers.subject_leaders", "teachers.key_teachers", "teachers.teaching_experts", "senior.general_vocational_ratio",
        ];
        foreach (var code in codes)
        {
            var t = targets.Single(x => x.Target.Code == code);
            Assert.True(t.Value is not null && t.Verdict is not (TargetVerdict.NoData or TargetVerdict.NotJudged), $"{code}: {t.Label}（{t.Detail}）");
        }
        Assert.True(aid.Value is not null && aid.Verdict is not (TargetVerdict.NoData or TargetVerdict.NotJudged), $"{aid.Label}（{aid.Detail}）");
    }

    [Fact]
    public void The_plan_file_has_the_five_targets_the_seed_adds()
    {
        // Seed: 任务22 普职比 “逐步实现普职规模大体相当”, 任务29 资助全覆盖, 任务55 “互联网+明厨亮灶”全覆盖, 任务47 网络学习空间,
        // 任务45 生均公用经费不低于自治区标准.
        (string Code, int Task, string Text)[] added =
        [
            ("senior.general_vocational_ratio", 22, "普职规模大体相当"),
            ("aid.registered_poor_coverage", 29, "资助政策全覆盖"),
            ("safety.kitchen_coverage", 55, "明厨亮灶"),
            ("ict.learning_space_coverage", 47, "网络学习空间"),
            ("finance.public_funds_per_student", 45, "生均公用经费"),
        ];
        foreach (var (code, task, text) in added)
        {
            var t = Plan.Targets.Single(x => x.Code == code);
            Assert.Equal(task, t.TaskNumber);
            Assert.Contains(text, t.Text, StringComparison.Ordinal);
            Assert.Contains(text, Plan.Tasks[task - 1].Text, StringComparison.Ordinal);
        }
    }

    // ------------------------------------------------------------------ item 13

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dual_qualified_special_enrolment_and_disabled_enrolment_rate_follow_their_definitions(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "definitions13");
        // 中职 (school 7) teachers in 2020: 1 机械加工 (专业课, 双师型), 2 语文 (公共基础课, 双师型 on paper), 6 专业课 电工电子 (not 双师型).
        (await db.StaffYears.SingleAsync(s => s.StaffId == 1 && s.Year == 2020)).Subjects = "机械加工";
        var two = await db.StaffYears.SingleAsync(s => s.StaffId == 2 && s.Year == 2020);
        two.Subjects = "语文";
        two.DualQualified = true;
        db.Staff.Add(new Staff { Id = 6, StaffNumber = "T6", Name = "教师6", EthnicityCode = "01", SchoolId = 7 });
        await db.SaveChangesAsync();
        db.StaffYears.Add(new StaffYear
        {
            StaffId = 6,
            Year = 2020,
            SchoolId = 7,
            PostType = PostType.FullTimeTeacher,
            Establishment = Establishment.Permanent,
            StageTaught = Stage.Vocational,
            Subjects = "专业课：电工电子",
        });
        // Disabled students besides SmallCounty's (1: 小学 P1 born 2012 (8), 2: 特教 X1 born 2012 (8), 4: 幼儿园 K1):
        // 5: 初中 J2 born 2003-01-01 (17 on 2020-08-31, over age), 6: 小学 P1 born 2015-06-01 (5, under age).
        Student St(int id, int school, string grade, DateOnly birth)
        {
            var st = new Student
            {
                Id = id,
                StudentNumber = $"G{id}",
                StudentNumberHash = $"h{id}",
                Name = $"学生{id}",
                EthnicityCode = "01",
                SchoolId = school,
                Grade = grade,
                BirthDate = birth,
                EnrolledOn = new DateOnly(2020, 9, 1),
            };
            st.SetDisability(TestDatabases.Protector, DisabilityType.Physical);
            return st;
        }
        db.Students.AddRange(St(5, 6, "J2", new DateOnly(2003, 1, 1)), St(6, 5, "P1", new DateOnly(2015, 6, 1)));
        await db.SaveChangesAsync();
        db.StudentYears.AddRange(
            new StudentYear { StudentId = 5, Year = 2020, SchoolId = 6, Grade = "J2" },
            new StudentYear { StudentId = 6, Year = 2020, SchoolId = 5, Grade = "P1" });
        // 送教上门 2 (教育事业统计), 适龄残疾儿童少年 5 (残联; SmallCounty wrote 4).
        db.YearlyStatistics.Add(new YearlyStatistic { DivisionCode = SmallCounty.County, Year = 2020, Key = "enrolment.homeTeaching", Value = 2, Source = "测试" });
        (await db.YearlyStatistics.SingleAsync(s => s.Key == "population.disabledCompulsoryAge" && s.Year == 2020)).Value = 5;
        await db.SaveChangesAsync();

        string[] codes = ["vocational.dual_qualified_share", "special.enrolment", "special.compulsory_enrolment_rate"];
        var plan = Plan with { Indicators = [.. Plan.Indicators.Where(i => codes.Contains(i.Code))] };
        var e = await EvaluatePlan.HandleAsync(db, plan, 2020);

        // 双师型 = 专业课 双师型 ÷ 专业课 = {1} ÷ {1, 6} = 1 ÷ 2 = 50.00 % (over all 中职 专任 it would be {1, 2} ÷ 3 = 66.67).
        var dual = e.Find("vocational.dual_qualified_share")!.Value;
        Assert.Equal((1m, 2m, 50.00m), (dual.Numerator, dual.Denominator, dual.RoundedValue));
        // 特殊教育在校生 = 特教学校 X1 8 + 随班就读 (P/J with a disability: 1, 5, 6 = 3, any age) + 送教上门 2 = 13.
        Assert.Equal(13m, e.Find("special.enrolment")!.Value.RoundedValue);
        // 入学率 = (6—15 周岁 on 2020-08-31 in P/J/X: 1 and 2 = 2; not 5 (17), 6 (5), nor 4 (幼儿园)) + 送教上门 2 = 4, ÷ 5 = 80.00 %
        // (without the age limit it would be (4 + 2) ÷ 5 = 120 %).
        var rate = e.Find("special.compulsory_enrolment_rate")!.Value;
        Assert.Equal((4m, 5m, 80.00m), (rate.Numerator, rate.Denominator, rate.RoundedValue));
    }

    [GeneratedRegex(@"到2025年(不低于|不高于|达到)")]
    private static partial Regex ByEndYear();
}
