using System.Text;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

public sealed class ImportPipelineTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Valid_files_of_each_kind_are_imported(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-kinds");
        Assert.Equal(2, await db.Schools.CountAsync());
        var school = await db.Schools.SingleAsync(s => s.Code == "3165000002");
        Assert.Equal(SchoolType.Junior, school.Type);
        Assert.Equal(Locality.Town, school.Locality); // 121 镇中心区 → 镇区 (codes.md §3)
        Assert.Equal("652302101", school.TownshipCode);

        var classes = await RunAsync(db, "classes", Csv("classes.csv",
        [
            ["学校标识码", "学年", "年级", "班号", "班额"],
            ["2165000001", "2025-2026", "一年级", "1", "45"],
            ["3165000002", "2025", "初一", "2", "58"],
        ]));
        Assert.True(classes.Committed);
        Assert.Equal(2, classes.Created);
        Assert.Equal(1, classes.Warnings); // 58 ≥ 56: 大班额
        Assert.Equal("J1", (await db.Classes.SingleAsync(c => c.Number == 2)).Grade);

        var students = await RunAsync(db, "students", StudentsCsv(3));
        Assert.True(students.Committed, string.Join("\n", students.Issues.Select(i => i.Message)));
        Assert.Equal((3, 0, 0, 0), (students.Created, students.Updated, students.Unchanged, students.Warnings));
        var id = IdNumber.Compose("652302", new DateOnly(2019, 3, 1), 1);
        var s1 = await db.Students.SingleAsync(s => s.StudentNumberHash == TestDatabases.Protector.LookupHash("G" + id));
        Assert.Equal("G" + IdNumber.Mask(id), s1.StudentNumber); // the plaintext 学籍号 is not stored
        Assert.Equal(TestDatabases.Protector.LookupHash(id), s1.IdNumberHash);
        Assert.Equal(id, TestDatabases.Protector.Decrypt(s1.IdNumberCipher!));
        Assert.Equal(Sex.Male, s1.Sex); // sequence 001 is odd → 男 (GB 11643)
        Assert.Equal("P1", s1.Grade);

        var staffId = IdNumber.Compose("652302", new DateOnly(1985, 6, 1), 2);
        var staff = await RunAsync(db, "staff", Csv("staff.csv",
        [
            ["身份证号", "教职工号", "姓名", "性别", "民族", "学校标识码", "岗位类别", "编制", "学历", "职称", "入职日期", "普通话等级"],
            [staffId, "T001", "教师甲", "女", "汉族", "2165000001", "专任教师", "在编", "本科", "一级", "2008-09-01", "二级甲等"],
        ]));
        Assert.True(staff.Committed, string.Join("\n", staff.Issues.Select(i => i.Message)));
        var t = await db.Staff.SingleAsync();
        Assert.Equal(new DateOnly(1985, 6, 1), t.BirthDate); // from the 身份证号 when the column is absent
        Assert.Equal(MandarinLevel.TwoA, t.MandarinLevel);

        var fac = await RunAsync(db, "facilities", Csv("fac.csv",
        [
            ["学校标识码", "学年", "教学及辅助用房面积", "室内体育用房面积", "体育运动场馆面积", "教学仪器设备值", "计算机数"],
            ["2165000001", "2025-2026", "3200.5", "400", "5000", "85.5", "120"],
        ]));
        Assert.True(fac.Committed, string.Join("\n", fac.Issues.Select(i => i.Message)));
        var f = await db.Facilities.SingleAsync();
        Assert.Equal(855000, f.EquipmentValueYuan); // 85.5 万元 = 855,000 元
        Assert.Equal(3200.5, f.TeachingAreaM2);

        var fin = await RunAsync(db, "finance", Csv("fin.csv",
        [
            ["学校标识码", "学年", "公用经费", "教师培训经费"],
            ["3165000002", "2025-2026", "120", "6"],
        ]));
        Assert.True(fin.Committed, string.Join("\n", fin.Issues.Select(i => i.Message)));
        var money = await db.Finances.SingleAsync();
        Assert.Equal((1_200_000d, 60_000d), (money.PublicFundsYuan, money.TeacherTrainingYuan)); // 万元 × 10,000

        var pop = await RunAsync(db, "population", Csv("pop.csv",
        [
            ["区划代码", "年份", "年龄", "人数"],
            ["652302", "2020", "3", "1950"],
            ["652302001000", "2020", "3", "410"],
        ]));
        Assert.Equal(2, pop.Created);
        Assert.True(await db.AgePopulations.AnyAsync(p => p.DivisionCode == "652302001" && p.Count == 410)); // 12-digit code cut to 9

        var stats = await RunAsync(db, "statistics", Csv("stats.csv",
        [
            ["区划代码", "学年", "指标代码", "数值", "来源"],
            ["652302", "2012-2013", "intake.primaryGrade1", "1250", "教育事业统计"],
        ]));
        Assert.Equal(1, stats.Created);
        Assert.Equal(1250, (await db.YearlyStatistics.SingleAsync()).Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_error_kind_is_reported_with_every_error_of_a_row_and_nothing_is_written(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-errors");
        var good = Student(1);
        var badCheck = Student(2);
        badCheck[2] = badCheck[2][..17] + (badCheck[2][17] == '0' ? '1' : '0'); // wrong GB 11643 check character
        badCheck[0] = "G" + badCheck[2];
        var many = Student(3);
        many[1] = "";           // 姓名 required
        many[4] = "2019-13-01"; // not a date
        many[5] = "60";         // not a GB 3304 code
        var noSchool = Student(4, school: "2165009999");
        var wrongGrade = Student(5, grade: "P1", school: "3165000002"); // a 初级中学 has no 一年级
        var wrongSex = Student(6);
        wrongSex[3] = "女"; // sequence 006 is even → 女 would be right; 006 is even so flip to 男
        wrongSex[3] = "男";
        var dup = Student(1); // same 学籍号 as row 2
        var path = Csv("bad.csv", [StudentHeaders, good, badCheck, many, noSchool, wrongGrade, wrongSex, dup]);

        var r = await RunAsync(db, "students", path);

        Assert.False(r.Committed);
        Assert.Equal(7, r.Rows);
        Assert.Equal(6, r.ErrorRows);
        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(1, await db.ImportBatches.CountAsync()); // only the schools' batch

        string Rule(int row, string column) => Assert.Single(r.Issues, i => i.Row == row && i.Column == column && !i.IsWarning).Rule;
        Assert.Contains("校验码", Rule(3, "身份证号"));
        Assert.Equal("必填项为空", Rule(4, "姓名"));
        Assert.Contains("日期格式", Rule(4, "出生日期"));
        Assert.Contains("代码表", Rule(4, "民族"));
        Assert.Contains("没有该学校", Rule(5, "学校标识码"));
        Assert.Contains("没有一年级", Rule(6, "年级"));
        Assert.Contains("不一致", Rule(7, "性别"));
        Assert.Contains("与第 2 行重复", Rule(8, "学籍号"));
        // The message names file, row, column, value and rule.
        var m = r.Issues.Single(i => i.Row == 4 && i.Column == "出生日期").Message;
        Assert.Equal("bad.csv 第 4 行 “出生日期”列 值“2019-13-01”：日期格式应为 yyyy-MM-dd（错误）", m);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Gbk_csv_with_headers_in_another_order_and_aliases_is_read(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-gbk");
        var s = Student(1, name: "阿依古丽");
        // Other order, aliases 全国学籍号 / 身份证件号 / 性别码 / 民族码, an extra column.
        var path = Csv("gbk.csv",
        [
            ["年级", "性别码", "身份证件号", "全国学籍号", "姓名", "备注", "出生日期", "民族码", "户口性质", "学校标识码", "入学日期"],
            [s[8], "1", s[2], s[0], s[1], "无", "2019/3/1", "05", s[6], s[7], "2025年9月1日"],
        ], Encoding.GetEncoding("GB18030"));
        Assert.Equal("GB18030", TabularEncoding.Detect(path).WebName.ToUpperInvariant());

        var r = await RunAsync(db, "students", path);

        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Contains(r.Notes, n => n.Contains("备注"));
        var st = await db.Students.SingleAsync();
        Assert.Equal("阿依古丽1", st.Name);
        Assert.Equal("05", st.EthnicityCode); // 维吾尔族
        Assert.Equal(new DateOnly(2025, 9, 1), st.EnrolledOn);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Duplicates_within_the_file_and_against_the_database_are_errors(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-dup");
        Assert.True((await RunAsync(db, "students", StudentsCsv(2))).Committed);
        // Row 2: another 学籍号 (L…) with the 身份证号 of a stored student; rows 3 and 4 repeat one 学籍号.
        var other = Student(1);
        other[0] = "L652302001";
        var path = Csv("dup.csv", [StudentHeaders, other, Student(7), Student(7)]);

        var r = await RunAsync(db, "students", path);

        Assert.False(r.Committed);
        Assert.Contains(r.Issues, i => i.Row == 2 && i.Column == "身份证号" && i.Rule == "与数据库中另一条记录重复");
        Assert.Contains(r.Issues, i => i.Row == 4 && i.Column == "学籍号" && i.Rule.Contains("与第 3 行重复"));
        Assert.Equal(2, await db.Students.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_same_file_twice_changes_nothing_the_second_time(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-twice");
        var path = StudentsCsv(5);
        var first = await RunAsync(db, "students", path);
        var auditsAfterFirst = await db.AuditEntries.CountAsync(a => a.Entity == "Student");

        var second = await RunAsync(db, "students", path);

        Assert.Equal(5, first.Created);
        Assert.Equal((0, 0, 5), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(auditsAfterFirst, await db.AuditEntries.CountAsync(a => a.Entity == "Student"));
        Assert.Equal(5, await db.Students.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Valid_only_mode_writes_the_good_rows(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-validonly");
        var bad = Student(9);
        bad[8] = "Z9";
        var path = Csv("mixed.csv", [StudentHeaders, Student(1), bad, Student(2), Student(3)]);

        var dry = await RunAsync(db, "students", path, q => q with { DryRun = true });
        var all = await RunAsync(db, "students", path);
        var some = await RunAsync(db, "students", path, q => q with { ValidOnly = true });

        Assert.Equal((3, 1, false), (dry.Created, dry.ErrorRows, dry.Committed));
        Assert.False(all.Committed);
        Assert.True(some.Committed);
        Assert.Equal(3, some.Created);
        Assert.Equal(3, await db.Students.CountAsync());
        Assert.Equal(3, (await db.ImportBatches.SingleAsync(b => b.Id == some.BatchId)).Created);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_failure_in_the_middle_of_a_commit_writes_nothing(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-fail");
        var path = StudentsCsv(2500);
        var batches = await db.ImportBatches.CountAsync();

        // The progress callback runs inside the write loop (after 1,000 and 2,000 rows): it fails there.
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunAsync(db, "students", path, q => q with { Progress = new Failing(2000) }));
        Assert.Equal("注入的故障", ex.Message);
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(db, "students", path, q => q with { Progress = new Cancelling(cts, 1000) }, cts.Token));

        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(batches, await db.ImportBatches.CountAsync());
        // The context still works afterwards.
        Assert.True((await RunAsync(db, "students", StudentsCsv(3))).Committed);
    }

    private sealed class Failing(int at) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Rows >= at)
            {
                throw new InvalidOperationException("注入的故障");
            }
        }
    }

    private sealed class Cancelling(CancellationTokenSource cts, int at) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Rows >= at)
            {
                cts.Cancel();
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rollback_restores_old_values_and_is_refused_after_a_later_change(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-rollback");
        var first = await RunAsync(db, "students", StudentsCsv(3));
        var renamed = Student(2, name: "改名");
        var second = await RunAsync(db, "students", Csv("s2.csv", [StudentHeaders, Student(1), renamed, Student(3), Student(4)]));
        Assert.Equal((1, 1, 2), (second.Created, second.Updated, second.Unchanged));
        Assert.Contains(await db.AuditEntries.Where(a => a.Entity == "Student" && a.Action == "update").Select(a => a.Detail).ToListAsync(),
            d => d == $"import:{second.BatchId}");

        Assert.Empty(await Importer.RollbackAsync(db, second.BatchId!.Value));
        db.ChangeTracker.Clear();
        Assert.Equal(3, await db.Students.CountAsync());
        Assert.Equal(["学生1", "学生2", "学生3"], await db.Students.OrderBy(s => s.Name).Select(s => s.Name).ToListAsync());
        Assert.NotNull((await db.ImportBatches.SingleAsync(b => b.Id == second.BatchId)).RolledBackAt);

        // A later change to a row of the first batch blocks its rollback.
        var s = await db.Students.OrderBy(x => x.Id).FirstAsync();
        s.LeftBehindChild = true;
        await db.SaveChangesAsync();
        var refused = await Importer.RollbackAsync(db, first.BatchId!.Value);
        Assert.NotEmpty(refused);
        Assert.Contains(refused, l => l.StartsWith($"Student {s.Id} ", StringComparison.Ordinal));
        Assert.Equal(3, await db.Students.CountAsync());
    }
}
