using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Tests.Balance;

/// <summary>
/// Provincial overrides of the 政府保障程度/教育质量 rule rows through the same profile file as the L/B thresholds
/// (balance-rules.md §1: national thresholds as defaults, a provincial override profile; docs/adr/0021).
/// </summary>
public sealed class AssuranceProfileTests
{
    private static AssuranceData SpecialSchool(decimal students, decimal funds) =>
        new(2024, [new RuleUnit("特教学校", new RuleSchool(1, "特教学校", SchoolType.Special), new Dictionary<DataElementRef, decimal?>
        {
            [new("school.students")] = students,
            [new("school.public_funds_yuan")] = funds,
        })], [], [], new Dictionary<DataElementRef, decimal?>());

    private static ComputedItem Item(BalanceProfile profile, AssuranceData data, string code) =>
        ComputeAssuranceItems.Evaluate(CompiledAssurance.Of(profile.Assurance), data).Single(i => i.Code == code);

    [Fact]
    public void A_province_raising_the_G7_threshold_to_8000_turns_a_6000_yuan_school_red()
    {
        // balance-rules.md §2.4 G7: 6000 元 nationally, "provinces may set higher, e.g. 8000". 60 pupils, 360 000 元 ⇒ 6000 元 a pupil.
        var data = SpecialSchool(60, 360_000);
        Assert.True(Item(BalanceProfile.National(), data, "G7").Met);
        var province = BalanceProfile.WithOverride("""
            { "id": "xj", "assurance": { "items": [ { "code": "G7", "rules": [ { "code": "G7.1", "threshold": 8000 } ] } ] } }
            """);
        var g7 = Item(province, data, "G7");
        Assert.False(g7.Met);
        Assert.Equal(["特教学校：公用经费（360000）÷ 在校生数（60）≥ 8000，未满足（实际 6000 < 8000）"], g7.Findings);
        // Everything else is the national profile's.
        Assert.Equal(96m, province.Assurance["G3"].Active.Single(r => r.Code == "G3.3").Threshold);
        Assert.Equal(BalanceProfile.National().Methods.Count, province.Methods.Count);
    }

    [Fact]
    public void A_province_can_disable_a_rule_add_one_and_change_a_constant()
    {
        var province = BalanceProfile.WithOverride("""
            {
              "assurance": {
                "constants": [ { "code": "quota.public_funds.primary", "value": 700 } ],
                "items": [
                  { "code": "G3", "rules": [ { "code": "G3.3", "enabled": false }, { "code": "G3.4", "enabled": false } ] },
                  { "code": "G7", "rules": [ { "code": "G7.2", "name": "特殊教育学校公用经费总额", "level": "School", "schoolTypes": ["Special"],
                      "left": "#{school.public_funds_yuan}", "operator": ">=", "threshold": 400000, "unit": "元", "source": "某省实施细则（示例）" } ] }
                ]
              }
            }
            """);
        Assert.Equal(["G3.1", "G3.2"], province.Assurance["G3"].Active.Select(r => r.Code).ToArray());
        var g7 = Item(province, SpecialSchool(60, 360_000), "G7");
        // G7.1 holds (6000 ≥ 6000) but the added G7.2 does not (360 000 < 400 000).
        Assert.Equal([true, false], g7.Rules.Select(r => r.Met).ToArray());
        Assert.False(g7.Met);
        Assert.Contains("特教学校：公用经费（360000）≥ 400000，未满足", g7.Findings);
        // G6 with 小学 650 → 700 元: 80 pupils and 52 000 元 are 52 000 ÷ 700 = 74.29 funded pupils (74.29 < 100).
        var village = new AssuranceData(2024, [new RuleUnit("某村小学", new RuleSchool(2, "某村小学", SchoolType.Primary), new Dictionary<DataElementRef, decimal?>
        {
            [new("school.students.compulsory")] = 80, [new("school.students.primary")] = 80, [new("school.students.junior")] = 0, [new("school.public_funds_yuan")] = 52_000,
        })], [], [], new Dictionary<DataElementRef, decimal?>());
        Assert.Contains(Item(province, village, "G6").Findings, f => f.Contains("小学生均公用经费基准定额（700）", StringComparison.Ordinal) && f.EndsWith("（实际 74.29 < 100）", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_can_be_switched_from_a_threshold_to_an_expression()
    {
        // Right side replaced by an expression: 特教 per pupil at least the 初中 基准定额 × 8 (850 × 8 = 6800 > 6000).
        var province = BalanceProfile.WithOverride("""
            { "assurance": { "items": [ { "code": "G7", "rules": [ { "code": "G7.1", "threshold": null, "right": "#{quota.public_funds.junior} * 8" } ] } ] } }
            """);
        var g7 = Item(province, SpecialSchool(60, 360_000), "G7");
        Assert.False(g7.Met);
        Assert.Equal(["特教学校：公用经费（360000）÷ 在校生数（60）≥ 初中生均公用经费基准定额（850）× 8，未满足（实际 6000 < 6800）"], g7.Findings);
    }

    [Theory]
    [InlineData("""{ "code": "G7.1", "left": "#{school.funds} / #{school.students}" }""", "规则 G7.1（项目 G7）：未知的数据元素“school.funds”")]
    [InlineData("""{ "code": "G7.1", "right": "6000" }""", "规则 G7.1（项目 G7）：right 与 threshold 只能设置一个（覆盖文件改用阈值时把 right 设为 null）")]
    [InlineData("""{ "code": "G7.1", "operator": "=>" }""", "规则 G7.1（项目 G7）：比较运算符“=>”无效，可用：>=、<=、>、<、==、!=（或 ≥、≤、=、≠）")]
    [InlineData("""{ "code": "G7.1", "left": "#{school.public_funds_yuan} / (#{school.students}" }""", "规则 G7.1（项目 G7）的左侧第 50 列：缺少右括号（与第 31 列的左括号配对）")]
    [InlineData("""{ "code": "G7.1", "left": "#{class.headcount}" }""", "规则 G7.1（项目 G7）：学校级规则不能引用班级数据元素“class.headcount”")]
    [InlineData("""{ "code": "G7.1", "aggregate": { "kind": "Share", "value": 120 } }""", "规则 G7.1（项目 G7）：按比例汇总（Share）的 value 应为 0 到 100 的百分数")]
    public void A_bad_override_is_refused_on_load_with_the_rule_and_the_reason_in_chinese(string rule, string message)
    {
        var e = Assert.Throws<FormatException>(() => BalanceProfile.WithOverride($$"""{ "assurance": { "items": [ { "code": "G7", "rules": [ {{rule}} ] } ] } }"""));
        Assert.Contains(message, e.Message.Split('\n'));
        Assert.StartsWith("优质均衡评估规则有误：", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_national_profile_is_parsed_once_and_its_rules_compiled_once()
    {
        Assert.Same(BalanceProfile.National(), BalanceProfile.National());
        Assert.Same(CompiledAssurance.Of(AssuranceStandards.National()), CompiledAssurance.Of(BalanceProfile.National().Assurance));
        // Collect pass: the elements of every rule, constants excluded, year offsets kept (Q1: 初一 two years back).
        var elements = CompiledAssurance.Of(AssuranceStandards.National()).Elements;
        Assert.Contains(new DataElementRef("school.students.junior.grade1", -2), elements);
        Assert.Contains(new DataElementRef("intake.primary.grade1", -8), elements);
        Assert.DoesNotContain(elements, e => e.Code.StartsWith("quota.", StringComparison.Ordinal));
    }
}
