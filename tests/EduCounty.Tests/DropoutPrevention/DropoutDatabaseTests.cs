using System.Globalization;
using System.Text;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;
using EduCounty.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.DropoutPrevention;

/// <summary>
/// The 控辍保学 loop on SQLite and PostgreSQL (issue 17 item 1): cases opened from 学籍 (idempotent), deadlines and
/// escalation with a moved clock (dropout-rules.json: first 劝返 within 30 days, 乡镇 after 30 days open, 县 after 90),
/// 销号 against a 返校 record, the school scope, the audited notes and the monthly figures counted by hand.
/// </summary>
public sealed class DropoutDatabaseTests
{
    private static readonly DropoutRules Rules = DropoutRules.Default();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Sync_opens_one_case_per_compulsory_dropout_and_overdue_suspension_and_is_idempotent(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "dropout-sync");
        await using var _db = db;
        DropoutCounty.Student(db, 1, 1, "P4").DropOut(new DateOnly(2025, 10, 10), "家庭经济困难辍学（避免因贫失学辍学）");
        DropoutCounty.Student(db, 2, 1, "J2").Suspend(new DateOnly(2024, 9, 15), "因病休学");
        var resumed = DropoutCounty.Student(db, 3, 1, "J1");
        resumed.Suspend(new DateOnly(2024, 9, 15), "因病休学");
        resumed.Resume(new DateOnly(2025, 3, 1), "病愈复学");
        DropoutCounty.Student(db, 4, 3, "S1").DropOut(new DateOnly(2025, 10, 12), "高中退学"); // 高中: not 义务教育, no case
        DropoutCounty.Student(db, 5, 3, "J3").Suspend(new DateOnly(2025, 3, 1), "因病休学"); // within the 365-day limit on 2025-11-01
        await db.SaveChangesAsync();

        var today = new DateOnly(2025, 11, 1);
        var first = await SyncDropoutCases.HandleAsync(db, Rules, today);
        var again = await SyncDropoutCases.HandleAsync(db, Rules, today);
        Assert.Equal(new SyncDropoutCases.Result(1, 1), first);
        Assert.Equal(new SyncDropoutCases.Result(0, 0), again);
        db.ChangeTracker.Clear();
        var cases = await db.DropoutCases.OrderBy(k => k.Kind).ToListAsync();
        Assert.Equal(2, cases.Count);
        Assert.Equal((CaseKind.Dropout, "Poverty", new DateOnly(2025, 10, 10)), (cases[0].Kind, cases[0].Causes, cases[0].OpenedOn));
        // 休学 2024-09-15 + 365 days = 2025-09-15 the limit; the case opens the day after.
        Assert.Equal((CaseKind.SuspectedDropout, CaseSource.SuspensionOverdue, new DateOnly(2025, 9, 16)), (cases[1].Kind, cases[1].Source, cases[1].OpenedOn));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deadlines_and_escalation_follow_a_moved_clock(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "dropout-deadlines");
        await using var _db = db;
        DropoutCounty.Student(db, 1, 1, "J1").DropOut(new DateOnly(2025, 10, 10), "厌学辍学");
        await db.SaveChangesAsync();
        await SyncDropoutCases.HandleAsync(db, Rules, new DateOnly(2025, 10, 10));
        var clock = new ManualClock(new DateTimeOffset(2025, 11, 9, 2, 0, 0, TimeSpan.Zero));
        async Task<CaseRow> Row() => (await ListDropoutCases.HandleAsync(db, Rules, new ListDropoutCases.Query(SchoolYear.Today(clock)))).Single();

        // Opened 2025-10-10; first 劝返 due +30 days = 2025-11-09. On the day: 30 days open, not overdue, still the school's.
        var r = await Row();
        Assert.Equal((new DateOnly(2025, 11, 9), false, 30, CaseLevel.School), (r.NextDue!.Value, r.Overdue, r.DaysOpen, r.Level));
        clock.Advance(TimeSpan.FromDays(1));
        r = await Row();
        Assert.Equal((true, 1, CaseLevel.Township), (r.Overdue, r.DaysOverdue, r.Level));

        var today = SchoolYear.Today(clock);
        await RecordPersuasion.HandleAsync(db, Rules, new RecordPersuasion.Command(1, today, "HomeVisit", "班主任、村委会主任", "家长同意考虑", "家访记录表", null),
            DropoutCounty.Township, today);
        // Next due 2025-11-10 + 30 = 2025-12-10; 31 days open > 30: stays with 乡镇.
        r = await Row();
        Assert.Equal((new DateOnly(2025, 12, 10), false, CaseLevel.Township), (r.NextDue!.Value, r.Overdue, r.Level));
        // 2026-01-08 is day 90 (Oct 10→Nov 10 31, →Dec 10 30, →Jan 8 29): 乡镇; 2026-01-09 day 91: 县, 30 days past 12-10.
        clock.Advance(TimeSpan.FromDays(59));
        r = await Row();
        Assert.Equal((90, CaseLevel.Township, 29), (r.DaysOpen, r.Level, r.DaysOverdue));
        clock.Advance(TimeSpan.FromDays(1));
        r = await Row();
        Assert.Equal((91, CaseLevel.County, 30), (r.DaysOpen, r.Level, r.DaysOverdue));
        var reminders = await GetDropoutReminders.HandleAsync(db, Rules, DropoutCounty.BasicEducation, SchoolYear.Today(clock));
        Assert.Equal(["逾期未劝返的控辍保学个案 1 个", "已报县的控辍保学个案 1 个"], reminders.Select(x => x.Text));
        Assert.Empty(await GetDropoutReminders.HandleAsync(db, Rules, new("x", "规划股", [EduCounty.Security.Roles.Planning]), SchoolYear.Today(clock)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Closing_is_refused_without_a_return_record_in_the_registry_and_accepted_with_one(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "dropout-close");
        await using var _db = db;
        var st = DropoutCounty.Student(db, 1, 1, "P5");
        st.DropOut(new DateOnly(2025, 10, 10), "上学路远辍学");
        await db.SaveChangesAsync();
        await SyncDropoutCases.HandleAsync(db, Rules, new DateOnly(2025, 10, 11));
        var day = new DateOnly(2025, 11, 20);
        Task Close(CaseClosure how, string? evidence = null) =>
            CloseDropoutCase.HandleAsync(db, new CloseDropoutCase.Command(1, how, day, evidence), DropoutCounty.School1, day);

        var noReturn = await Assert.ThrowsAsync<RuleException>(() => Close(CaseClosure.Returned, "家长口头承诺"));
        Assert.Contains("学籍中没有该生 2025-10-10 离校后的返校记录", noReturn.Message, StringComparison.Ordinal);
        var noDocument = await Assert.ThrowsAsync<RuleException>(() => Close(CaseClosure.LegalExemption));
        Assert.Contains("批准文号", noDocument.Message, StringComparison.Ordinal);

        st.ReturnAfterDropout(new DateOnly(2025, 11, 18), "劝返复学");
        await db.SaveChangesAsync();
        // Back at 学校1, a 九年一贯制学校: not a 特殊教育学校.
        var notSpecial = await Assert.ThrowsAsync<RuleException>(() => Close(CaseClosure.SpecialSchool));
        Assert.Contains("不是特殊教育学校", notSpecial.Message, StringComparison.Ordinal);
        await Close(CaseClosure.Returned);

        db.ChangeTracker.Clear();
        var k = await db.DropoutCases.SingleAsync();
        Assert.Equal((true, CaseClosure.Returned, day, "一校管理员"), (k.Closed, k.Closure, k.ClosedOn, k.ClosedBy));
        Assert.Equal("学籍 2025-11-18 复学，现就读学校1", k.ClosureEvidence);
        var twice = await Assert.ThrowsAsync<RuleException>(() => Close(CaseClosure.Returned));
        Assert.Contains("已于 2025-11-20 销号", twice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_sees_and_acts_on_its_own_cases_only_and_notes_are_encrypted_and_audited(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "dropout-scope");
        await using var _db = db;
        DropoutCounty.Student(db, 1, 1, "P3");
        DropoutCounty.Student(db, 2, 3, "J2");
        await db.SaveChangesAsync();
        var day = new DateOnly(2025, 10, 20);
        const string Notes = "父母离异，随祖父母生活，长期未到校";
        var own = await OpenDropoutCase.HandleAsync(db, Rules, DropoutCounty.Protector,
            new OpenDropoutCase.Command("L0000000001", CaseKind.SuspectedDropout, new DateOnly(2025, 10, 8), ["Family"], "王老师", "李乡长", "张村长", Notes), day);
        var other = await OpenDropoutCase.HandleAsync(db, Rules, DropoutCounty.Protector,
            new OpenDropoutCase.Command("L0000000002", CaseKind.Dropout, new DateOnly(2025, 10, 9), ["Work"], null, null, null, "外出打工"), day);

        // At rest: ciphertext, not the text.
        db.ChangeTracker.Clear();
        var cipher = await db.DropoutCases.Where(k => k.Id == own).Select(k => k.NotesCipher).SingleAsync();
        Assert.DoesNotContain(Notes, Encoding.UTF8.GetString(cipher!), StringComparison.Ordinal);

        await using var school = DropoutCounty.Scoped(setting, 1);
        var rows = await ListDropoutCases.HandleAsync(school, Rules, new ListDropoutCases.Query(day));
        Assert.Equal([own], rows.Select(r => r.Id));
        Assert.Null(await GetDropoutCase.HandleAsync(school, Rules, DropoutCounty.Protector, other, mayReadNotes: true, day));
        var refused = await Assert.ThrowsAsync<RuleException>(() => RecordPersuasion.HandleAsync(school, Rules,
            new RecordPersuasion.Command(other, day, "Phone", "王老师", "未接通", null, null), DropoutCounty.School1, day));
        Assert.Contains("不在您的管理范围内", refused.Message, StringComparison.Ordinal);
        var hidden = await Assert.ThrowsAsync<RuleException>(() => OpenDropoutCase.HandleAsync(school, Rules, DropoutCounty.Protector,
            new OpenDropoutCase.Command("L0000000002", CaseKind.Dropout, day, [], null, null, null, null), day));
        Assert.Contains("未找到学籍号", hidden.Message, StringComparison.Ordinal);

        // Notes: masked without the right (no audit entry), shown with it (one audit entry per view).
        var masked = await GetDropoutCase.HandleAsync(school, Rules, DropoutCounty.Protector, own, mayReadNotes: false, day);
        Assert.Equal((null, false), (masked!.Notes, masked.NotesShown));
        var shown = await GetDropoutCase.HandleAsync(school, Rules, DropoutCounty.Protector, own, mayReadNotes: true, day);
        Assert.Equal((Notes, "王老师", "李乡长", "张村长"), (shown!.Notes, shown.SchoolResponsible, shown.TownshipResponsible, shown.VillageResponsible));
        var id = own.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == GetDropoutCase.NotesViewed && a.EntityId == id));
    }

    /// <summary>
    /// 2025-2026, by hand. 甲镇: 辍学 2025-09-15 (学生1, 送教上门 销号 2025-11-20), 2025-10-10 (学生2, 劝返 销号 2025-11-05),
    /// 2025-10-20 (学生3, open). 乙乡: 辍学 2025-10-05 (学生4, 依法延缓 销号 2025-10-25); 疑似辍学 opened 2025-11-03 (学生5).
    /// October (to 10-31): 甲镇 辍学 3 (new 2), 劝返 0, 仍辍学 3, 劝返率 0/3 = 0.0; 乙乡 辍学 1 (new 1), 依法 1, 仍辍学 0,
    /// 劝返率 — (0/(1−1)); 全县 4 (new 3), 劝返 0, 依法 1, 仍辍学 3, 0/3 = 0.0.
    /// November (to 11-30): 甲镇 3 (new 0), 劝返 2, 仍辍学 1, 2/3 = 66.7; 乙乡 1, 依法 1, 仍辍学 0, 疑似 1; 全县 4, 劝返 2,
    /// 依法 1, 仍辍学 1, 2/(4−1) = 66.7, 疑似 1. Months Sep–Dec on 2025-12-01.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Monthly_figures_per_township_and_county_match_a_hand_count(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "dropout-report");
        await using var _db = db;
        var s1 = DropoutCounty.Student(db, 1, 1, "P6");
        s1.DropOut(new DateOnly(2025, 9, 15), "疾病");
        var s2 = DropoutCounty.Student(db, 2, 2, "P3");
        s2.DropOut(new DateOnly(2025, 10, 10), "厌学辍学");
        DropoutCounty.Student(db, 3, 1, "J2").DropOut(new DateOnly(2025, 10, 20), "外出务工");
        DropoutCounty.Student(db, 4, 3, "J1").DropOut(new DateOnly(2025, 10, 5), "因病");
        DropoutCounty.Student(db, 5, 3, "J3");
        await db.SaveChangesAsync();
        await SyncDropoutCases.HandleAsync(db, Rules, new DateOnly(2025, 10, 21));
        var ids = await db.DropoutCases.Join(db.Students, k => k.StudentId, s => s.Id, (k, s) => new { s.Name, k.Id }).ToDictionaryAsync(x => x.Name, x => x.Id);
        await CloseDropoutCase.HandleAsync(db, new(ids["学生4"], CaseClosure.LegalExemption, new DateOnly(2025, 10, 25), "阜教发〔2025〕12号 准予休学一年"),
            DropoutCounty.BasicEducation, new DateOnly(2025, 10, 25));
        s2.ReturnAfterDropout(new DateOnly(2025, 11, 5), "劝返复学");
        s1.ReturnAfterDropout(new DateOnly(2025, 11, 20), "送教上门，纳入学籍管理");
        await db.SaveChangesAsync();
        await CloseDropoutCase.HandleAsync(db, new(ids["学生2"], CaseClosure.Returned, new DateOnly(2025, 11, 5), null), DropoutCounty.School1, new DateOnly(2025, 11, 5));
        await CloseDropoutCase.HandleAsync(db, new(ids["学生1"], CaseClosure.HomeTeaching, new DateOnly(2025, 11, 20), "学校1送教教师2名，每周2次"),
            DropoutCounty.BasicEducation, new DateOnly(2025, 11, 20));
        await OpenDropoutCase.HandleAsync(db, Rules, DropoutCounty.Protector,
            new OpenDropoutCase.Command("L0000000005", CaseKind.SuspectedDropout, new DateOnly(2025, 10, 28), [], null, null, null, null), new DateOnly(2025, 11, 3));

        var report = await GetDropoutReport.HandleAsync(db, new SchoolYear(2025), new DateOnly(2025, 12, 1));
        Assert.Equal(["2025年9月", "2025年10月", "2025年11月", "2025年12月"], report.Months.Select(m => m.Label));
        var oct = report.Months[1];
        Assert.Equal(new DropoutFigures(DropoutCounty.TownA, "甲镇", 3, 2, 0, 0, 3, 0.0m, 0), oct.Townships[0]);
        Assert.Equal(new DropoutFigures(DropoutCounty.TownB, "乙乡", 1, 1, 0, 1, 0, null, 0), oct.Townships[1]);
        Assert.Equal(new DropoutFigures("", "全县", 4, 3, 0, 1, 3, 0.0m, 0), oct.County);
        var nov = report.Months[2];
        Assert.Equal(new DropoutFigures(DropoutCounty.TownA, "甲镇", 3, 0, 2, 0, 1, 66.7m, 0), nov.Townships[0]);
        Assert.Equal(new DropoutFigures(DropoutCounty.TownB, "乙乡", 1, 0, 0, 1, 0, null, 1), nov.Townships[1]);
        Assert.Equal(new DropoutFigures("", "全县", 4, 0, 2, 1, 1, 66.7m, 1), nov.County);

        // A 乡镇-scoped reader (schools 1, 2, 4 of 甲镇) counts 甲镇 only.
        await using var town = DropoutCounty.Scoped(setting, 1, 2, 4);
        var theirs = await GetDropoutReport.HandleAsync(town, new SchoolYear(2025), new DateOnly(2025, 12, 1));
        Assert.Equal(new DropoutFigures("", "全县", 3, 0, 2, 0, 1, 66.7m, 0), theirs.Months[2].County);
    }
}
