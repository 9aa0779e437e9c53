using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Imported students and staff count in the import's school year: the clock of <see cref="ImportTestFiles.SeededAsync"/>
/// is 2025-10-15, so the year is 2025-2026 (StartYear 2025; a school year starts on 1 September).
/// </summary>
public sealed class ImportCompanionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Students_get_the_snapshot_of_the_import_year_and_lose_it_on_rollback(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-snap");
        var primary = await db.Schools.Where(s => s.Code == "2165000001").Select(s => s.Id).SingleAsync();
        var junior = await db.Schools.Where(s => s.Code == "3165000002").Select(s => s.Id).SingleAsync();

        var first = await RunAsync(db, "students", StudentsCsv(3));
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        var snaps = await db.StudentYears.AsNoTracking().OrderBy(y => y.StudentId).ToListAsync();
        Assert.Equal(3, snaps.Count);
        // Entered 2025-09-01, inside 2025-09-01 … 2026-08-31: 新生 of 2025-2026, in P1 of the primary school.
        Assert.All(snaps, y => Assert.Equal((2025, primary, "P1", true, (int?)null), (y.Year, y.SchoolId, y.Grade, y.NewEntrant, y.ClassId)));

        // The same file again: nothing changes, no second snapshot.
        var again = await RunAsync(db, "students", StudentsCsv(3));
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(3, await db.StudentYears.CountAsync());

        // Student 1 now in 初一 of the junior school (its age no longer fits: a warning only).
        var moved = await RunAsync(db, "students", Csv("moved.csv", [StudentHeaders, Student(1, grade: "J1", school: "3165000002")]));
        Assert.True(moved.Committed, string.Join("\n", moved.Issues.Select(i => i.Message)));
        Assert.Equal(1, moved.Updated);
        var id1 = snaps[0].StudentId;
        var s1 = await db.StudentYears.AsNoTracking().SingleAsync(y => y.StudentId == id1);
        Assert.Equal((junior, "J1"), (s1.SchoolId, s1.Grade));
        Assert.Equal(3, await db.StudentYears.CountAsync());

        Assert.Empty(await Importer.RollbackAsync(db, moved.BatchId!.Value));
        s1 = await db.StudentYears.AsNoTracking().SingleAsync(y => y.StudentId == id1);
        Assert.Equal((primary, "P1"), (s1.SchoolId, s1.Grade));

        // Student 1 was touched after the first import (existing rule): that one can no longer be rolled back.
        Assert.NotEmpty(await Importer.RollbackAsync(db, first.BatchId!.Value));
    }

    /// <summary>
    /// The snapshots of created students (written set-based from the stored students): each carries its row's school,
    /// grade and class, 新生 only when entered on or after 2025-09-01 (the year 2025-2026), and the table's own ids go on
    /// after them.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task New_students_snapshots_carry_their_rows_class_and_entry_and_ids_go_on(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-snapcopy");
        var primary = await db.Schools.Where(s => s.Code == "2165000001").Select(s => s.Id).SingleAsync();
        var junior = await db.Schools.Where(s => s.Code == "3165000002").Select(s => s.Id).SingleAsync();
        Assert.True((await RunAsync(db, "classes", Csv("classes.csv",
        [
            ["学校标识码", "学年", "年级", "班号", "班额"],
            ["2165000001", "2025-2026", "二年级", "1", "45"],
            ["3165000002", "2025-2026", "初一", "2", "50"],
        ]))).Committed);
        var p2Class = await db.Classes.Where(c => c.SchoolId == primary && c.Grade == "P2").Select(c => c.Id).SingleAsync();
        var j1Class = await db.Classes.Where(c => c.SchoolId == junior && c.Grade == "J1").Select(c => c.Id).SingleAsync();
        Assert.True((await RunAsync(db, "students", StudentsCsv(2))).Committed); // two snapshots before this file's

        string[] Row(int seq, string grade, string school, string cls, string enrolled, DateOnly birth) =>
            [.. Student(seq, grade: grade, school: school, birth: birth)[..^1], enrolled, cls];
        var r = await RunAsync(db, "students", Csv("with-classes.csv",
        [
            [.. StudentHeaders, "班级"],
            Row(11, "P2", "2165000001", "1", "2024-09-01", new DateOnly(2018, 3, 1)), // entered last year: not 新生
            Row(12, "J1", "3165000002", "初一(2)班", "2025-09-01", new DateOnly(2013, 3, 1)), // 新生 of 2025-2026, by class name
            Row(13, "P2", "2165000001", "", "2025-08-31", new DateOnly(2018, 3, 1)), // the day before the year: not 新生; no class
        ]));
        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Equal(3, r.Created);
        var snaps = await db.StudentYears.AsNoTracking()
            .Join(db.Students, y => y.StudentId, s => s.Id, (y, s) => new { y.Id, s.Name, y.Year, y.SchoolId, y.Grade, y.ClassId, y.NewEntrant })
            .OrderBy(x => x.Name).ToListAsync();
        Assert.Equal(5, snaps.Count);
        Assert.Equal(
        [
            ("学生1", 2025, primary, "P1", (int?)null, true),
            ("学生11", 2025, primary, "P2", p2Class, false),
            ("学生12", 2025, junior, "J1", j1Class, true),
            ("学生13", 2025, primary, "P2", null, false),
            ("学生2", 2025, primary, "P1", null, true),
        ], snaps.Select(x => (x.Name, x.Year, x.SchoolId, x.Grade, x.ClassId, x.NewEntrant)));
        Assert.Equal(5, snaps.Select(x => x.Id).Distinct().Count());

        // The table's own ids continue after the written ones.
        db.StudentYears.Add(new StudentYear { StudentId = await db.Students.MinAsync(s => s.Id), Year = 2026, SchoolId = primary, Grade = "P2" });
        await db.SaveChangesAsync();
        Assert.Equal(snaps.Max(x => x.Id) + 1, await db.StudentYears.MaxAsync(y => y.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rolling_back_an_import_removes_the_snapshots_of_its_new_students(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-snap3");
        var r = await RunAsync(db, "students", StudentsCsv(4));
        Assert.Equal(4, await db.StudentYears.CountAsync());
        Assert.Empty(await Importer.RollbackAsync(db, r.BatchId!.Value));
        Assert.Equal((0, 0), (await db.Students.CountAsync(), await db.StudentYears.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_student_stored_without_the_year_snapshot_gets_it_on_reimport(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-snap2");
        Assert.True((await RunAsync(db, "students", StudentsCsv(2))).Committed);
        await db.StudentYears.ExecuteDeleteAsync();
        var again = await RunAsync(db, "students", StudentsCsv(2));
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(2, await db.StudentYears.CountAsync(y => y.Year == 2025));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Staff_get_assignment_history_and_year_snapshot(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-staffhist");
        var primary = await db.Schools.Where(s => s.Code == "2165000001").Select(s => s.Id).SingleAsync();
        var junior = await db.Schools.Where(s => s.Code == "3165000002").Select(s => s.Id).SingleAsync();
        var id = IdNumber.Compose("652302", new DateOnly(1985, 6, 1), 2);
        string[] headers = ["身份证号", "教职工号", "姓名", "性别", "民族", "学校标识码", "岗位类别", "编制", "学历", "职称", "入职日期", "普通话等级"];
        string[] Row(string school) => [id, "T001", "教师甲", "女", "汉族", school, "专任教师", "在编", "本科", "一级", "2008-09-01", "二级甲等"];

        var first = await RunAsync(db, "staff", Csv("staff.csv", [headers, Row("2165000001")]));
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        var a = await db.StaffAssignments.AsNoTracking().SingleAsync();
        Assert.Equal((primary, new DateOnly(2008, 9, 1), (DateOnly?)null), (a.SchoolId, a.From, a.To));
        var y = await db.StaffYears.AsNoTracking().SingleAsync();
        // 二级甲等 is above the 二级乙等 required of a non-语文 teacher (MandarinStandard).
        Assert.Equal((2025, primary, MandarinLevel.TwoA, true), (y.Year, y.SchoolId, y.MandarinLevel, y.MandarinMeetsStandard));

        Assert.Equal(0, (await RunAsync(db, "staff", Csv("staff.csv", [headers, Row("2165000001")]))).Updated);
        Assert.Equal(1, await db.StaffAssignments.CountAsync());

        // 调动 to the junior school on the import date 2025-10-15: the old assignment ends the day before.
        var move = await RunAsync(db, "staff", Csv("staff2.csv", [headers, Row("3165000002")]));
        Assert.Equal(1, move.Updated);
        var hist = await db.StaffAssignments.AsNoTracking().OrderBy(x => x.From).ToListAsync();
        Assert.Equal(2, hist.Count);
        Assert.Equal((primary, (DateOnly?)new DateOnly(2025, 10, 14)), (hist[0].SchoolId, hist[0].To));
        Assert.Equal((junior, new DateOnly(2025, 10, 15), (DateOnly?)null), (hist[1].SchoolId, hist[1].From, hist[1].To));
        Assert.Equal(junior, (await db.StaffYears.AsNoTracking().SingleAsync()).SchoolId);

        Assert.Empty(await Importer.RollbackAsync(db, move.BatchId!.Value));
        a = await db.StaffAssignments.AsNoTracking().SingleAsync();
        Assert.Equal((primary, (DateOnly?)null), (a.SchoolId, a.To));
        Assert.Equal(primary, (await db.StaffYears.AsNoTracking().SingleAsync()).SchoolId);

    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rolling_back_a_staff_import_removes_history_and_snapshot(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-staffhist2");
        var id = IdNumber.Compose("652302", new DateOnly(1985, 6, 1), 2);
        var r = await RunAsync(db, "staff", Csv("staff.csv",
        [
            ["身份证号", "教职工号", "姓名", "性别", "民族", "学校标识码", "岗位类别", "编制", "学历", "职称", "入职日期"],
            [id, "T001", "教师甲", "女", "汉族", "2165000001", "专任教师", "在编", "本科", "一级", "2008-09-01"],
        ]));
        Assert.Equal((1, 1), (await db.StaffAssignments.CountAsync(), await db.StaffYears.CountAsync()));
        Assert.Empty(await Importer.RollbackAsync(db, r.BatchId!.Value));
        Assert.Equal((0, 0, 0), (await db.Staff.CountAsync(), await db.StaffAssignments.CountAsync(), await db.StaffYears.CountAsync()));
    }
}
