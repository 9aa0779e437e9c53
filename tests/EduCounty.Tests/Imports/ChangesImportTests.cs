using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// 学籍异动 imported from the 学籍 system's export (kind <c>changes</c>) into a county that starts from an empty database:
/// all-or-nothing with errors named, re-import = 0 changes, and the 控辍保学 case a 辍学 calls for (dropout-prevention.md
/// §7) opened in the same commit and removed by the rollback.
/// </summary>
public sealed class ChangesImportTests
{
    private static readonly string[] Headers = ["全国学籍号", "异动类型", "异动日期", "年级", "原学校标识码", "转入学校标识码", "异动原因"];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Changes_import_all_or_nothing_open_the_dropout_case_and_roll_back(string provider)
    {
        // Clock 2025-10-15 (学年 2025-2026); three P1 pupils of school 2165000001 with that year's snapshot.
        await using var db = await SeededAsync(provider, "imp-changes");
        var students = await RunAsync(db, "students", StudentsCsv(3));
        Assert.True(students.Committed, string.Join("\n", students.Issues.Select(i => i.Message)));
        var s = Enumerable.Range(1, 3).Select(i => Student(i)[0]).ToArray();

        // Rows 2–4 good; row 5 an 异动类型 the system does not have; row 6 a 学籍号 nobody has → nothing written.
        string[] dropout = [s[0], "辍学", "2025-10-08", "", "2165000001", "", "厌学"];
        string[] suspension = [s[1], "休学", "2025-09-10", "", "2165000001", "", "因病"];
        string[] transfer = [s[2], "转出", "2025-09-20", "一年级", "2165000001", "", "随父母迁居"];
        var bad = await RunAsync(db, "changes", Csv("changes.csv",
            [Headers, dropout, suspension, transfer, [s[0], "退学", "2025-10-09", "", "", "", ""], ["G000000000000000009", "辍学", "2025-10-09", "", "", "", ""]]));
        Assert.False(bad.Committed);
        Assert.Contains(bad.Issues, i => i.Row == 5 && i.Column == "异动类型" && i.Message.Contains("辍学", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, i => i.Row == 6 && i.Column == "学籍号" && i.Message.Contains("没有此学籍号", StringComparison.Ordinal));
        Assert.Equal((0, 0), (await db.StatusChanges.CountAsync(), await db.DropoutCases.CountAsync()));

        // The good rows: three changes; the 辍学 of a 小学 pupil opens one case (grade P1 from the 学年 snapshot); the
        // 休学 is 35 days old (the limit is 365, dropout-rules.json) and the 转出 calls for none.
        var path = Csv("changes.csv", [Headers, dropout, suspension, transfer]);
        var first = await RunAsync(db, "changes", path);
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        Assert.Equal(3, first.Created);
        Assert.Contains(first.Notes, n => n.Contains("控辍保学案件 1 件", StringComparison.Ordinal));
        var changes = await db.StatusChanges.AsNoTracking().OrderBy(c => c.Date).ToListAsync();
        Assert.Equal([StatusChangeType.Suspension, StatusChangeType.TransferOut, StatusChangeType.Dropout], changes.Select(c => c.Type));
        Assert.All(changes, c => Assert.Equal("P1", c.Grade));
        var kase = await db.DropoutCases.AsNoTracking().SingleAsync();
        var pupil = await db.Students.AsNoTracking().Where(x => x.Id == kase.StudentId).Select(x => x.Name).SingleAsync();
        Assert.Equal(("学生1", CaseKind.Dropout, CaseSource.RegistryDropout, new DateOnly(2025, 10, 8), changes[2].Id),
            (pupil, kase.Kind, kase.Source, kase.LeftOn, kase.StatusChangeId));

        // The same file again: no change, no second case.
        var again = await RunAsync(db, "changes", path);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(1, await db.DropoutCases.CountAsync());

        // Rolled back while nobody has worked on the case: the changes and the case go.
        Assert.Empty(await Importer.RollbackAsync(db, first.BatchId!.Value));
        Assert.Equal((0, 0), (await db.StatusChanges.CountAsync(), await db.DropoutCases.CountAsync()));

        // Imported again and a 劝返 step recorded: the rollback is refused naming the case, and nothing moves.
        var third = await RunAsync(db, "changes", path);
        Assert.True(third.Committed);
        var reopened = await db.DropoutCases.AsNoTracking().SingleAsync();
        db.PersuasionSteps.Add(new PersuasionStep { CaseId = reopened.Id, Date = new DateOnly(2025, 10, 10), Method = "家访", Participants = "班主任", Result = "家长同意返校", RecordedBy = "test" });
        await db.SaveChangesAsync();
        var refused = await Importer.RollbackAsync(db, third.BatchId!.Value);
        Assert.Contains(refused, m => m.Contains($"控辍保学案件 {reopened.Id} ", StringComparison.Ordinal));
        Assert.Equal((3, 1), (await db.StatusChanges.CountAsync(), await db.DropoutCases.CountAsync()));
    }
}
