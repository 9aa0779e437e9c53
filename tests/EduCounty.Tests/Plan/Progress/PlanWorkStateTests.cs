using EduCounty.Common;
using EduCounty.Plan.Progress;

namespace EduCounty.Tests.Plan.Progress;

/// <summary>未启动 → 推进中 → 已完成 (issue 3 §6); 逾期 derived from the deadline and a fake clock.</summary>
public sealed class PlanWorkStateTests
{
    private static PlanTaskRecord Task21() => new()
    {
        PlanCode = "t",
        Number = 21,
        Section = 4,
        Title = "促进义务教育优质均衡发展",
        Text = "…",
        Deadline = new DateOnly(2025, 12, 31),
    };

    private static readonly DateOnly Day = new(2022, 3, 1);

    [Fact]
    public void A_task_moves_forward_one_step_at_a_time()
    {
        var t = Task21();
        Assert.Equal(PlanWorkState.NotStarted, t.State);
        t.Start(Day);
        Assert.Equal((PlanWorkState.InProgress, Day), (t.State, t.StartedOn!.Value));
        t.Complete(Day.AddDays(30));
        Assert.Equal((PlanWorkState.Done, 100), (t.State, t.ProgressPercent));
    }

    [Fact]
    public void Illegal_moves_are_refused_in_chinese()
    {
        var t = Task21();
        var skip = Assert.Throws<RuleException>(() => t.Complete(Day));
        Assert.Contains("须先启动", skip.Message, StringComparison.Ordinal);
        Assert.Contains("任务21", skip.Message, StringComparison.Ordinal);
        Assert.Equal(PlanWorkState.NotStarted, t.State);

        t.Start(Day);
        Assert.Contains("已经是“推进中”", Assert.Throws<RuleException>(() => t.Start(Day)).Message, StringComparison.Ordinal);
        Assert.Contains("早于启动日期", Assert.Throws<RuleException>(() => t.Complete(Day.AddDays(-1))).Message, StringComparison.Ordinal);
        t.Complete(Day);
        var back = Assert.Throws<RuleException>(() => t.MoveTo(PlanWorkState.InProgress, Day));
        Assert.Contains("已完成的不能退回", back.Message, StringComparison.Ordinal);
        Assert.Contains("不再填报进展", Assert.Throws<RuleException>(() => t.Report(Day, "a", "x", 50)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reporting_progress_starts_a_task_and_checks_the_percent()
    {
        var t = Task21();
        Assert.Contains("0—100", Assert.Throws<RuleException>(() => t.Report(Day, "张三", "开工", 101)).Message, StringComparison.Ordinal);
        Assert.Equal(PlanWorkState.NotStarted, t.State);
        t.Report(Day, "张三", "制定方案", 20);
        Assert.Equal((PlanWorkState.InProgress, 20, 1), (t.State, t.ProgressPercent, t.Updates.Count));
    }

    [Fact]
    public void Overdue_is_derived_from_the_deadline_and_the_clock()
    {
        var t = Task21();
        // Deadline 2025-12-31: the day itself is on time, the next day is overdue; done work is never overdue.
        var onDeadline = new FixedClock(new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var after = new FixedClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.False(t.IsOverdue(PlanWork.Today(onDeadline)));
        Assert.True(t.IsOverdue(PlanWork.Today(after)));
        t.Start(Day);
        Assert.True(t.IsOverdue(PlanWork.Today(after)));
        t.Complete(new DateOnly(2026, 1, 5));
        Assert.False(t.IsOverdue(PlanWork.Today(after)));
    }

    [Fact]
    public void A_project_keeps_cumulative_spending_and_seats()
    {
        var p = new PlanProjectRecord { PlanCode = "t", Code = "infra.preschool.new", Name = "城南幼儿园、城北幼儿园建设项目", InvestmentWan = 4230, NewSeats = 720 };
        p.Report(Day, "李四", "开工", 10, 500m, null);
        p.Report(Day.AddDays(200), "李四", "城南幼儿园开园", 60, 2300m, 360);
        Assert.Equal((PlanWorkState.InProgress, 2300m, 360, 60), (p.State, p.SpentWan, p.SeatsDelivered, p.ProgressPercent));
        Assert.Contains("不能为负数", Assert.Throws<RuleException>(() => p.Report(Day, "李四", "x", null, -1m, null)).Message, StringComparison.Ordinal);
        p.MoveTo(PlanWorkState.Done, Day.AddDays(400));
        Assert.Contains("已完成", Assert.Throws<RuleException>(() => p.Report(Day, "李四", "x", null, 1m, null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_is_limited_by_type_content_and_size()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var a = Evidence.Create("现场照片.png", png);
        Assert.Equal(("image/png", 11L, 64), (a.ContentType, a.SizeBytes, a.Sha256.Length));
        Assert.Contains("类型不允许", Assert.Throws<RuleException>(() => Evidence.Create("setup.exe", png)).Message, StringComparison.Ordinal);
        // An executable renamed to .pdf: "MZ" is not "%PDF-".
        Assert.Contains("内容与扩展名不符", Assert.Throws<RuleException>(() => Evidence.Create("验收报告.pdf", "MZ\x90\0"u8.ToArray())).Message, StringComparison.Ordinal);
        var big = new byte[Evidence.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        Assert.Contains("超过 10 MB", Assert.Throws<RuleException>(() => Evidence.Create("大文件.pdf", big)).Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
