using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Supervision;

namespace EduCounty.Tests.Supervision;

/// <summary>
/// Cadence periods and states, and a finding's 复查/销号 on the entity, against supervision-rules.json (每月至少 1 次 in
/// months 9–12 and 3–6, 5 grace days, reminder 7 days before the month ends; 一般问题 30 days; safety-and-supervision.md §B).
/// </summary>
public sealed class SupervisionRuleTests
{
    private static readonly SupervisionRules Rules = SupervisionRules.Default();
    private static readonly CadencePeriod October = new("2025 年 10 月", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31));

    [Fact]
    public void The_year_has_the_active_months_or_the_terms_as_periods()
    {
        var months = Rules.Periods(new SchoolYear(2025));
        Assert.Equal(["2025-09", "2025-10", "2025-11", "2025-12", "2026-03", "2026-04", "2026-05", "2026-06"],
            months.Select(p => p.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
        var terms = SupervisionRules.WithOverride("""{ "cadence": { "period": "Term", "minimumVisits": 4 } }""");
        Assert.Equal([(new DateOnly(2025, 9, 1), new DateOnly(2026, 1, 31)), (new DateOnly(2026, 2, 1), new DateOnly(2026, 7, 31))],
            terms.Periods(new SchoolYear(2025)).Select(p => (p.From, p.To)));
        Assert.Equal(4, terms.Cadence.MinimumVisits);
    }

    [Theory]
    // October 2025 with 5 grace days: missed from 2025-11-06.
    [InlineData(0, "2025-09-20", PeriodState.Upcoming)]
    [InlineData(0, "2025-10-03", PeriodState.Current)]
    [InlineData(0, "2025-11-05", PeriodState.Current)]
    [InlineData(0, "2025-11-06", PeriodState.Missed)]
    [InlineData(1, "2025-11-06", PeriodState.Done)]
    public void A_period_is_done_under_way_or_missed(int visits, string today, PeriodState state) =>
        Assert.Equal(state, GetVisitCadence.Status(Rules.Cadence, October, visits, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).State);

    [Fact]
    public void A_finding_is_closed_only_with_evidence_and_otherwise_sent_back_with_a_new_deadline()
    {
        var grade = Rules.Grade("General");
        var f = SupervisionFinding.Create(grade, "4", "作业量超标", 1, new DateOnly(2025, 10, 10));
        Assert.Equal(new DateOnly(2025, 11, 9), f.Deadline); // 2025-10-10 + 30
        var d1 = new ActingUser("d1", "督学甲", [Roles.SchoolSupervisor]);
        Assert.Contains("尚未报送整改", Assert.Throws<RuleException>(() => f.Review(ReviewConclusion.Rectified, "ok", d1, grade, 1, new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 20))).Message, StringComparison.Ordinal);
        f.ReportRectification("压减作业量", "学校", new DateOnly(2025, 10, 18));
        Assert.Equal(new DateOnly(2025, 10, 21), f.ReviewDue(Rules.ReviewDays)); // 3 days
        Assert.Contains("没有整改证据", Assert.Throws<RuleException>(() => f.Review(ReviewConclusion.Rectified, "ok", d1, grade, 0, new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 20))).Message, StringComparison.Ordinal);
        f.Review(ReviewConclusion.Partly, "仍有班级超量", d1, grade, 0, new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 20));
        Assert.Equal((FindingState.Open, new DateOnly(2025, 11, 19), 1), (f.State, f.Deadline, f.Reviews));
        Assert.True(f.IsOverdue(new DateOnly(2025, 11, 20)));
        f.ReportRectification("再次整改", "学校", new DateOnly(2025, 11, 1));
        f.Review(ReviewConclusion.Rectified, "复查属实", d1, grade, 2, new DateOnly(2025, 11, 3), new DateOnly(2025, 11, 3));
        Assert.Equal((FindingState.Closed, new DateOnly(2025, 11, 3)), (f.State, f.ClosedOn!.Value));
        Assert.False(f.IsOverdue(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void The_rules_carry_the_eight_items_and_their_sources()
    {
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], Rules.Items.Select(i => i.Code));
        Assert.Equal(5, Rules.MaxSchoolsPerSupervisor);
        Assert.All(Rules.Checklists.SelectMany(c => c.Checks), k => Assert.False(string.IsNullOrWhiteSpace(k.Source)));
        Assert.Throws<FormatException>(() => SupervisionRules.WithOverride("""{ "checklists": [ { "code": "routine", "checks": [ { "code": "9.9", "item": "9", "text": "x", "source": "y" } ] } ] }"""));
    }
}
