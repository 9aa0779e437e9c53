using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Safety;
using EduCounty.Tests.Security;
using EduCounty.Tests.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Safety;

/// <summary>The hazard loop, escalation, monthly reports, coverage and scope on SQLite and PostgreSQL, with a moved clock.</summary>
public sealed class SafetyDatabaseTests
{
    private static readonly SafetyRules Rules = SafetyRules.Default();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private static ReportHazard.Command Hazard(int school, DateOnly found) =>
        new(school, "配电室", "Fire", "电线老化裸露", "安全员", found, "Routine");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_loop_closes_only_with_evidence_and_the_right_approver_and_every_step_is_audited(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "hazard-loop");
        await using var _db = db;
        var clock = new ManualClock(new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero));
        var today = SchoolYear.Today(clock);
        var id = await ReportHazard.HandleAsync(db, Rules, Hazard(1, today), SupervisionCounty.School1, today);
        await AssessHazard.HandleAsync(db, Rules, id, "Larger", new Assessment("后勤处", "更换线路", "李四", 3m, "断电并设警示"), SupervisionCounty.School1, today);
        await RemediateHazard.StartAsync(db, id, null, SupervisionCounty.School1, today);
        clock.Advance(TimeSpan.FromDays(12));
        today = SchoolYear.Today(clock);
        await VerifyHazard.HandleAsync(db, id, "线路已更换", null, SupervisionCounty.School1, today);

        var noEvidence = await Assert.ThrowsAsync<RuleException>(() => CloseHazard.HandleAsync(db, Rules, id, "合格", SupervisionCounty.Township, today));
        Assert.Contains("没有整改证据", noEvidence.Message, StringComparison.Ordinal);
        await AttachHazardFiles.HandleAsync(db, id, [UploadedFile.Check("after.png", Png)], evidence: true, SupervisionCounty.School1);
        // 较大 is closed by 乡镇 or 安全 (safety-rules.json), not by the school.
        var wrong = await Assert.ThrowsAsync<RuleException>(() => CloseHazard.HandleAsync(db, Rules, id, "合格", SupervisionCounty.School1, today));
        Assert.Contains("较大隐患须由乡镇或安全销号", wrong.Message, StringComparison.Ordinal);
        await CloseHazard.HandleAsync(db, Rules, id, "现场验收合格", SupervisionCounty.Township, today);

        db.ChangeTracker.Clear();
        var h = await db.SafetyHazards.SingleAsync(x => x.Id == id);
        Assert.Equal((HazardState.Closed, "乡镇安全办", new DateOnly(2025, 10, 13)), (h.State, h.ClosedBy!, h.ClosedOn!.Value));
        // Report, assess, start, verify, close: five saved changes of the hazard row, each in the audit trail.
        var audited = await db.AuditEntries.CountAsync(a => a.Entity == nameof(SafetyHazard) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, audited);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Overdue_hazards_escalate_as_the_clock_moves(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "hazard-escalation");
        await using var _db = db;
        var found = new DateOnly(2025, 10, 1);
        var id = await ReportHazard.HandleAsync(db, Rules, Hazard(2, found), SupervisionCounty.Safety, found);
        await AssessHazard.HandleAsync(db, Rules, id, "General", new Assessment("后勤处", "更换"), SupervisionCounty.Safety, found);
        var clock = new ManualClock(new DateTimeOffset(2025, 10, 8, 12, 0, 0, TimeSpan.Zero));
        async Task<HazardRow> Row() => (await ListHazards.HandleAsync(db, Rules, new ListHazards.Query(SchoolYear.Today(clock), OpenOnly: true))).Single();
        // Due 2025-10-08 (7 days): on the day not overdue; +1 day 报乡镇; +15 days 报县.
        Assert.Equal((false, EscalationLevel.None), ((await Row()).Overdue, (await Row()).Escalation));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((true, 1, EscalationLevel.Township), ((await Row()).Overdue, (await Row()).DaysOverdue, (await Row()).Escalation));
        clock.Advance(TimeSpan.FromDays(14));
        Assert.Equal((15, EscalationLevel.County), ((await Row()).DaysOverdue, (await Row()).Escalation));
        var reminders = await GetSafetyReminders.HandleAsync(db, Rules, SupervisionCounty.Safety, SchoolYear.Today(clock));
        Assert.Contains(reminders, r => r.Text == "逾期已报县的隐患 1 项");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_sees_and_acts_on_its_own_hazards_only(string provider)
    {
        var (db, setting) = await SupervisionCounty.CreateAsync(provider, "hazard-scope");
        await using var _db = db;
        var day = new DateOnly(2025, 10, 1);
        await ReportHazard.HandleAsync(db, Rules, Hazard(1, day), SupervisionCounty.Safety, day);
        var other = await ReportHazard.HandleAsync(db, Rules, Hazard(2, day), SupervisionCounty.Safety, day);
        await using var school = SupervisionCounty.Scoped(setting, 1);
        Assert.Equal([1], (await ListHazards.HandleAsync(school, Rules, new ListHazards.Query(day))).Select(h => h.SchoolId));
        await Assert.ThrowsAsync<RuleException>(() => AssessHazard.HandleAsync(school, Rules, other, "General", new Assessment("u", "m"), SupervisionCounty.School1, day));
        var refused = await Assert.ThrowsAsync<RuleException>(() => ReportHazard.HandleAsync(school, Rules, Hazard(2, day), SupervisionCounty.School1, day));
        Assert.Contains("不在你的管理范围", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_that_reports_nothing_is_flagged_after_the_due_day(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "inspections");
        await using var _db = db;
        var year = new SchoolYear(2025);
        await SubmitInspectionReport.HandleAsync(db, new SubmitInspectionReport.Command(1, 2025, 9, new DateOnly(2025, 9, 20), 2, 1, "排查 2 次，发现 1 项"),
            SupervisionCounty.School1, new DateOnly(2025, 9, 30));
        await SubmitInspectionReport.HandleAsync(db, new SubmitInspectionReport.Command(2, 2025, 9, new DateOnly(2025, 9, 22), 1, 0, "未发现隐患"),
            SupervisionCounty.Safety, new DateOnly(2025, 10, 2));
        // September's report is due by 2025-10-05 (dueDay 5): on the 5th nothing is flagged, on the 6th school 3 is.
        var onTime = await GetInspectionCompliance.HandleAsync(db, Rules, year, new DateOnly(2025, 10, 5));
        Assert.Empty(onTime.DueMonths);
        var late = await GetInspectionCompliance.HandleAsync(db, Rules, year, new DateOnly(2025, 10, 6));
        Assert.Equal([(2025, 9)], late.DueMonths);
        Assert.Equal([3], late.Schools.Where(s => s.Flagged).Select(s => s.SchoolId));
        await Assert.ThrowsAsync<RuleException>(() => SubmitInspectionReport.HandleAsync(db,
            new SubmitInspectionReport.Command(3, 2025, 11, new DateOnly(2025, 11, 2), 1, 0, "x"), SupervisionCounty.Safety, new DateOnly(2025, 10, 6)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Kitchen_coverage_counts_the_schools_it_applies_to(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "coverage");
        await using var _db = db;
        var day = new DateOnly(2025, 12, 1);
        await RecordSafetyFacility.HandleAsync(db, Rules, 1, "kitchen", FacilityStatus.Installed, new DateOnly(2023, 5, 1), null, SupervisionCounty.Safety, day);
        await RecordSafetyFacility.HandleAsync(db, Rules, 2, "kitchen", FacilityStatus.NotApplicable, null, "无食堂", SupervisionCounty.Safety, day);
        var kitchen = (await GetSafetyCoverage.HandleAsync(db, Rules, day)).Single(c => c.Item.Code == "kitchen");
        // Schools 1 (built) and 3 (no record) apply, school 2 does not: 1 ÷ 2 = 50 %.
        Assert.Equal((2, 1, 1, 50m, false), (kitchen.Applicable, kitchen.Installed, kitchen.Unknown, kitchen.Percent!.Value, kitchen.Met));
        Assert.Equal("safety.kitchen_coverage", kitchen.Item.PlanTarget);
        var target = EduCounty.Plan.PlanLoader.LoadDefault().Targets.Single(t => t.Code == "safety.kitchen_coverage");
        Assert.Equal((100m, 55), (target.Value!.Value, target.TaskNumber!.Value));
        Assert.Equal(kitchen.Item.Target, target.Value);
    }
}
