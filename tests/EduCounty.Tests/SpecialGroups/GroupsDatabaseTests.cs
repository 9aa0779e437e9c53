using System.Globalization;
using System.Text;
using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Registry;
using EduCounty.SpecialGroups;
using EduCounty.Tests.DropoutPrevention;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.SpecialGroups;

/// <summary>
/// The special groups on SQLite and PostgreSQL (issue 17 item 3), on the small county of <see cref="DropoutCounty"/>
/// (schools 1–3 ordinary, 4 特教学校; students born 2014-03-01, so 11 周岁 on 2025-08-31): 送教上门 hours delivered
/// against the plan and the placement counts, the 送教上门 data element read from the records (statistic otherwise), the
/// 资源教室 flag (groups-rules.json: ≥ 5 随班就读 pupils), the 留守 lists by term, the school scope, masking and audit.
/// </summary>
public sealed class GroupsDatabaseTests
{
    private static readonly GroupsRules Rules = GroupsRules.Default();
    private static readonly SchoolYear Year = new(2025);

    private static Student Disabled(EduDb db, int n, int school, string grade)
    {
        var st = DropoutCounty.Student(db, n, school, grade);
        st.SetDisability(DropoutCounty.Protector, DisabilityType.Multiple);
        return st;
    }

    private static void Snapshot(EduDb db, Student st, int year = 2025) =>
        db.StudentYears.Add(new StudentYear { StudentId = st.Id, SchoolId = st.SchoolId, Grade = st.Grade, Year = year });

    /// <summary>
    /// Plan 2025-2026 for 学生1 (school 1, no class: 送教上门): 10 visits, 30 课时. Visits 2025-09-09 3 h, 2025-09-12 2.5 h,
    /// 2025-10-10 3 h → 3 visits, 8.5 课时, 8.5 ÷ 30 = 28.3 %. Gap 14 days: on 2025-10-20 the last visit is 10 days old (not
    /// overdue), on 2025-10-31 21 days (overdue). Placements: 学生2 P3 in school 2's snapshot (随班就读), 学生3 X2 in school 4
    /// (特教学校), 学生1 送教上门 → 1 / 1 / 1. The element 送教上门学生数: 2025 from the records = 1; 2024 (no plan) the statistic 6.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Home_teaching_hours_against_the_plan_and_the_placements_match_a_hand_count(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "groups-home");
        await using var _db = db;
        var s1 = Disabled(db, 1, 1, "P5");
        var s2 = Disabled(db, 2, 2, "P3");
        var s3 = Disabled(db, 3, 4, "X2");
        var plain = DropoutCounty.Student(db, 4, 1, "P5");
        var old = Disabled(db, 5, 1, "J3");
        old.BirthDate = new DateOnly(2008, 3, 1); // 17 周岁 on 2025-08-31
        await db.SaveChangesAsync();
        Snapshot(db, s2);
        Snapshot(db, s3);
        db.YearlyStatistics.Add(new YearlyStatistic { DivisionCode = "652302", Year = 2024, Key = GetCensusStats.HomeTeachingKey, Value = 6 });
        await db.SaveChangesAsync();

        var plan = await HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector, new HomeTeaching.PlanCommand(s1.Id, Year, "王老师", "康复训练、生活自理", 10, 30),
            new DateOnly(2025, 9, 5));
        foreach (var (d, h) in new[] { (new DateOnly(2025, 9, 9), 3m), (new DateOnly(2025, 9, 12), 2.5m), (new DateOnly(2025, 10, 10), 3m) })
        {
            await HomeTeaching.RecordVisitAsync(db, DropoutCounty.Protector, new HomeTeaching.VisitCommand(plan, d, h, "语言沟通", "王老师"), DropoutCounty.School1, d);
        }
        var outside = await Assert.ThrowsAsync<RuleException>(() => HomeTeaching.RecordVisitAsync(db, DropoutCounty.Protector,
            new HomeTeaching.VisitCommand(plan, new DateOnly(2025, 8, 30), 3, null, "王老师"), DropoutCounty.School1, new DateOnly(2025, 10, 10)));
        Assert.Contains("不在方案的 2025-2026 学年内", outside.Message, StringComparison.Ordinal);
        var notDisabled = await Assert.ThrowsAsync<RuleException>(() => HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector,
            new HomeTeaching.PlanCommand(plain.Id, Year, "王老师", null, null, null), new DateOnly(2025, 9, 5)));
        Assert.Contains("没有残疾登记", notDisabled.Message, StringComparison.Ordinal);
        var tooOld = await Assert.ThrowsAsync<RuleException>(() => HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector,
            new HomeTeaching.PlanCommand(old.Id, Year, "王老师", null, null, null), new DateOnly(2025, 9, 5)));
        Assert.Contains("17 周岁", tooOld.Message, StringComparison.Ordinal);

        var early = await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2025, 10, 20), showNames: true);
        var row = Assert.Single(early.HomeTeaching);
        Assert.Equal(("学生1", 3, 8.5m, 30m, 28.3m, new DateOnly(2025, 10, 10), false), (row.Name, row.Visits, row.DeliveredHours, row.PlannedHours, row.DeliveredShare, row.LastVisit, row.Overdue));
        Assert.Equal(new GetGroupsReport.PlacementCounts(1, 1, 1), early.Placements);
        var late = await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2025, 10, 31), showNames: false);
        Assert.True(Assert.Single(late.HomeTeaching).Overdue);
        Assert.Equal("学**", late.HomeTeaching[0].Name);

        var values = await DataElementLoader.LoadAsync(db, [("enrolment.special.home_teaching", 2025), ("enrolment.special.home_teaching", 2024)], DataScope.County("652302"));
        Assert.Equal(1m, values.Get("enrolment.special.home_teaching", 2025)!.Value);
        Assert.Equal(6m, values.Get("enrolment.special.home_teaching", 2024)!.Value);
    }

    /// <summary>
    /// 资源教室 (threshold 5 随班就读): school 1 has 5 disabled pupils in P/J grades and no room → flagged; school 3 has 5 and a
    /// room → not flagged; school 2 has 4 → not flagged; school 4 is a 特教学校 (not listed). After school 1 records its room,
    /// nothing is flagged.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_with_five_regular_pupils_and_no_resource_room_is_flagged(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "groups-rooms");
        await using var _db = db;
        var n = 0;
        var list = new List<Student>();
        foreach (var (school, count) in new[] { (1, 5), (2, 4), (3, 5) })
        {
            for (var i = 0; i < count; i++) list.Add(Disabled(db, ++n, school, i % 2 == 0 ? "P2" : "J1"));
        }
        await db.SaveChangesAsync();
        list.ForEach(s => Snapshot(db, s));
        await db.SaveChangesAsync();
        await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(3, true, 80, 2019, ResourceTeacherKind.FullTime, "赵老师"), new DateOnly(2025, 10, 1));
        var bad = await Assert.ThrowsAsync<RuleException>(() => ResourceRooms.SaveAsync(db, new ResourceRooms.Command(2, true, null, 2019, ResourceTeacherKind.PartTime, null),
            new DateOnly(2025, 10, 1)));
        Assert.Equal("面积", bad.Field);

        var report = await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2025, 10, 1), showNames: true);
        Assert.Equal([(1, 5, false, true), (3, 5, true, false), (2, 4, false, false)],
            report.ResourceRooms.Select(r => (r.SchoolId, r.RegularPupils, r.HasRoom, r.Flagged)));
        await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(1, true, 60, 2025, ResourceTeacherKind.PartTime, null), new DateOnly(2025, 10, 2));
        Assert.Equal(0, (await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2025, 10, 2), showNames: true)).FlaggedSchools);
    }

    /// <summary>
    /// 留守儿童 on 2026-03-15 (第二学期 2026-02-01 — 2026-08-31): 学生1 contact + a 家访 on 2026-03-01 (cared); 学生2 contact
    /// and only a record of 2025-11-10 (first term: listed, no record in the term); 学生3 no contact (listed); 学生4 is not
    /// 留守 (not counted, and a care contact for them is refused). 3 children, 2 with a contact, 1 cared, 2 listed.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Left_behind_children_without_a_contact_or_a_record_in_the_term_are_listed(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "groups-care");
        await using var _db = db;
        var kids = Enumerable.Range(1, 3).Select(i => DropoutCounty.Student(db, i, 3, "P4")).ToList();
        kids.ForEach(k => k.LeftBehindChild = true);
        var other = DropoutCounty.Student(db, 4, 3, "P4");
        await db.SaveChangesAsync();
        await LeftBehindCareRecords.AssignAsync(db, kids[0].Id, "李老师", new DateOnly(2025, 9, 10));
        await LeftBehindCareRecords.AssignAsync(db, kids[1].Id, "周老师", new DateOnly(2025, 9, 10));
        await LeftBehindCareRecords.RecordAsync(db, Rules, DropoutCounty.Protector, new(kids[0].Id, new DateOnly(2026, 3, 1), "家访", "父母在外务工，祖母照看"),
            DropoutCounty.School1, new DateOnly(2026, 3, 1));
        await LeftBehindCareRecords.RecordAsync(db, Rules, DropoutCounty.Protector, new(kids[1].Id, new DateOnly(2025, 11, 10), "Phone", null),
            DropoutCounty.School1, new DateOnly(2025, 11, 10));
        var notLeft = await Assert.ThrowsAsync<RuleException>(() => LeftBehindCareRecords.AssignAsync(db, other.Id, "李老师", new DateOnly(2025, 9, 10)));
        Assert.Contains("未登记为留守儿童", notLeft.Message, StringComparison.Ordinal);
        var noContact = await Assert.ThrowsAsync<RuleException>(() => LeftBehindCareRecords.RecordAsync(db, Rules, DropoutCounty.Protector,
            new(kids[2].Id, new DateOnly(2026, 3, 1), "谈心", null), DropoutCounty.School1, new DateOnly(2026, 3, 1)));
        Assert.Contains("尚未指定结对帮扶教师", noContact.Message, StringComparison.Ordinal);

        var part = (await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2026, 3, 15), showNames: true)).LeftBehind;
        Assert.Equal(("2025-2026学年第二学期", 3, 2, 1), (part.Term, part.Children, part.WithContact, part.CaredInTerm));
        Assert.Equal([("学生2", false, true), ("学生3", true, true)], part.Flagged.Select(r => (r.Name, r.NoContact, r.NoRecordInTerm)));
        // In the first term (on 2025-11-20) 学生2's call counts; 学生1 has no record yet (theirs is of 2026-03-01), 学生3 none.
        var first = (await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2025, 11, 20), showNames: true)).LeftBehind;
        Assert.Equal(["学生1", "学生3"], first.Flagged.Select(r => r.Name));
    }

    /// <summary>
    /// Scope, masking and audit: a school-2 user cannot read 学生1 of school 1 (null) nor add a visit to their plan; the school's
    /// own view and the county's list only what they may. Without the right, disability, plan content and care notes are
    /// "已遮蔽" and the ciphertext holds no text; every view is one audit entry.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_reads_its_own_children_only_and_sensitive_parts_are_masked_and_every_view_audited(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "groups-scope");
        await using var _db = db;
        var s1 = Disabled(db, 1, 1, "P5");
        s1.LeftBehindChild = true;
        await db.SaveChangesAsync();
        var plan = await HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector, new HomeTeaching.PlanCommand(s1.Id, Year, "王老师", "肢体康复训练", 10, 30),
            new DateOnly(2025, 9, 5));
        await LeftBehindCareRecords.AssignAsync(db, s1.Id, "李老师", new DateOnly(2025, 9, 10));
        await LeftBehindCareRecords.RecordAsync(db, Rules, DropoutCounty.Protector, new(s1.Id, new DateOnly(2025, 10, 1), "家访", "母亲外出务工"),
            DropoutCounty.School1, new DateOnly(2025, 10, 1));
        db.ChangeTracker.Clear();
        var cipher = await db.HomeTeachingPlans.Where(p => p.Id == plan).Select(p => p.ContentCipher).SingleAsync();
        Assert.DoesNotContain("肢体康复训练", Encoding.UTF8.GetString(cipher!), StringComparison.Ordinal);

        await using (var school2 = DropoutCounty.Scoped(setting, 2))
        {
            Assert.Null(await GetGroupsChild.HandleAsync(school2, Rules, DropoutCounty.Protector, s1.Id, maySeeSensitive: true, Year));
            var refused = await Assert.ThrowsAsync<RuleException>(() => HomeTeaching.RecordVisitAsync(school2, DropoutCounty.Protector,
                new HomeTeaching.VisitCommand(plan, new DateOnly(2025, 10, 1), 3, null, "王老师"), DropoutCounty.School1, new DateOnly(2025, 10, 1)));
            Assert.Contains("不在您的管理范围内", refused.Message, StringComparison.Ordinal);
            var theirs = await GetGroupsReport.HandleAsync(school2, Rules, Year, new DateOnly(2025, 10, 1), showNames: true);
            Assert.Empty(theirs.HomeTeaching);
            Assert.Equal(0, theirs.LeftBehind.Children);
        }

        await using var school1 = DropoutCounty.Scoped(setting, 1);
        var masked = await GetGroupsChild.HandleAsync(school1, Rules, DropoutCounty.Protector, s1.Id, maySeeSensitive: false, Year);
        Assert.Equal((GetGroupsChild.Masked, GetGroupsChild.Masked, GetGroupsChild.Masked, Placement.HomeTeaching),
            (masked!.Disability, masked.Plans[0].Content, masked.Cares[0].Note, masked.Placement));
        var shown = await GetGroupsChild.HandleAsync(school1, Rules, DropoutCounty.Protector, s1.Id, maySeeSensitive: true, Year);
        Assert.Equal(("多重残疾", "肢体康复训练", "母亲外出务工", "家访", "李老师"),
            (shown!.Disability, shown.Plans[0].Content, shown.Cares[0].Note, shown.Cares[0].Kind, shown.ContactTeacher));
        var id = s1.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == GetGroupsChild.Viewed && a.EntityId == id));
    }
}
