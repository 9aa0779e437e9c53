using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Periods;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Reports;
using EduCounty.StudentAid;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

/// <summary>
/// Issue 14 item 5: a frozen and locked year's annual report is reproducible in content. The census of a locked 学年 is
/// read-only (issue 22); classes, staff, 控辍保学 cases and 资助 are not under the lock, and a later year is open — writes
/// to them must not change the frozen year's report (its inputs are stored with the freeze, docs/adr/0026).
/// </summary>
public sealed class FrozenReportContentTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static async Task<(List<string> Paragraphs, List<List<string[]>> Tables)> ReportAsync(EduDb db)
    {
        var docx = AnnualReportTests.Docx.Of(await AnnualReport.BuildAsync(db, await EvaluatePlan.HandleAsync(db, Plan, 2021), Today, null, null, charts: false));
        return (docx.Paragraphs, docx.Tables);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_frozen_locked_years_report_does_not_change_when_other_years_and_its_unlocked_tables_are_written(string provider)
    {
        // A copy of the demo county as generated: this test writes.
        var setting = await TestDatabases.PristineDemoCopyAsync(provider, "frozencontent");
        await using var db = Database.Open(setting);
        db.Actor = "test";
        if (!await db.ReportingPeriods.AnyAsync(p => p.Year == 2021 && p.Form == "census")) await ManagePeriod.OpenAsync(db, 2021, "census", new DateOnly(2021, 9, 20));
        await ManagePeriod.LockAsync(db, 2021, "census");
        await FreezePlanYear.HandleAsync(db, Plan, 2021, "张科长", new FixedClock(new DateTimeOffset(2022, 9, 20, 2, 0, 0, TimeSpan.Zero)));
        Assert.NotNull(await db.PlanYearFreezes.Where(f => f.Year == 2021).Select(f => f.ReportJson).SingleAsync());
        var before = await ReportAsync(db);

        // The locked census refuses a write.
        await using (var locked = Database.Open(setting))
        {
            var row = await locked.GradeEnrolments.Where(g => g.Year == 2021).OrderBy(g => g.Id).FirstAsync();
            row.Students += 5;
            await Assert.ThrowsAsync<PeriodLockedException>(() => locked.SaveChangesAsync());
        }

        // Another year: 2023 census and classes.
        var later = await db.GradeEnrolments.Where(g => g.Year == 2023).OrderBy(g => g.Id).FirstAsync();
        later.Students += 40;
        // The year's unlocked tables: every 2021 class 10 larger (平均班额, 大班额, 标准班额 target), a 2021 专任教师 made
        // 行政 (专任教师, 生师比), a 控辍 case and a 资助 application dated inside 2021—2022.
        foreach (var c in await db.Classes.Where(c => c.Year == 2021).ToListAsync()) c.Headcount += 10;
        var teacher = await db.StaffYears.Where(s => s.Year == 2021 && s.PostType == PostType.FullTimeTeacher).OrderBy(s => s.StaffId).FirstAsync();
        teacher.PostType = PostType.Administrative;
        var pupil = await db.StudentYears.Where(s => s.Year == 2021 && s.Grade == "P3").OrderBy(s => s.StudentId).FirstAsync();
        db.DropoutCases.Add(new DropoutCase
        {
            StudentId = pupil.StudentId,
            SchoolId = pupil.SchoolId,
            Grade = "P3",
            Kind = CaseKind.Dropout,
            Source = CaseSource.Manual,
            LeftOn = new DateOnly(2022, 3, 1),
            OpenedOn = new DateOnly(2022, 3, 2),
        });
        db.AidApplications.Add(new AidApplication
        {
            StudentId = pupil.StudentId,
            SchoolId = pupil.SchoolId,
            Grade = "P3",
            Programme = "Nutrition",
            StackGroup = "Nutrition",
            Year = 2021,
            Term = AidTerm.Spring,
            Amount = 500,
            Status = AidStatus.Paid,
            SubmittedOn = new DateOnly(2022, 3, 1),
            SubmittedBy = "补录",
            ApprovedOn = new DateOnly(2022, 3, 10),
            PaidAmount = 500,
            PaidOn = new DateOnly(2022, 3, 20),
        });
        await db.SaveChangesAsync();

        // The live figures moved (the writes count) …
        var live = await ReportSnapshot.LiveAsync(db, Plan, 2021, new DateOnly(2022, 8, 31));
        var stored = ReportSnapshot.Read(await db.PlanYearFreezes.Where(f => f.Year == 2021).Select(f => f.ReportJson!).SingleAsync(), Plan);
        Assert.NotEqual(stored.Figures.FullTimeTeachers, live.Figures.FullTimeTeachers);
        Assert.NotEqual(stored.Aid!.Lines, live.Aid!.Lines);
        Assert.NotEqual(stored.Dropout!.Lines, live.Dropout!.Lines);
        // … the frozen year's report did not.
        var after = await ReportAsync(db);
        Assert.Equal(before.Paragraphs, after.Paragraphs);
        Assert.Equal(before.Tables, after.Tables);
    }
}
