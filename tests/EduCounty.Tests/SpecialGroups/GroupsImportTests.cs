using System.Text;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.SpecialGroups;
using EduCounty.Tests.DropoutPrevention;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.SpecialGroups;

/// <summary>
/// <c>groups import</c> (issue 17 item 3 records from files) on SQLite and PostgreSQL: 送教上门 visits against the child's
/// 一人一案 of the visit's 学年, 留守 关爱 records (a 帮扶教师 assigned from the file where none is); a bad row refuses
/// the file with file, row, column and reason; a re-import writes nothing.
/// </summary>
public sealed class GroupsImportTests
{
    private static readonly GroupsRules Rules = GroupsRules.Default();
    private static readonly DateOnly Today = new(2025, 11, 15);

    private static Task<GroupsImportOutcome> ImportAsync(EduDb db, GroupsImportKind kind, string text, string name = "记录.csv") =>
        ImportGroupsRecordsHandler.HandleAsync(db, DropoutCounty.Protector, Rules,
            new ImportGroupsRecords(kind, new MemoryStream(Encoding.UTF8.GetBytes(text)), name), DropoutCounty.BasicEducation, Today);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Visits_and_care_records_come_in_once_and_a_bad_row_refuses_the_file(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "groups-import");
        await using var _db = db;
        var s1 = DropoutCounty.Student(db, 1, 1, "P5");
        s1.SetDisability(DropoutCounty.Protector, DisabilityType.Multiple);
        var s2 = DropoutCounty.Student(db, 2, 3, "P4");
        s2.LeftBehindChild = true;
        DropoutCounty.Student(db, 3, 3, "P4"); // not 留守
        await db.SaveChangesAsync();
        await HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector, new HomeTeaching.PlanCommand(s1.Id, new SchoolYear(2025), "王老师", "康复训练", 10, 30),
            new DateOnly(2025, 9, 5));

        const string visits = "学籍号,姓名,送教日期,课时,送教教师,送教内容\n"
            + "L0000000001,学生1,2025-09-09,3,王老师,生活自理训练\n"
            + "L0000000001,学生1,2025-10-10,2.5,王老师、李老师,认知训练\n";
        var v = await ImportAsync(db, GroupsImportKind.Visits, visits);
        Assert.True(v.Ok, string.Join("\n", v.Errors));
        Assert.Equal((2, 2, 0, true), (v.Rows, v.Inserted, v.Unchanged, v.Written));
        // 3 + 2.5 = 5.5 课时 delivered.
        Assert.Equal(5.5m, (await db.HomeTeachingVisits.ToListAsync()).Sum(x => x.Hours));
        var again = await ImportAsync(db, GroupsImportKind.Visits, visits);
        Assert.Equal((0, 2, false), (again.Inserted, again.Unchanged, again.Written));
        Assert.Equal(2, await db.HomeTeachingVisits.CountAsync());

        const string care = "学籍号,姓名,关爱日期,关爱方式,帮扶教师,关爱记录\n"
            + "L0000000002,学生2,2025-09-20,家访,赵老师,与祖父母沟通学习情况\n"
            + "L0000000002,学生2,2025-10-20,谈心,,情绪稳定\n";
        var c = await ImportAsync(db, GroupsImportKind.Care, care);
        Assert.True(c.Ok, string.Join("\n", c.Errors));
        Assert.Equal((2, 0, true), (c.Inserted, c.Unchanged, c.Written));
        var assigned = await db.LeftBehindCares.Include(x => x.Records).SingleAsync();
        Assert.Equal(("赵老师", 2, "HomeVisit,Talk"), (assigned.ContactTeacher, assigned.Records.Count, string.Join(",", assigned.Records.OrderBy(r => r.Date).Select(r => r.Kind))));
        Assert.Equal((0, 2), ((await ImportAsync(db, GroupsImportKind.Care, care)).Inserted, (await ImportAsync(db, GroupsImportKind.Care, care)).Unchanged));
        Assert.Equal(2, await db.CareRecords.CountAsync());

        // Bad rows: nothing written, each named.
        var bad = await ImportAsync(db, GroupsImportKind.Visits, "学籍号,姓名,送教日期,课时,送教教师\n"
            + "L0000000001,学生1,2025-11-01,3,王老师\n"        // good
            + "L0000000001,学生1,2025-11-02,9,王老师\n"        // row 3: 9 课时
            + "L0000000001,学生1,2024-11-02,2,王老师\n"        // row 4: no plan in 2024-2025
            + "L0000000002,学生2,2025-11-03,2,王老师\n", "坏记录.csv"); // row 5: no plan
        Assert.False(bad.Ok);
        var messages = bad.Errors.Select(e => e.Message).ToList();
        Assert.Contains("坏记录.csv 第3行“课时”列，值“9”：应为大于 0、不超过 8 的数（一次送教的课时）", messages);
        Assert.Contains(messages, m => m.StartsWith("坏记录.csv 第4行“送教日期”列，值“2024-11-02”：学生“学生1”在 2024-2025 学年没有送教上门方案", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("坏记录.csv 第5行", StringComparison.Ordinal));
        Assert.Equal(3, messages.Count);
        Assert.Equal(2, await db.HomeTeachingVisits.CountAsync());
        var notLeftBehind = await ImportAsync(db, GroupsImportKind.Care, "学籍号,关爱日期,关爱方式,帮扶教师\nL0000000003,2025-10-01,家访,赵老师\n");
        Assert.Equal("记录.csv 第2行“学籍号”列，值“”：学生“学生3”的学籍中未登记为留守儿童", notLeftBehind.Errors.Single().Message);
        Assert.Equal(2, await db.CareRecords.CountAsync());
    }
}
