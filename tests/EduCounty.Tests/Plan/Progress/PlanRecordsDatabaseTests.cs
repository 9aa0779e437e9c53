using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Progress;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan.Progress;

/// <summary>Plan records on SQLite and PostgreSQL: idempotent load, audited updates with evidence, the demo's progress.</summary>
public sealed class PlanRecordsDatabaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Loading_the_plan_twice_adds_nothing_the_second_time_and_keeps_edits(string provider)
    {
        await using var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, "planload"));
        db.Actor = "tester";
        var plan = PlanLoader.LoadDefault();
        var first = await LoadPlanRecords.HandleAsync(db, plan);
        // plans/fukang-2021-2025.json: 58 tasks; 专栏 1–9 list 1+1+3+1+7+1+1+3+1 = 19 projects.
        Assert.Equal((58, 0, 19, 0), (first.TasksAdded, first.TasksKept, first.ProjectsAdded, first.ProjectsKept));

        await RecordPlanProgress.ForTaskAsync(db, plan.Code, 21, new(new DateOnly(2022, 5, 1), "规划股", "制定优质均衡推进方案", 30), new DateOnly(2022, 5, 2));
        db.ChangeTracker.Clear();
        var second = await LoadPlanRecords.HandleAsync(db, plan);
        Assert.Equal((0, 58, 0, 19), (second.TasksAdded, second.TasksKept, second.ProjectsAdded, second.ProjectsKept));
        Assert.Equal(58, await db.PlanTasks.CountAsync());
        var t21 = await db.PlanTasks.SingleAsync(t => t.Number == 21);
        Assert.Equal((PlanWorkState.InProgress, 30, new DateOnly(2025, 12, 31)), (t21.State, t21.ProgressPercent, t21.Deadline!.Value));
        var inv = await db.PlanProjects.Where(p => p.Code == "infra.compulsory.new").Select(p => new { p.InvestmentWan, p.NewSeats, p.AreaM2 }).SingleAsync();
        Assert.Equal((21000m, 3240, 42000m), (inv.InvestmentWan!.Value, inv.NewSeats!.Value, inv.AreaM2!.Value));

        // Another county's plan loads beside it under its own code.
        var other = plan with { Code = "other-2021-2025", DivisionCode = "652301" };
        Assert.Equal(58, (await LoadPlanRecords.HandleAsync(db, other)).TasksAdded);
        Assert.Equal(116, await db.PlanTasks.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_tasks_deadline_and_units_are_reassigned_audited_and_kept_by_a_reload(string provider)
    {
        await using var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, "planassign"));
        db.Actor = "规划股";
        var plan = PlanLoader.LoadDefault();
        await LoadPlanRecords.HandleAsync(db, plan);
        var before = await db.PlanTasks.Where(t => t.Number == 21).Select(t => t.ResponsibleUnits).SingleAsync();

        // Units split at 、，; and trimmed, a repeat dropped; the deadline brought forward into the period.
        var r = await EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2024, 6, 30), " 市教育局，市财政局; 市教育局、 市自然资源局 ");
        Assert.Equal(("市教育局、市财政局、市自然资源局", new DateOnly(2024, 6, 30), true), (r.ResponsibleUnits, r.Deadline, r.Changed));
        db.ChangeTracker.Clear();
        var t21 = await db.PlanTasks.SingleAsync(t => t.Number == 21);
        Assert.Equal(("市教育局、市财政局、市自然资源局", new DateOnly(2024, 6, 30)), (t21.ResponsibleUnits, t21.Deadline!.Value));
        // Overdue from the day after: 2024-07-01 (not started, so not 已完成).
        Assert.False(t21.IsOverdue(new DateOnly(2024, 6, 30)));
        Assert.True(t21.IsOverdue(new DateOnly(2024, 7, 1)));
        var audit = await db.AuditEntries.Where(a => a.Entity == nameof(PlanTaskRecord) && a.Action == "update").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("规划股", entry.UserName);
        Assert.Contains("市自然资源局", entry.Changes, StringComparison.Ordinal);
        Assert.Contains(before, entry.Changes, StringComparison.Ordinal);

        // Saving the same again changes nothing and writes no audit entry; a reload of the plan file keeps the edit.
        Assert.False((await EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2024, 6, 30), "市教育局、市财政局、市自然资源局")).Changed);
        await LoadPlanRecords.HandleAsync(db, plan);
        db.ChangeTracker.Clear();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(PlanTaskRecord) && a.Action == "update"));
        Assert.Equal(new DateOnly(2024, 6, 30), (await db.PlanTasks.SingleAsync(t => t.Number == 21)).Deadline);

        // Refused, nothing written: no unit, a unit over 50 characters, a deadline before the period, an unknown task.
        Assert.Equal("请填写至少一个责任单位", (await Assert.ThrowsAsync<RuleException>(() => EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2024, 6, 30), " 、，"))).Message);
        Assert.Contains("超过 50 字", (await Assert.ThrowsAsync<RuleException>(() => EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2024, 6, 30), new string('局', 51)))).Message, StringComparison.Ordinal);
        // 20 units of 24 characters joined by 、: 20 × 24 + 19 = 499 fit the 500-character column; a 21st does not (524).
        var twenty = string.Join("、", Enumerable.Range(10, 20).Select(i => $"单位{i}" + new string('局', 20)));
        Assert.Equal(499, (await EditPlanTask.HandleAsync(db, plan, 22, new DateOnly(2024, 6, 30), twenty)).ResponsibleUnits.Length);
        Assert.Equal("责任单位合计 524 字，超过 500 字", (await Assert.ThrowsAsync<RuleException>(() =>
            EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2024, 6, 30), twenty + "、单位30" + new string('局', 20)))).Message);
        Assert.Equal("完成期限 2020-12-31 早于规划期开始（2021-01-01）",
            (await Assert.ThrowsAsync<RuleException>(() => EditPlanTask.HandleAsync(db, plan, 21, new DateOnly(2020, 12, 31), "市教育局"))).Message);
        Assert.Equal("规划中没有任务 59", (await Assert.ThrowsAsync<RuleException>(() => EditPlanTask.HandleAsync(db, plan, 59, new DateOnly(2024, 6, 30), "市教育局"))).Message);
        db.ChangeTracker.Clear();
        var kept = await db.PlanTasks.SingleAsync(t => t.Number == 21);
        Assert.Equal(("市教育局、市财政局、市自然资源局", new DateOnly(2024, 6, 30)), (kept.ResponsibleUnits, kept.Deadline!.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_project_update_with_evidence_is_stored_and_audited(string provider)
    {
        await using var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, "planupd"));
        db.Actor = "规划股张三";
        var plan = PlanLoader.LoadDefault();
        await LoadPlanRecords.HandleAsync(db, plan);
        byte[] pdf = [.. "%PDF-1.4 test"u8];
        var id = await RecordPlanProgress.ForProjectAsync(db, plan.Code, "infra.preschool.new",
            new(new DateOnly(2023, 8, 25), "张三", "城南幼儿园开园", 60, 2300.5m, 360, new("验收报告.pdf", pdf)), new DateOnly(2023, 9, 1));
        db.ChangeTracker.Clear();
        var p = await db.PlanProjects.SingleAsync(x => x.Code == "infra.preschool.new");
        Assert.Equal((PlanWorkState.InProgress, 2300.5m, 360), (p.State, p.SpentWan, p.SeatsDelivered));
        var a = await db.PlanAttachments.Include(x => x.Content).SingleAsync(x => x.UpdateId == id);
        Assert.Equal(("验收报告.pdf", "application/pdf"), (a.FileName, a.ContentType));
        Assert.Equal(pdf, a.Content!.Bytes);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Entity == nameof(PlanAttachment) && e.UserName == "规划股张三"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Entity == nameof(PlanProjectRecord) && e.Action == "update"));
        // The bytes themselves are not copied into the audit trail.
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Entity == nameof(PlanAttachmentContent)));

        var future = await Assert.ThrowsAsync<RuleException>(() => RecordPlanProgress.ForProjectAsync(db, plan.Code, "infra.preschool.new",
            new(new DateOnly(2023, 9, 2), "张三", "x", null), new DateOnly(2023, 9, 1)));
        Assert.Contains("晚于今天", future.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_demo_county_has_plan_progress_with_one_overdue_ledger_item(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var r = await GetPlanProgress.HandleAsync(db, new(PlanLoader.LoadDefault().Code, new DateOnly(2026, 11, 29)));
        Assert.Equal(58, r.Tasks.Count);
        Assert.Equal(19, r.Projects.Count);
        // DemoPlanProgress: 5 items; 2 closed, 2 rectifying (deadlines 2026-06-30 and 2027-08-31), 1 pending (2027-12-31).
        Assert.Equal((2, 2, 1, 1), (r.IssueCount.Closed, r.IssueCount.Rectifying, r.IssueCount.Pending, r.IssueCount.Overdue));
        Assert.Equal(new DateOnly(2026, 6, 30), r.OverdueIssues.Single().Deadline);
        // 城南/城北幼儿园: planned 4230 万元 and 720 seats (专栏5); the demo reports 4185 万元 spent and 720 seats delivered.
        var pre = r.Projects.Single(p => p.Code == "infra.preschool.new");
        Assert.Equal((4230m, 4185m, 720, 720, PlanWorkState.Done), (pre.InvestmentWan!.Value, pre.SpentWan, pre.NewSeats!.Value, pre.SeatsDelivered, pre.State));
        // Every task not 已完成 is overdue after 2025-12-31 (the plan period's end), and none that is done.
        Assert.Equal(r.TaskCounts.NotStarted + r.TaskCounts.InProgress, r.TaskCounts.Overdue);
        Assert.True(r.TaskCounts.Done > 0 && r.TaskCounts.InProgress > 0);
        var before = await GetPlanProgress.HandleAsync(db, new(PlanLoader.LoadDefault().Code, new DateOnly(2025, 12, 31)));
        Assert.Equal(0, before.TaskCounts.Overdue);
    }
}
