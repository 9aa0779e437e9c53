using EduCounty.Common;
using EduCounty.Plan.Progress;

namespace EduCounty.Tests.Plan.Progress;

/// <summary>问题台账: 待整改 → 整改中 → 已销号, reopen, derived 逾期.</summary>
public sealed class IssueLedgerTests
{
    private static IssueLedgerItem Item() => new()
    {
        PlanCode = "t",
        Problem = "巩固率低于约束性目标",
        Source = "年度评估",
        ResponsibleUnit = "基础教育股",
        Deadline = new DateOnly(2024, 8, 31),
    };

    private static readonly DateOnly Today = new(2024, 9, 10);

    [Fact]
    public void An_item_is_rectified_then_closed_with_date_and_who()
    {
        var i = Item();
        Assert.Contains("尚未开始整改", Assert.Throws<RuleException>(() => i.Close(Today, "督导室", Today, "已整改")).Message, StringComparison.Ordinal);
        Assert.Contains("整改措施", Assert.Throws<RuleException>(() => i.StartRectification(" ", Today)).Message, StringComparison.Ordinal);
        i.StartRectification("逐校核查学籍异动", Today);
        Assert.Equal(IssueState.Rectifying, i.State);
        Assert.Contains("须填写整改情况", Assert.Throws<RuleException>(() => i.Close(Today, "督导室", Today)).Message, StringComparison.Ordinal);
        Assert.Contains("晚于今天", Assert.Throws<RuleException>(() => i.Close(Today.AddDays(1), "督导室", Today, "已整改")).Message, StringComparison.Ordinal);
        i.Close(Today, "督导室", Today, "核查完成");
        Assert.Equal((IssueState.Closed, Today, "督导室"), (i.State, i.ClosedOn!.Value, i.ClosedBy!));
        Assert.Contains("已于 2024-09-10 销号", Assert.Throws<RuleException>(() => i.Close(Today, "x", Today, "y")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_item_can_be_reopened_with_a_reason()
    {
        var i = Item();
        Assert.Contains("只有已销号", Assert.Throws<RuleException>(() => i.Reopen("复查未通过", Today)).Message, StringComparison.Ordinal);
        i.StartRectification("措施", Today);
        i.Close(Today, "督导室", Today, "已整改");
        i.Reopen("复查未通过", Today.AddDays(5));
        Assert.Equal((IssueState.Rectifying, (DateOnly?)null, (string?)null, 1), (i.State, i.ClosedOn, i.ClosedBy, i.Reopened));
        Assert.Contains("2024-09-15 重新打开：复查未通过", i.Situation, StringComparison.Ordinal);
    }

    [Fact]
    public void Overdue_is_derived_and_ends_with_closing()
    {
        var i = Item();
        // Deadline 2024-08-31.
        Assert.False(i.IsOverdue(new DateOnly(2024, 8, 31)));
        Assert.True(i.IsOverdue(new DateOnly(2024, 9, 1)));
        i.StartRectification("措施", Today);
        Assert.True(i.IsOverdue(Today));
        i.Close(Today, "督导室", Today, "已整改");
        Assert.False(i.IsOverdue(Today));
    }
}
