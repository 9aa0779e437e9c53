using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.StudentAid;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// 资助 imported from the 全国学生资助管理信息系统's exports in the derived layout (issue 17 item 5, docs/adr/0035): the
/// 家庭经济困难认定 and 资助发放 kinds, all-or-nothing with bad rows named by row and column, amounts against the dated
/// standards of aid-rules.json (student-aid.md §2.2, written beside each row), re-import = 0 changes, and the rollback of a
/// 认定 batch refused while disbursements depend on it.
/// </summary>
public sealed class AidImportTests
{
    private static readonly string[] Recognition = ["学籍号", "身份证号码", "学生姓名", "学校代码", "认定学年", "认定结果", "困难类型", "认定时间"];
    private static readonly string[] Disbursement = ["全国学籍号", "资助学年", "发放学期", "资助项目名称", "发放金额（元）", "发放日期", "发放方式"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Recognition_and_disbursement_import_all_or_nothing_reimport_unchanged_and_roll_back(string provider)
    {
        // Clock 2025-10-15 (学年 2025-2026); three P1 pupils of the 小学 2165000001.
        await using var db = await SeededAsync(provider, "imp-aid");
        Assert.True((await RunAsync(db, "students", StudentsCsv(3))).Committed);
        var s = Enumerable.Range(1, 3).Select(i => Student(i)).ToArray();

        // 认定: rows 2, 3 good; row 4 a level the rules do not know; row 5 an unknown 学籍号; row 6 a name not the 学籍's.
        string[] r1 = [s[0][0], s[0][2], "学生1", "2165000001", "2025-2026", "特别困难", "建档立卡", "2025-09-20"];
        string[] r2 = [s[1][0], "", "", "", "2025", "一般困难", "", "2025-09-20"];
        string[] r3 = [s[2][0], "", "学生3", "", "2025-2026", "困难", "低保", "2025-10-01"];
        var bad = await RunAsync(db, "aid-recognition", Csv("rd.csv", [Recognition, r1, r2,
            [s[2][0], "", "", "", "2025-2026", "不困难", "", "2025-10-01"],
            ["G000000000000000009", "", "", "", "2025-2026", "困难", "", "2025-10-01"],
            [s[2][0], "", "张三", "", "2025-2026", "困难", "低保", "2025-10-01"]]));
        Assert.False(bad.Committed);
        Assert.Contains(bad.Issues, i => i.Row == 4 && i.Column == "认定档次" && !i.IsWarning);
        Assert.Contains(bad.Issues, i => i.Row == 5 && i.Column == "学籍号" && i.Message.Contains("没有此学籍号", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, i => i.Row == 6 && i.Column == "姓名" && i.Message.Contains("姓名不一致", StringComparison.Ordinal));
        Assert.Equal(3, bad.ErrorRows);
        Assert.Equal(0, await db.HardshipAssessments.CountAsync());

        var rdPath = Csv("rd.csv", [Recognition, r1, r2, r3]);
        var rd = await RunAsync(db, "aid-recognition", rdPath);
        Assert.True(rd.Committed, string.Join("\n", rd.Issues.Select(i => i.Message)));
        Assert.Equal(3, rd.Created);
        var stored = await db.HardshipAssessments.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([(HardshipLevel.Special, FinancialHardship.RegisteredPoor), (HardshipLevel.General, (FinancialHardship?)null), (HardshipLevel.Hard, FinancialHardship.Dibao)],
            stored.Select(a => a.DetailOf(TestDatabases.Protector)));
        Assert.Equal([true, false, true], stored.Select(a => a.CoverageGroup)); // 建档立卡 and 低保 are in the 资助全覆盖 group
        Assert.Equal([2025, 2025, 2025], stored.Select(a => a.Year));
        var pupil1 = await db.Students.AsNoTracking().SingleAsync(x => x.Id == stored[0].StudentId);
        Assert.Equal(FinancialHardship.RegisteredPoor, pupil1.HardshipOf(TestDatabases.Protector)); // the 学籍 flag follows the 认定
        Assert.Contains(rd.Notes, n => n.Contains("家庭经济困难类型 2 人", StringComparison.Ordinal));
        var again = await RunAsync(db, "aid-recognition", rdPath);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));

        // 发放, 2025 autumn (standards of aid-rules.json in force on 2025-09-01; a term pays half the annual amount):
        //   营养膳食补助 5 元 × 200 天 ÷ 2 = 500; 小学 非寄宿生生活补助 500 ÷ 2 = 250; 小学 寄宿生生活补助 1000 ÷ 2 = 500.
        string[] d1 = [s[0][0], "2025-2026", "秋季学期", "营养膳食补助", "500", "2025-10-10", "直接减免"];
        string[] d2 = [s[0][0], "2025-2026", "秋季学期", "非寄宿生生活补助", "250", "2025-10-10", "一卡通"];
        string[] d3 = [s[2][0], "2025-2026", "秋季", "LivingDay", "250.00", "2025-10-12", "一卡通"];
        string[] d4 = [s[1][0], "2025", "第一学期", "寄宿生生活补助", "500", "2025-10-12", ""];
        var badPay = await RunAsync(db, "aid-disbursement", Csv("ff.csv", [Disbursement, d1, d2, d3,
            [s[1][0], "2025-2026", "秋季学期", "国家助学金", "1150", "2025-10-12", "一卡通"],   // row 5: 高中/中职 only
            [s[1][0], "2025-2026", "秋季学期", "寄宿生生活补助", "400", "2025-10-12", "一卡通"], // row 6: 500 due
            [s[2][0], "2025-2026", "秋季学期", "寄宿生生活补助", "500", "2025-10-12", "一卡通"], // row 7: same cost as row 4's
            [s[1][0], "2025-2026", "秋季学期", "非寄宿生生活补助", "250", "2025-10-12", ""]]));    // row 8: 一般困难/无类别 — not of the four
        Assert.False(badPay.Committed);
        Assert.Contains(badPay.Issues, i => i.Row == 5 && i.Column == "资助项目" && i.Message.Contains("只资助", StringComparison.Ordinal));
        Assert.Contains(badPay.Issues, i => i.Row == 6 && i.Column == "金额" && i.Message.Contains("每学期 500.00 元", StringComparison.Ordinal));
        Assert.Contains(badPay.Issues, i => i.Row == 7 && i.Column == "资助项目" && i.Message.Contains("与第 4 行", StringComparison.Ordinal));
        Assert.Contains(badPay.Issues, i => i.Row == 8 && i.Column == "资助项目" && i.Message.Contains("困难类型为", StringComparison.Ordinal));
        Assert.Equal(4, badPay.ErrorRows);
        Assert.Equal(0, await db.AidApplications.CountAsync());

        var payPath = Csv("ff.csv", [Disbursement, d1, d2, d3, d4]);
        var pay = await RunAsync(db, "aid-disbursement", payPath);
        Assert.True(pay.Committed, string.Join("\n", pay.Issues.Select(i => i.Message)));
        Assert.Equal(4, pay.Created);
        var apps = await db.AidApplications.AsNoTracking().ToListAsync();
        Assert.All(apps, a => Assert.Equal((AidStatus.Paid, 2025, AidTerm.Autumn, "P1"), (a.Status, a.Year, a.Term, a.Grade)));
        Assert.Equal(1500m, apps.Sum(a => a.PaidAmount!.Value)); // 500 + 250 + 250 + 500
        Assert.Equal(["LivingBoarding", "LivingDay", "LivingDay", "Nutrition"], apps.Select(a => a.Programme).Order(StringComparer.Ordinal));
        Assert.Equal("直接减免", apps.Single(a => a.Programme == "Nutrition").PaidVia);
        var payAgain = await RunAsync(db, "aid-disbursement", payPath);
        Assert.Equal((0, 0, 4), (payAgain.Created, payAgain.Updated, payAgain.Unchanged));

        // The 认定 batch cannot go while the three hardship payments rest on it (营养膳食补助 is for every pupil: not counted).
        var blocked = await Importer.RollbackAsync(db, rd.BatchId!.Value);
        Assert.Equal(3, blocked.Count(m => m.Contains("依据本批导入的家庭经济困难认定", StringComparison.Ordinal)));
        Assert.Equal(3, await db.HardshipAssessments.CountAsync());

        // The payments first, then the 认定: all gone, and the 学籍 flag back to none.
        Assert.Empty(await Importer.RollbackAsync(db, pay.BatchId!.Value));
        Assert.Equal(0, await db.AidApplications.CountAsync());
        Assert.Empty(await Importer.RollbackAsync(db, rd.BatchId!.Value));
        Assert.Equal(0, await db.HardshipAssessments.CountAsync());
        pupil1 = await db.Students.AsNoTracking().SingleAsync(x => x.Id == pupil1.Id);
        Assert.Null(pupil1.HardshipOf(TestDatabases.Protector));
    }
}
