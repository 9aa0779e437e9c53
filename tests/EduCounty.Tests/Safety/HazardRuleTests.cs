using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Safety;
using EduCounty.Security;

namespace EduCounty.Tests.Safety;

/// <summary>
/// The hazard loop on the entity (safety-and-supervision.md §A1, §A3, §A4) against the shipped rules (safety-rules.json:
/// 一般 7 days, 学校管理员 or 安全; 较大 30 days, 乡镇 or 安全; 重大 90 days, 安全 only, 挂牌督办, 五落实).
/// </summary>
public sealed class HazardRuleTests
{
    private static readonly SafetyRules Rules = SafetyRules.Default();
    private static readonly DateOnly Found = new(2025, 10, 1);

    internal static SafetyHazard New(DateOnly? found = null) => new()
    {
        Id = 7,
        SchoolId = 1,
        Location = "教学楼",
        Category = "Fire",
        Description = "灭火器过期",
        FoundBy = "安全员",
        FoundOn = found ?? Found,
        InspectionKind = "Routine",
        ReportedBy = "test",
    };

    private static readonly Assessment Plain = new("后勤处", "更换灭火器");
    private static readonly Assessment FivePoints = new("后勤处", "加固围墙", "张三", 12.5m, "设置警戒区，专人值守");

    [Theory]
    // Deadline = 发现日期 + the grade's days (safety-rules.json deadlineDays): 2025-10-01 + 7 / 30 / 90.
    [InlineData("General", "2025-10-08", false)]
    [InlineData("Larger", "2025-10-31", false)]
    [InlineData("Major", "2025-12-30", true)]
    public void Assessment_sets_the_deadline_of_the_grade_and_supervises_major_ones(string grade, string due, bool supervised)
    {
        var h = New();
        h.Assess(Rules.Grade(grade), FivePoints, "test", Found);
        Assert.Equal((DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), supervised, HazardState.Assessed), (h.DueDate!.Value, h.Supervised, h.State));
    }

    [Fact]
    public void Larger_and_major_hazards_need_the_five_points()
    {
        var e = Assert.Throws<RuleException>(() => New().Assess(Rules.Grade("Major"), Plain, "test", Found));
        Assert.Contains("缺少：责任人、资金、应急预案", e.Message, StringComparison.Ordinal);
        New().Assess(Rules.Grade("General"), Plain, "test", Found); // 一般: measures and unit suffice
    }

    [Fact]
    public void The_loop_refuses_illegal_transitions()
    {
        var h = New();
        Assert.Contains("不能申请销号", Assert.Throws<RuleException>(() => h.Verify("好了", "x", Found)).Message, StringComparison.Ordinal);
        Assert.Contains("不能开始治理", Assert.Throws<RuleException>(() => h.StartRemediation("x", Found)).Message, StringComparison.Ordinal);
        h.Assess(Rules.Grade("General"), Plain, "test", Found);
        h.Control("设置警示带", "x", Found);
        Assert.Equal(HazardState.Controlled, h.State);
        Assert.Contains("不能申请销号", Assert.Throws<RuleException>(() => h.Verify("好了", "x", Found)).Message, StringComparison.Ordinal);
        h.StartRemediation("x", Found);
        var admin = new ActingUser("u", "校长", [Roles.SchoolAdmin]);
        Assert.Contains("须先由学校整改完成", Assert.Throws<RuleException>(() => h.Close(Rules.Grade("General"), admin, 1, "ok", Found, Found)).Message, StringComparison.Ordinal);
        h.Verify("已更换", "x", Found.AddDays(2));
        h.Reject("照片不清楚", "校长", Found.AddDays(3));
        Assert.Equal((HazardState.Remediating, 1), (h.State, h.Rejections));
    }

    [Fact]
    public void Closing_needs_evidence_and_the_approver_the_grade_requires()
    {
        var today = Found.AddDays(10);
        var general = New();
        general.Assess(Rules.Grade("General"), Plain, "test", Found);
        general.StartRemediation("x", Found);
        general.Verify("已更换", "x", Found.AddDays(2));
        var admin = new ActingUser("u1", "校长", [Roles.SchoolAdmin]);
        var township = new ActingUser("u2", "乡镇安全办", [Roles.Township]);
        Assert.Contains("没有整改证据", Assert.Throws<RuleException>(() => general.Close(Rules.Grade("General"), admin, 0, "合格", today, today)).Message, StringComparison.Ordinal);
        Assert.Contains("一般隐患须由学校管理员或安全销号", Assert.Throws<RuleException>(() => general.Close(Rules.Grade("General"), township, 1, "合格", today, today)).Message, StringComparison.Ordinal);
        Assert.Contains("晚于今天", Assert.Throws<RuleException>(() => general.Close(Rules.Grade("General"), admin, 1, "合格", today.AddDays(1), today)).Message, StringComparison.Ordinal);
        general.Close(Rules.Grade("General"), admin, 1, "合格", today, today);
        Assert.Equal((HazardState.Closed, "校长", Roles.SchoolAdmin), (general.State, general.ClosedBy!, general.ClosedAs!));

        var major = New();
        major.Assess(Rules.Grade("Major"), FivePoints, "test", Found);
        major.StartRemediation("x", Found);
        major.Verify("已加固", "x", Found.AddDays(5));
        Assert.Contains("重大隐患须由安全销号", Assert.Throws<RuleException>(() => major.Close(Rules.Grade("Major"), admin, 2, "合格", today, today)).Message, StringComparison.Ordinal);
        major.Close(Rules.Grade("Major"), new ActingUser("u3", "安全股", [Roles.Safety]), 2, "合格", today, today);
        Assert.Equal(HazardState.Closed, major.State);
    }

    [Theory]
    // 一般: due 2025-10-08; escalation steps 1 day → 乡镇, 15 days → 县 (safety-rules.json).
    [InlineData("2025-10-08", EscalationLevel.None, 0)]
    [InlineData("2025-10-09", EscalationLevel.Township, 1)]
    [InlineData("2025-10-22", EscalationLevel.Township, 14)]
    [InlineData("2025-10-23", EscalationLevel.County, 15)]
    public void Overdue_hazards_escalate_to_the_township_then_the_county(string today, EscalationLevel level, int days)
    {
        var h = New();
        var grade = Rules.Grade("General");
        h.Assess(grade, Plain, "test", Found);
        var d = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((level, days, days > 0), (h.EscalationOn(d, grade), h.DaysOverdue(d), h.IsOverdue(d)));
    }

    [Fact]
    public void A_province_overrides_deadlines_and_approvers_and_bad_rules_are_refused()
    {
        var province = SafetyRules.WithOverride("""{ "grades": [ { "code": "General", "deadlineDays": 3, "approverRoles": ["安全"] } ] }""");
        var h = New();
        h.Assess(province.Grade("General"), Plain, "test", Found);
        Assert.Equal(new DateOnly(2025, 10, 4), h.DueDate);
        Assert.Equal(["安全"], province.Grade("General").ApproverRoles);
        Assert.Equal(30, province.Grade("Larger").DeadlineDays); // untouched rows keep the defaults
        Assert.Throws<FormatException>(() => SafetyRules.WithOverride("""{ "grades": [ { "code": "General", "deadlineDays": 0 } ] }"""));
        Assert.All(Rules.Grades, g => Assert.Contains("§A", g.Source, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "≤7 天")]
    [InlineData(7, "≤7 天")]
    [InlineData(8, "8–30 天")]
    [InlineData(91, ">90 天")]
    public void Ages_fall_in_the_configured_buckets(int days, string bucket) =>
        Assert.Equal(bucket, SafetyRules.AgeBucket(Rules.AgeBuckets, days));
}
