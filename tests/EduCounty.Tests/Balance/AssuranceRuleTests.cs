using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Tests.Balance;

/// <summary>
/// Every computed 政府保障程度 / 教育质量 / 社会认可度 rule row of balance-assurance.json against a hand calculation from
/// balance-rules.md §2.4–§2.6 (the threshold of each row is the one of the table there), on hand-built figures: no
/// database is involved, the rows are evaluated as the registry path evaluates them.
/// </summary>
public sealed class AssuranceRuleTests
{
    private static readonly CompiledAssurance National = CompiledAssurance.Of(AssuranceStandards.National());

    private const int Year = 2024;

    private static int _ids;

    private static RuleSchool Of(string name, SchoolType type, bool merged = false, bool isPublic = true) =>
        new(Interlocked.Increment(ref _ids), name, type, merged, isPublic);

    private static Dictionary<DataElementRef, decimal?> Values(params (string Code, decimal? Value)[] values) =>
        values.ToDictionary(v => v.Code.EndsWith("[-2]", StringComparison.Ordinal) ? new DataElementRef(v.Code[..^4], -2) : new DataElementRef(v.Code), v => v.Value);

    private static RuleUnit School(string name, SchoolType type, params (string Code, decimal? Value)[] values) => new(name, Of(name, type), Values(values));

    private static RuleUnit Class(RuleUnit school, string grade, int headcount, int classes) =>
        new(school.Name, school.School, Values(("class.headcount", headcount), ("class.primary", grade[0] == 'P' ? 1 : 0), ("class.junior", grade[0] == 'J' ? 1 : 0)), classes);

    private static RuleUnit Group(string name, int respondents, int satisfied) =>
        new(name, null, Values(("group.respondents", respondents), ("group.satisfied", satisfied)));

    private static AssuranceData Data(RuleUnit[]? schools = null, RuleUnit[]? classes = null, RuleUnit[]? groups = null, params (string Code, decimal? Value)[] county) =>
        new(Year, schools ?? [], classes ?? [], groups ?? [], Values(county));

    private static (RuleResult Rule, ComputedItem Item) Evaluate(AssuranceData data, string ruleCode, CompiledAssurance? rules = null)
    {
        var item = ComputeAssuranceItems.Evaluate(rules ?? National, data).Single(i => i.Rules.Any(r => r.Code == ruleCode));
        return (item.Rules.Single(r => r.Code == ruleCode), item);
    }

    private static RuleUnit Primary(params (string, decimal?)[] v) => School("第一小学", SchoolType.Primary, v);

    /// <summary>Scenario → (rule, figures, expected verdict, a finding or value it must show). Hand calculations beside each row.</summary>
    private static readonly Dictionary<string, (string Rule, Func<AssuranceData> Data, bool? Met, string Shows)> Cases = new()
    {
        // G3 (§2.4): ⌈班数/12⌉ music and art rooms; each ≥ 96 / 90 ㎡.
        ["G3.1 25 个班 2 间音乐教室：⌈25/12⌉ = 3"] = ("G3.1", () => Data([Primary(("school.music_rooms", 2), ("school.classes", 25))]), false,
            "第一小学：音乐专用教室间数（2）≥ 向上取整(班级数（25）÷ 12)，未满足（实际 2 < 3）"),
        ["G3.1 24 个班 2 间：⌈24/12⌉ = 2"] = ("G3.1", () => Data([Primary(("school.music_rooms", 2), ("school.classes", 24))]), true, "1/1 所达标"),
        ["G3.2 13 个班 1 间美术教室：⌈13/12⌉ = 2"] = ("G3.2", () => Data([Primary(("school.art_rooms", 1), ("school.classes", 13))]), false,
            "第一小学：美术专用教室间数（1）≥ 向上取整(班级数（13）÷ 12)，未满足（实际 1 < 2）"),
        ["G3.3 每间 95 ㎡ < 96"] = ("G3.3", () => Data([Primary(("school.music_rooms", 1), ("school.music_room_m2", 95))]), false, "第一小学：每间音乐专用教室面积（95）≥ 96，未满足"),
        ["G3.3 每间 96 ㎡"] = ("G3.3", () => Data([Primary(("school.music_rooms", 1), ("school.music_room_m2", 96))]), true, "1/1 所达标，最低 96 ㎡"),
        ["G3.3 没有音乐教室：面积不适用"] = ("G3.3", () => Data([Primary(("school.music_rooms", 0), ("school.music_room_m2", 0))]), true, "无适用的学校（音乐专用教室间数 > 0）"),
        ["G3.4 每间 89 ㎡ < 90"] = ("G3.4", () => Data([Primary(("school.art_rooms", 2), ("school.art_room_m2", 89))]), false, "第一小学：每间美术专用教室面积（89）≥ 90，未满足"),
        ["G3.4 每间 90 ㎡"] = ("G3.4", () => Data([Primary(("school.art_rooms", 2), ("school.art_room_m2", 90))]), true, "1/1 所达标"),
        ["G3.1 教学点不参评：没有学校"] = ("G3.1", () => Data([School("某教学点", SchoolType.TeachingPoint, ("school.music_rooms", 0), ("school.classes", 5))]), null, "无数据"),
        ["G3.1 缺少办学条件：未定"] = ("G3.1", () => Data([Primary(("school.classes", 12))]), null, "第一小学：缺少数据（音乐专用教室间数、美术专用教室间数）"),

        // G4 (§2.4): 小学、初中 ≤ 2000 人; 九年、十二年一贯制 ≤ 2500 人 (教学点 with their school).
        ["G4.1 小学 2001 人"] = ("G4.1", () => Data([Primary(("school.students.compulsory.with_points", 2001), ("school.merged_into_parent", 0))]), false,
            "第一小学：义务教育在校生数（含所属教学点）（2001）≤ 2000，未满足"),
        ["G4.1 小学 2000 人"] = ("G4.1", () => Data([Primary(("school.students.compulsory.with_points", 2000), ("school.merged_into_parent", 0))]), true, "1/1 所达标，最高 2000 人"),
        ["G4.1 并入所属学校的教学点不单独参评"] = ("G4.1", () => Data([School("某教学点", SchoolType.TeachingPoint, ("school.students.compulsory.with_points", 2600), ("school.merged_into_parent", 1))]), true,
            "无适用的学校"),
        ["G4.2 九年一贯制 2501 人"] = ("G4.2", () => Data([School("某学校", SchoolType.NineYear, ("school.students.compulsory.with_points", 2501))]), false,
            "某学校：义务教育在校生数（含所属教学点）（2501）≤ 2500，未满足"),
        ["G4.2 十二年一贯制 2500 人"] = ("G4.2", () => Data([School("某学校", SchoolType.TwelveYear, ("school.students.compulsory.with_points", 2500))]), true, "1/1 所达标"),

        // G5 (§2.4): every 小学 class ≤ 45, every 初中 class ≤ 50, zero exceptions.
        ["G5.1 两个 46 人的小学班"] = ("G5.1", () => { var s = Primary(); return Data([s], [Class(s, "P1", 44, 10), Class(s, "P2", 46, 2)]); }, false,
            "第一小学：2 个班不满足 班级学生数 ≤ 45（最大 46 人）"),
        ["G5.1 45 人的小学班"] = ("G5.1", () => { var s = Primary(); return Data([s], [Class(s, "P1", 45, 3)]); }, true, "3/3 个班级达标，最高 45 人"),
        ["G5.2 51 人的初中班"] = ("G5.2", () => { var s = School("第一中学", SchoolType.Junior); return Data([s], [Class(s, "J1", 51, 1), Class(s, "J2", 50, 4)]); }, false,
            "第一中学：1 个班不满足 班级学生数 ≤ 50（最大 51 人）"),
        ["G5.2 48 人的小学班与初中限额无关"] = ("G5.2", () => { var s = Primary(); return Data([s], [Class(s, "P1", 48, 1)]); }, true, "无适用的班级"),

        // G6 (§2.4, §4): < 100 pupils funded as 100: 公用经费 ÷ (weighted 基准定额 650 / 850) ≥ 100.
        ["G6.1 80 人 52000 元：52000 ÷ 650 = 80"] = ("G6.1", () => Data([School("某村小学", SchoolType.Primary, ("school.students.compulsory", 80), ("school.students.primary", 80),
            ("school.students.junior", 0), ("school.public_funds_yuan", 52000))]), false, "，未满足（实际 80 < 100）"),
        ["G6.1 80 人 65000 元：65000 ÷ 650 = 100"] = ("G6.1", () => Data([School("某村小学", SchoolType.Primary, ("school.students.compulsory", 80), ("school.students.primary", 80),
            ("school.students.junior", 0), ("school.public_funds_yuan", 65000))]), true, "1/1 所达标，最低 100 人"),
        ["G6.1 40 小学 + 20 初中 71000 元：71000 ÷ (43000/60) = 99.07"] = ("G6.1", () => Data([School("某教学点", SchoolType.TeachingPoint, ("school.students.compulsory", 60),
            ("school.students.primary", 40), ("school.students.junior", 20), ("school.public_funds_yuan", 71000))]), false, "，未满足（实际 99.07 < 100）"),
        ["G6.1 120 人：不适用"] = ("G6.1", () => Data([School("某村小学", SchoolType.Primary, ("school.students.compulsory", 120))]), true,
            "无适用的学校（义务教育在校生数 > 0 且 义务教育在校生数 < 100）"),

        // G7 (§2.4): 特教 公用经费 ÷ 在校生 ≥ 6000 元.
        ["G7.1 50 人 299999 元：5999.98"] = ("G7.1", () => Data([School("特教学校", SchoolType.Special, ("school.students", 50), ("school.public_funds_yuan", 299_999))]), false,
            "特教学校：公用经费（299999）÷ 在校生数（50）≥ 6000，未满足（实际 5999.98 < 6000）"),
        ["G7.1 50 人 300000 元：6000"] = ("G7.1", () => Data([School("特教学校", SchoolType.Special, ("school.students", 50), ("school.public_funds_yuan", 300_000))]), true, "1/1 所达标，最低 6000 元"),

        // G8 (§2.4): 教师平均工资 ≥ 公务员平均工资 (demo 2022 figures).
        ["G8.1 104788 < 105463"] = ("G8.1", () => Data(county: [("salary.teacher_average", 104_788), ("salary.civil_servant_average", 105_463)]), false,
            "义务教育学校教师年平均工资收入（104788）≥ 当地公务员年平均工资收入（105463），未满足"),
        ["G8.1 相等即达标"] = ("G8.1", () => Data(county: [("salary.teacher_average", 100_000), ("salary.civil_servant_average", 100_000)]), true, "100000 元 = 100000 元"),

        // G9 (§2.4; teachers.md §1 County KPI): 近 5 年满 360 学时的专任教师 ÷ 专任教师 = 100 %, failing schools listed.
        // By hand: 第一小学 97 ÷ 100 = 97.00 %; 第一中学 50 ÷ 50.
        ["G9.1 147 / 150 = 98.00%"] = ("G9.1", () => Data([Primary(("school.teachers.training_complete", 97), ("school.teachers", 100)),
            School("第一中学", SchoolType.Junior, ("school.teachers.training_complete", 50), ("school.teachers", 50))]), false, "第一小学：97.00%（97/100），未满足 ≥ 100.00%"),
        ["G9.1 150 / 150"] = ("G9.1", () => Data([Primary(("school.teachers.training_complete", 150), ("school.teachers", 150))]), true, "100.00%（150/150）"),

        // G11 (§2.4): rotated ÷ eligible ≥ 10 %; 骨干 ÷ rotated ≥ 20 % (summed over the schools).
        ["G11.1 28 / 825 = 3.39%"] = ("G11.1", () => Data([Primary(("school.teachers.rotated", 20), ("school.teachers.rotation_eligible", 400)),
            School("第一中学", SchoolType.Junior, ("school.teachers.rotated", 8), ("school.teachers.rotation_eligible", 425))]), false, "3.39%（28/825）"),
        ["G11.1 83 / 825 = 10.06%"] = ("G11.1", () => Data([Primary(("school.teachers.rotated", 83), ("school.teachers.rotation_eligible", 825))]), true, "10.06%（83/825）"),
        ["G11.2 4 / 28 = 14.29%"] = ("G11.2", () => Data([Primary(("school.teachers.rotated", 28), ("school.teachers.rotated.key", 4))]), false,
            "交流轮岗教师中县级及以上骨干教师数（4）÷ 交流轮岗教师数（28）× 100 ≥ 20，未满足（实际 14.29 < 20.00）"),
        ["G11.2 无人交流：不适用"] = ("G11.2", () => Data([Primary(("school.teachers.rotated", 0), ("school.teachers.rotated.key", 0))]), true, "不适用"),

        // G12 (§2.4): 持证 ÷ 专任教师 = 100 %, failing schools listed.
        ["G12.1 199 / 200 = 99.50%"] = ("G12.1", () => Data([Primary(("school.teachers.certified", 99), ("school.teachers", 100)),
            School("第一中学", SchoolType.Junior, ("school.teachers.certified", 100), ("school.teachers", 100))]), false, "第一小学：99.00%（99/100），未满足 ≥ 100.00%"),
        ["G12.1 200 / 200"] = ("G12.1", () => Data([Primary(("school.teachers.certified", 200), ("school.teachers", 200))]), true, "100.00%（200/200）"),

        // G15 (§2.4): 随迁子女 in 公办 ≥ 85 %.
        ["G15.1 85 / 100 = 85%"] = ("G15.1", () => Data([Primary(("school.students.migrant.public", 85), ("school.students.migrant", 100))]), true, "85.00%（85/100）"),
        ["G15.1 84 / 100"] = ("G15.1", () => Data([Primary(("school.students.migrant.public", 84), ("school.students.migrant", 100))]), false, "84.00%（84/100）"),

        // Q1 (§2.5): 初三 ÷ 两年前初一 ≥ 95 %.
        ["Q1.1 950 / 1000 = 95%"] = ("Q1.1", () => Data([School("第一中学", SchoolType.Junior, ("school.students.junior.grade3", 950), ("school.students.junior.grade1[-2]", 1000))]), true, "95.00%（950/1000）"),
        ["Q1.1 949 / 1000 = 94.90%"] = ("Q1.1", () => Data([School("第一中学", SchoolType.Junior, ("school.students.junior.grade3", 949), ("school.students.junior.grade1[-2]", 1000))]), false,
            "初三在校生数（949）÷ 两年前初一在校生数（1000）× 100 ≥ 95，未满足（实际 94.90 < 95.00）"),
        ["Q1.1 缺少两年前的初一"] = ("Q1.1", () => Data([School("第一中学", SchoolType.Junior, ("school.students.junior.grade3", 949))]), null, "缺少数据（初一在校生数（2022-2023 学年））"),

        // Q2 (§2.5): 在校残疾儿童 ÷ 适龄残疾儿童少年数 ≥ 95 %.
        ["Q2.1 95 / 100"] = ("Q2.1", () => Data([Primary(("school.students.disabled", 95))], county: [("population.disabled_compulsory_age", 100)]), true, "95.00%（95/100）"),
        ["Q2.1 94 / 100"] = ("Q2.1", () => Data([Primary(("school.students.disabled", 94))], county: [("population.disabled_compulsory_age", 100)]), false, "94.00%（94/100）"),

        // Q4 (§2.5): every school's 培训经费 ÷ 公用经费 ≥ 5 %.
        ["Q4.1 500 / 10000 = 5%"] = ("Q4.1", () => Data([Primary(("school.teacher_training_yuan", 500), ("school.public_funds_yuan", 10_000))]), true, "1/1 所达标，最低 5.00%"),
        ["Q4.1 499 / 10000 = 4.99%"] = ("Q4.1", () => Data([Primary(("school.teacher_training_yuan", 499), ("school.public_funds_yuan", 10_000))]), false,
            "第一小学：教师培训经费（499）÷ 公用经费（10000）× 100 ≥ 5，未满足（实际 4.99 < 5.00）"),

        // S1 (§2.6): Σ满意 ÷ Σ调查人数 ≥ 85 %, every group listed.
        ["S1.1 885 / 1000 = 88.50%"] = ("S1.1", () => Data(groups: [Group("学生", 400, 380), Group("家长", 500, 410), Group("教师", 100, 95)]), true, "家长：82.00%（410/500），未满足 ≥ 85.00%"),
        ["S1.1 825 / 1000 = 82.50%"] = ("S1.1", () => Data(groups: [Group("学生", 400, 380), Group("家长", 500, 350), Group("教师", 100, 95)]), false, "82.50%（825/1000）"),
    };

    public static TheoryData<string> Scenarios => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_rule_row_matches_the_hand_calculation(string scenario)
    {
        var (code, data, met, shows) = Cases[scenario];
        var (rule, item) = Evaluate(data(), code);
        Assert.Equal(met, rule.Met);
        var text = string.Join("\n", [rule.Value, item.Value, .. item.Findings]);
        Assert.True(text.Contains(shows, StringComparison.Ordinal), $"{scenario}: 应包含“{shows}”，实际：\n{text}");
    }

    [Fact]
    public void Every_computed_item_of_the_2017_method_is_covered_by_a_case()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();
        var required = National.Rules.Where(r => r.Rule.Importance == RuleImportance.Required).Select(r => r.Rule.Code).ToList();
        Assert.All(required, c => Assert.Contains(c, covered));
        Assert.Equal(["G3", "G4", "G5", "G6", "G7", "G8", "G9", "G11", "G12", "G15", "Q1", "Q2", "Q4", "S1"], National.Rules.Select(r => r.Item.Code).Distinct().ToArray());
    }

    [Fact]
    public void The_nine_year_retention_is_shown_for_reference_only()
    {
        // §4: 九年义务教育巩固率 = 初三 ÷ 八年前小学一年级招生 (1650 / 1500 = 110.00 %), never part of Q1's verdict.
        var withIntake = new AssuranceData(Year, [School("第一中学", SchoolType.Junior, ("school.students.junior.grade3", 1650), ("school.students.junior.grade1[-2]", 1700))],
            [], [], new Dictionary<DataElementRef, decimal?> { [new("intake.primary.grade1", -8)] = 1500 });
        var (rule, item) = Evaluate(withIntake, "Q1.2");
        Assert.Equal(RuleImportance.Info, rule.Importance);
        Assert.Contains("九年义务教育巩固率：初三在校生数（1650）÷ 八年前小学一年级招生数（1500）× 100 = 110.00%，仅供参考", item.Findings);
        // Q1 itself: 1650 / 1700 = 97.06 % ≥ 95 %.
        Assert.True(item.Met);
        Assert.Equal("97.06%（1650/1700）", item.Value);
    }

    [Theory]
    [InlineData(AggregateKind.All, null, 9, 0, 1, null)]
    [InlineData(AggregateKind.All, null, 9, 1, 0, false)]
    [InlineData(AggregateKind.All, null, 10, 0, 0, true)]
    [InlineData(AggregateKind.Share, 90, 9, 0, 1, true)]
    [InlineData(AggregateKind.Share, 90, 8, 1, 1, null)]
    [InlineData(AggregateKind.Share, 90, 8, 2, 0, false)]
    [InlineData(AggregateKind.Count, 1, 9, 1, 0, true)]
    [InlineData(AggregateKind.Count, 1, 8, 1, 1, null)]
    [InlineData(AggregateKind.Count, 1, 8, 2, 0, false)]
    public void Missing_units_count_both_ways_in_the_aggregate(AggregateKind kind, int? value, int met, int failed, int missing, bool? expected)
    {
        // Share 90 with 9 met of 10 and 1 missing: worst case 9/10 = 90 % ⇒ met; 8 met, 1 missing: 80 %–90 % ⇒ undecided.
        var units = Enumerable.Repeat(UnitState.Met, met).Concat(Enumerable.Repeat(UnitState.Failed, failed)).Concat(Enumerable.Repeat(UnitState.Missing, missing))
            .Select((s, i) => new UnitStatus(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, s, null)).ToList();
        Assert.Equal(expected, ComputeAssuranceItems.Verdict(new RuleAggregate(kind, value), units));
    }
}
