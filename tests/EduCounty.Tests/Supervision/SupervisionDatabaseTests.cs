using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Safety;
using EduCounty.Security;
using EduCounty.Supervision;
using EduCounty.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Supervision;

/// <summary>Assignment, visits, drafts, cadence and rectification on SQLite and PostgreSQL, with a moved clock.</summary>
public sealed class SupervisionDatabaseTests
{
    private static readonly SupervisionRules Rules = SupervisionRules.Default();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9];

    private static async Task AssignAsync(EduDb db)
    {
        await AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d1", "督学甲", "0994-1", "DX-1", new DateOnly(2025, 8, 20), [1, 2]));
        await AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d2", "督学乙", null, null, new DateOnly(2025, 8, 20), [3]));
    }

    internal static SubmitVisit.Command Visit(int school, DateOnly date, string? key = null, params SubmitVisit.Finding[] findings) =>
        new(key ?? Guid.NewGuid().ToString("N"), school, date, 4, ["patrol", "documents"], "routine",
            [new SubmitVisit.Check("1.1", CheckResult.Conforming, null), new SubmitVisit.Check("4.1", findings.Length > 0 ? CheckResult.NonConforming : CheckResult.Conforming, null)],
            "查阅资料，巡视校园", findings.Length > 0 ? "请限期整改" : null, findings);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_supervisor_is_refused_another_supervisors_school(string provider)
    {
        var (db, setting) = await SupervisionCounty.CreateAsync(provider, "sup-scope");
        await using var _db = db;
        await AssignAsync(db);
        var day = new DateOnly(2025, 10, 10);
        // Unrestricted context (as the CLI): the library's own check.
        var e = await Assert.ThrowsAsync<RuleException>(() => SubmitVisit.HandleAsync(db, Rules, Visit(3, day), SupervisionCounty.Supervisor1, day));
        Assert.Equal("学校3不是督学甲负责督导的学校", e.Message);
        // The 督学's own scope (GetSchoolScope: their UserScope school rows): school 3 does not exist for them.
        var scope = GetSchoolScope.Handle(db, new GetSchoolScope.Query("d1", [Roles.SchoolSupervisor]));
        Assert.Equal([1, 2], scope!.Order());
        await using var mine = SupervisionCounty.Scoped(setting, [.. scope!]);
        var hidden = await Assert.ThrowsAsync<RuleException>(() => SubmitVisit.HandleAsync(mine, Rules, Visit(3, day), SupervisionCounty.Supervisor1, day));
        Assert.Contains("不在你的管理范围", hidden.Message, StringComparison.Ordinal);
        var id = (await SubmitVisit.HandleAsync(mine, Rules, Visit(1, day), SupervisionCounty.Supervisor1, day)).VisitId;
        await SubmitVisit.HandleAsync(db, Rules, Visit(3, day), SupervisionCounty.Supervisor2, day);
        Assert.Equal([id], (await ListVisits.HandleAsync(mine, new ListVisits.Query())).Select(v => v.Id));
        await using var other = SupervisionCounty.Scoped(setting, 3);
        await Assert.ThrowsAsync<RuleException>(() => GetVisit.HandleAsync(other, Rules, id, day));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Assignment_keeps_one_supervisor_per_school_and_at_most_five_schools(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "sup-assign");
        await using var _db = db;
        await AssignAsync(db);
        var taken = await Assert.ThrowsAsync<RuleException>(() =>
            AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d2", "督学乙", null, null, new DateOnly(2025, 8, 20), [3, 1])));
        Assert.Equal("学校1已由督学督学甲负责", taken.Message);
        var many = await Assert.ThrowsAsync<RuleException>(() =>
            AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d2", "督学乙", null, null, new DateOnly(2025, 8, 20), [1, 2, 3, 4, 5, 6])));
        Assert.Contains("至多负责 5 所学校", many.Message, StringComparison.Ordinal);
        var notSupervisor = await Assert.ThrowsAsync<RuleException>(() =>
            AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("s1", "x", null, null, new DateOnly(2025, 8, 20), [3])));
        Assert.Contains("没有“督学”角色", notSupervisor.Message, StringComparison.Ordinal);
        var list = await ListSupervisors.HandleAsync(db, new DateOnly(2025, 9, 1));
        Assert.Equal([("督学乙", 1), ("督学甲", 2)], list.Supervisors.Select(s => (s.Name, s.Schools.Count)).OrderBy(x => x.Item2));
        Assert.Empty(list.Unassigned);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_draft_survives_a_dropped_submit_and_a_repeated_submit_saves_one_visit(string provider)
    {
        var (db, setting) = await SupervisionCounty.CreateAsync(provider, "sup-draft");
        await using var _db = db;
        await AssignAsync(db);
        var day = new DateOnly(2025, 10, 10);
        var key = Guid.NewGuid().ToString("N");
        await SaveVisitDraft.HandleAsync(db, "d1", key, """{"school":["1"],"situation":["巡视校园"]}""");
        // A submit whose request is dropped before it finishes (cancelled): nothing saved, the draft is still there.
        using (var cts = new CancellationTokenSource())
        {
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SubmitVisit.HandleAsync(db, Rules, Visit(1, day, key), SupervisionCounty.Supervisor1, day, cts.Token));
        }
        // A submit that fails inside its transaction (the finding's hazard category is unknown, found after the visit row was
        // written): rolled back, the draft is still there.
        db.ChangeTracker.Clear();
        var bad = Visit(1, day, key, new SubmitVisit.Finding("6", "Severe", "疏散通道堵塞", "NoSuchCategory", "教学楼"));
        await Assert.ThrowsAsync<RuleException>(() => SubmitVisit.HandleAsync(db, Rules, bad, SupervisionCounty.Supervisor1, day));
        db.ChangeTracker.Clear();
        await using (var fresh = Database.Open(setting))
        {
            Assert.Equal(0, await fresh.SupervisionVisits.CountAsync());
            Assert.Equal("""{"school":["1"],"situation":["巡视校园"]}""", (await SaveVisitDraft.GetAsync(fresh, "d1", key))!.FormJson);
        }
        var good = Visit(1, day, key, new SubmitVisit.Finding("6", "Severe", "疏散通道堵塞", "Fire", "教学楼"));
        var first = await SubmitVisit.HandleAsync(db, Rules, good, SupervisionCounty.Supervisor1, day);
        var again = await SubmitVisit.HandleAsync(db, Rules, good, SupervisionCounty.Supervisor1, day);
        Assert.Equal((first.VisitId, false, true), (again.VisitId, first.AlreadySubmitted, again.AlreadySubmitted));
        Assert.Equal("阜督学〔2025〕1号", first.NoticeNumber);
        Assert.Equal(1, await db.SupervisionVisits.CountAsync());
        Assert.Null(await SaveVisitDraft.GetAsync(db, "d1", key));
        await Assert.ThrowsAsync<RuleException>(() => SaveVisitDraft.HandleAsync(db, "d1", key, "{}"));
        // The 严重 finding became a hazard of the ledger (督导发现) and has its 7-day deadline.
        var finding = await db.SupervisionFindings.SingleAsync();
        var hazard = await db.SafetyHazards.SingleAsync();
        Assert.Equal((hazard.Id, "Supervision", "Fire", new DateOnly(2025, 10, 17)), (finding.HazardId!.Value, hazard.InspectionKind, hazard.Category, finding.Deadline));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cadence_turns_overdue_when_a_month_passes_without_a_visit(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "sup-cadence");
        await using var _db = db;
        await AssignAsync(db);
        var clock = new ManualClock(new DateTimeOffset(2025, 9, 10, 8, 0, 0, TimeSpan.Zero));
        await SubmitVisit.HandleAsync(db, Rules, Visit(1, SchoolYear.Today(clock)), SupervisionCounty.Supervisor1, SchoolYear.Today(clock));
        async Task<CadenceState> StateOf(int school) =>
            (await GetVisitCadence.HandleAsync(db, Rules, new SchoolYear(2025), SchoolYear.Today(clock))).Schools.Single(s => s.SchoolId == school).State;
        clock.Advance(TimeSpan.FromDays(23)); // 2025-10-03: September done, October under way with 28 days left
        Assert.Equal(CadenceState.Ok, await StateOf(1));
        Assert.Equal(CadenceState.DueSoon, await StateOf(2)); // school 2: September unvisited but within its 5 grace days
        clock.Advance(TimeSpan.FromDays(23)); // 2025-10-26: 5 days left in October, ≤ 7 → due soon
        Assert.Equal(CadenceState.DueSoon, await StateOf(1));
        Assert.Equal(CadenceState.Overdue, await StateOf(2)); // September missed (ended 09-30, grace to 10-05)
        clock.Advance(TimeSpan.FromDays(11)); // 2025-11-06: October ended 5 days ago without a visit
        Assert.Equal(CadenceState.Overdue, await StateOf(1));
        await SubmitVisit.HandleAsync(db, Rules, Visit(1, new DateOnly(2025, 10, 30)), SupervisionCounty.Supervisor1, SchoolYear.Today(clock));
        Assert.Equal(CadenceState.Ok, await StateOf(1));
        var cadence = await GetVisitCadence.HandleAsync(db, Rules, new SchoolYear(2025), SchoolYear.Today(clock));
        // Due periods: September and October for 3 schools = 6; done: school 1 twice = 2 → 33.3 %.
        Assert.Equal(33.3m, cadence.CoveragePercent);
        var reminders = await GetSupervisionReminders.HandleAsync(db, Rules, SupervisionCounty.Supervisor1, SchoolYear.Today(clock));
        Assert.Contains(reminders, r => r.Text == "逾期未督导的学校 1 所"); // school 2 of 督学甲; school 3 is 督学乙's
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_school_reports_and_only_its_own_supervisor_reviews_and_closes_with_evidence(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "sup-rectify");
        await using var _db = db;
        await AssignAsync(db);
        var day = new DateOnly(2025, 10, 10);
        await SubmitVisit.HandleAsync(db, Rules, Visit(1, day, null, new SubmitVisit.Finding("4", "General", "作业量超标")), SupervisionCounty.Supervisor1, day);
        var f = await db.SupervisionFindings.SingleAsync();
        await Assert.ThrowsAsync<RuleException>(() => ReviewFinding.ReportAsync(db, f.Id, "已整改", null, SupervisionCounty.Supervisor1, day.AddDays(5)));
        await ReviewFinding.ReportAsync(db, f.Id, "压减作业量", null, SupervisionCounty.School1, day.AddDays(5));
        var other = await Assert.ThrowsAsync<RuleException>(() =>
            ReviewFinding.ReviewAsync(db, Rules, f.Id, ReviewConclusion.Rectified, "属实", SupervisionCounty.Supervisor2, day.AddDays(6)));
        Assert.Equal("学校1不是督学乙负责督导的学校", other.Message);
        var noEvidence = await Assert.ThrowsAsync<RuleException>(() =>
            ReviewFinding.ReviewAsync(db, Rules, f.Id, ReviewConclusion.Rectified, "属实", SupervisionCounty.Supervisor1, day.AddDays(6)));
        Assert.Contains("没有整改证据", noEvidence.Message, StringComparison.Ordinal);
        db.StoredFiles.Add(StoredFile.From(UploadedFile.Check("a.png", Png), 1, SupervisionFinding.FileOwner, f.Id, "整改证据", "学校", DateTimeOffset.UnixEpoch));
        await db.SaveChangesAsync();
        await ReviewFinding.ReviewAsync(db, Rules, f.Id, ReviewConclusion.Rectified, "属实", SupervisionCounty.Supervisor1, day.AddDays(6));
        db.ChangeTracker.Clear();
        Assert.Equal(FindingState.Closed, (await db.SupervisionFindings.SingleAsync()).State);
        var lines = await SupervisionReportSection.BuildAsync(db, new SchoolYear(2025), day.AddDays(7));
        Assert.Contains(lines, l => l.Contains("督导发现问题 1 个（一般问题 1 个），已整改销号 1 个，整改销号率 100%", StringComparison.Ordinal));
    }
}
