using System.Text;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.DropoutPrevention;

/// <summary>
/// The 控辍保学 台账 import (issue 17 item 5; dropout-prevention.md §5 layout) on SQLite and PostgreSQL: a county's
/// file becomes cases with their 劝返 steps, matched by 学籍号 or 身份证件号 (hash); a bad row refuses the whole file
/// with messages naming file, row, column and reason; a re-import changes nothing; the scope holds.
/// </summary>
public sealed class DropoutImportTests
{
    private static readonly DropoutRules Rules = DropoutRules.Default();
    private static readonly DateOnly Today = new(2025, 11, 15);

    internal const string Head = "学籍号,身份证件号,姓名,台账类型,发现途径,离校日期,建档日期,辍学原因,学校责任人,乡镇责任人,村责任人,个案说明,"
        + "第1次劝返日期,第1次劝返方式,第1次参与人,第1次劝返结果,第2次劝返日期,第2次劝返方式,第2次参与人,第2次劝返结果,销号方式,销号日期,销号证据";

    /// <summary>An ID number of student 2 (GB 11643, composed with its check character).</summary>
    internal static readonly string IdOf2 = IdNumber.Compose("652302", new DateOnly(2012, 5, 6), 21);

    /// <summary>
    /// Three rows: 学生1 (by 学籍号, two 劝返 attempts, two causes by name), 学生2 (by 身份证件号, 疑似辍学 from 摸排, one
    /// attempt), 学生3 (辍学 then 复学 in 学籍 on 2025-10-08: 销号 已劝返复学 on 2025-10-09 passes the 返校 rule).
    /// </summary>
    internal static string GoodFile(string? secondAttemptOf2 = null) => string.Join("\n",
        Head,
        "L0000000001,,学生1,辍学,学校月报,2025-10-10,2025-10-12,因贫失学辍学、外出务工,王校长,李镇长,张村长,父亲外出务工,2025-10-15,家访,班主任,家长同意考虑,2025-11-05,联合劝返,乡镇干部、村干部,仍未返校,,,",
        $",{IdOf2},学生2,疑似辍学,摸排,2025-10-01,,学习困难或厌学,,,,,2025-10-20,电话,班主任,未接通,{secondAttemptOf2 ?? ",,,"},,,",
        "L0000000003,,学生3,辍学,督导,2025-09-20,,,,,,,2025-09-25,家访,班主任,同意返校,,,,,已劝返复学,2025-10-09,");

    internal static async Task SeedAsync(EduDb db, EduCounty.Common.Protection.PersonalDataProtector? protector = null)
    {
        var p = protector ?? DropoutCounty.Protector;
        DropoutCounty.Student(db, 1, 1, "P4", p);
        var two = DropoutCounty.Student(db, 2, 3, "J2", p);
        two.IdNumberHash = p.LookupHash(IdOf2);
        two.IdNumberCipher = p.Encrypt(IdOf2);
        var three = DropoutCounty.Student(db, 3, 1, "J1", p);
        three.DropOut(new DateOnly(2025, 9, 20), "厌学");
        three.ReturnAfterDropout(new DateOnly(2025, 10, 8), "劝返复学");
        DropoutCounty.Student(db, 4, 3, "S1", p); // 高中: not a 控辍 student
        await db.SaveChangesAsync();
    }

    private static Task<LedgerImportOutcome> ImportAsync(EduDb db, string text, bool dryRun = false, string name = "台账.csv") =>
        ImportDropoutLedgerHandler.HandleAsync(db, DropoutCounty.Protector, Rules,
            new ImportDropoutLedger(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, dryRun), DropoutCounty.BasicEducation, Today);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_good_file_becomes_cases_with_their_steps_and_a_reimport_changes_nothing(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "dropout-import");
        await using var _db = db;
        await SeedAsync(db);

        // Dry run: counted, nothing written.
        var dry = await ImportAsync(db, GoodFile(), dryRun: true);
        Assert.True(dry.Ok, string.Join("\n", dry.Errors));
        Assert.Equal((3, 3, 0, 1, false), (dry.Rows, dry.Opened, dry.StepsAdded, dry.Closed, dry.Written));
        Assert.Equal(0, await db.DropoutCases.CountAsync());

        var first = await ImportAsync(db, GoodFile());
        Assert.True(first.Ok, string.Join("\n", first.Errors));
        // 3 rows → 3 new cases; 2 + 1 + 1 = 4 劝返 attempts; 学生3 销号.
        Assert.Equal((3, 3, 0, 1, 0, true), (first.Rows, first.Opened, first.StepsAdded, first.Closed, first.Unchanged, first.Written));
        db.ChangeTracker.Clear();
        var cases = await db.DropoutCases.Include(k => k.Steps).OrderBy(k => k.LeftOn).ToListAsync();
        Assert.Equal(3, cases.Count);
        Assert.Equal(4, await db.PersuasionSteps.CountAsync());
        var three = cases[0];
        Assert.Equal((new DateOnly(2025, 9, 20), true, CaseClosure.Returned, new DateOnly(2025, 10, 9)), (three.LeftOn, three.Closed, three.Closure, three.ClosedOn));
        Assert.StartsWith("学籍 2025-10-08 复学", three.ClosureEvidence, StringComparison.Ordinal);
        var two = cases[1];
        Assert.Equal((CaseKind.SuspectedDropout, CaseSource.Manual, 3, "LearningDifficulty", new DateOnly(2025, 10, 1)),
            (two.Kind, two.Source, two.SchoolId, two.Causes, two.OpenedOn));
        var one = cases[2];
        Assert.Equal((CaseKind.Dropout, CaseSource.SchoolReport, "Poverty,Work", new DateOnly(2025, 10, 12), "李镇长"),
            (one.Kind, one.Source, one.Causes, one.OpenedOn, one.TownshipResponsible));
        Assert.Equal("父亲外出务工", one.NotesOf(DropoutCounty.Protector));
        Assert.Equal(["HomeVisit", "Joint"], one.Steps.OrderBy(s => s.Date).Select(s => s.Method));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "import" && a.Entity == nameof(DropoutCase)));

        // The same file again: every row is already in the ledger as it is.
        var again = await ImportAsync(db, GoodFile());
        Assert.True(again.Ok, string.Join("\n", again.Errors));
        Assert.Equal((0, 0, 0, 0, 3, false), (again.Changes, again.Opened, again.StepsAdded, again.Closed, again.Unchanged, again.Written));
        Assert.Equal((3, 4), (await db.DropoutCases.CountAsync(), await db.PersuasionSteps.CountAsync()));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "import" && a.Entity == nameof(DropoutCase)));

        // The county's file a month later, with 学生2's second attempt: only that attempt is added.
        var later = await ImportAsync(db, GoodFile("2025-11-10,家访,班主任、包联干部,家长承诺下周返校"));
        Assert.True(later.Ok, string.Join("\n", later.Errors));
        Assert.Equal((0, 1, 0, 2), (later.Opened, later.StepsAdded, later.Closed, later.Unchanged));
        Assert.Equal(5, await db.PersuasionSteps.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bad_row_refuses_the_whole_file_with_file_row_column_and_reason(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "dropout-import-bad");
        await using var _db = db;
        await SeedAsync(db);
        var text = string.Join("\n",
            Head,
            "L0000000001,,学生1,辍学,学校月报,2025-10-10,,因贫失学辍学,,,,,2025-10-15,家访,班主任,家长同意考虑,,,,,,,", // good
            "L9999999999,,某某,辍学,学校月报,2025-10-10,,,,,,,,,,,,,,,,,", // row 3: no such student
            "L0000000003,,学生3,辍学,督导,2025-13-01,,,,,,,,,,,,,,,,,", // row 4: no such date
            "L0000000004,,学生4,辍学,学校月报,2025-10-10,,,,,,,,,,,,,,,,,", // row 5: 高中
            "L0000000001,,学生一,辍学,学校月报,2025-10-10,,,,,,,,,,,,,,,,,", // row 6: name differs
            $",{IdOf2},学生2,辍学,摸排,2025-10-01,,,,,,,2025-10-20,短信,班主任,未接通,,,,,已劝返复学,2025-10-25,"); // row 7: method, closure
        var outcome = await ImportAsync(db, text, name: "坏台账.csv");
        Assert.False(outcome.Ok);
        Assert.False(outcome.Written);
        var messages = outcome.Errors.Select(e => e.Message).ToList();
        Assert.Contains("坏台账.csv 第3行“学籍号”列，值“L9999999999”：没有此学籍号的学生（或不在您的管理范围内）", messages);
        Assert.Contains("坏台账.csv 第4行“离校日期”列，值“2025-13-01”：日期应为 yyyy-MM-dd", messages);
        Assert.Contains(messages, m => m.StartsWith("坏台账.csv 第5行“学籍号”列", StringComparison.Ordinal) && m.Contains("不在义务教育阶段", StringComparison.Ordinal));
        Assert.Contains("坏台账.csv 第6行“姓名”列，值“学生一”：与学籍中的姓名“学生1”不符", messages);
        Assert.Contains(messages, m => m.StartsWith("坏台账.csv 第7行“第1次劝返方式”列，值“短信”：应为 家访", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("第2行", StringComparison.Ordinal));
        Assert.Equal((0, 0), (await db.DropoutCases.CountAsync(), await db.PersuasionSteps.CountAsync()));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "import" && a.Entity == nameof(DropoutCase)));

        // A 销号 without a 返校 record in 学籍 (学生2 never came back) is refused as the form refuses it.
        var noReturn = await ImportAsync(db, string.Join("\n", Head,
            $",{IdOf2},学生2,辍学,摸排,2025-10-01,,,,,,,2025-10-20,电话,班主任,未接通,,,,,已劝返复学,2025-10-25,"));
        Assert.Contains(noReturn.Errors, e => e.Row == 2 && e.Column == "销号证据" && e.Reason.Contains("没有该生 2025-10-01 离校后的返校记录", StringComparison.Ordinal));
        Assert.Equal(0, await db.DropoutCases.CountAsync());

        // A school's account sees its own students only: 学生2 of school 3 is not found from school 1.
        await using var scoped = DropoutCounty.Scoped(setting, 1);
        var fromSchool = await ImportDropoutLedgerHandler.HandleAsync(scoped, DropoutCounty.Protector, Rules,
            new ImportDropoutLedger(new MemoryStream(Encoding.UTF8.GetBytes(GoodFile())), "台账.csv"), DropoutCounty.School1, Today);
        Assert.Equal([(3, "身份证件号")], fromSchool.Errors.Select(e => (e.Row, e.Column!)));
        Assert.Equal(0, await db.DropoutCases.CountAsync());
    }
}
