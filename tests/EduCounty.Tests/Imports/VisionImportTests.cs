using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Issue 12 item 7: 视力筛查 imported from a file (kind <c>vision</c>) into a county that starts from an empty database,
/// with the importer's dry run, all-or-nothing commit and rollback. 近视 by MyopiaRule: 裸眼视力 &lt; 5.0 and 等效球镜
/// ≤ −0.50 D in either eye.
/// </summary>
public sealed class VisionImportTests
{
    private static readonly string[] Headers = ["全国学籍号", "筛查日期", "裸眼视力左", "裸眼视力右", "左眼等效球镜", "右眼等效球镜", "左眼球镜", "左眼柱镜"];

    private static string Number(int seq) => Student(seq)[0];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Screenings_import_all_or_nothing_count_myopia_and_roll_back(string provider)
    {
        // Clock 2025-10-15: the import's 学年 is 2025-2026; three P1 pupils at school 2165000001 get its snapshot.
        await using var db = await SeededAsync(provider, "imp-vision");
        var students = await RunAsync(db, "students", StudentsCsv(3));
        Assert.True(students.Committed, string.Join("\n", students.Issues.Select(i => i.Message)));

        // Hand check of each row:
        //  1: 4.8 / 4.9 with SE −1.00 / −0.75           → both eyes myopic                          → 近视
        //  2: 5.0 / 5.1, no refraction                    → no eye below 5.0                          → 不近视
        //  3: 4.9 / 5.0, left 球镜 −0.25 柱镜 −0.75       → left SE = −0.25 + (−0.75 ÷ 2) = −0.625 ≤ −0.50 → 近视
        //  4: a 学籍号 nobody has                          → error at row 5, column 1 (the template names it 学籍号)
        //  5: 裸眼视力右 5.8                               → error at row 6, column 4 (右眼裸眼视力, 3.0–5.3)
        string[] r1 = [Number(1), "2025-10-10", "4.8", "4.9", "-1.00", "-0.75", "", ""];
        string[] r2 = [Number(2), "2025-10-10", "5.0", "5.1", "", "", "", ""];
        string[] r3 = [Number(3), "2025-10-11", "4.9", "5.0", "", "", "-0.25", "-0.75"];
        var bad = await RunAsync(db, "vision", Csv("vision.csv",
            [Headers, r1, r2, r3, ["G000000000000000009", "2025-10-11", "4.9", "4.9", "", "", "", ""], [Number(1), "2025-10-11", "4.9", "5.8", "", "", "", ""]]));
        Assert.False(bad.Committed);
        Assert.Contains(bad.Issues, i => i.Row == 5 && i.Column == "学籍号" && i.ColumnIndex == 0 && i.Message.Contains("学籍号不存在", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, i => i.Row == 6 && i.Column == "右眼裸眼视力" && i.ColumnIndex == 3);
        Assert.Equal(0, await db.VisionScreenings.CountAsync());

        var path = Csv("vision.csv", [Headers, r1, r2, r3]);
        var dry = await RunAsync(db, "vision", path, q => q with { DryRun = true });
        Assert.Equal((false, 3), (dry.Committed, dry.Created));
        Assert.Equal(0, await db.VisionScreenings.CountAsync());

        var first = await RunAsync(db, "vision", path);
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        var rows = await db.VisionScreenings.AsNoTracking().OrderBy(v => v.StudentId).ToListAsync();
        Assert.Equal([true, false, true], rows.Select(v => v.Myopia));
        Assert.Equal(-0.625, rows[2].SphericalEquivalentLeft!.Value, 6);
        Assert.Null(rows[2].SphericalEquivalentRight);
        var school = await db.Schools.Where(s => s.Code == "2165000001").Select(s => s.Id).SingleAsync();
        Assert.All(rows, v => Assert.Equal((2025, school, "P1"), (v.Year, v.SchoolId, v.Grade)));

        // The same file again changes nothing; a corrected row 2 (now 4.6 with SE −1.50) is one update, which rolls back.
        var again = await RunAsync(db, "vision", path);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
        var fix = await RunAsync(db, "vision", Csv("vision.csv", [Headers, r1, [Number(2), "2025-10-10", "4.6", "5.1", "-1.50", "", "", ""], r3]));
        Assert.Equal((0, 1, 2), (fix.Created, fix.Updated, fix.Unchanged));
        Assert.True(await db.VisionScreenings.AsNoTracking().Where(v => v.StudentId == rows[1].StudentId).Select(v => v.Myopia).SingleAsync());
        Assert.Empty(await Importer.RollbackAsync(db, fix.BatchId!.Value));
        var restored = await db.VisionScreenings.AsNoTracking().SingleAsync(v => v.StudentId == rows[1].StudentId);
        Assert.Equal((5.0, false), (restored.UncorrectedLeft, restored.Myopia));
        // The first batch's row 2 was changed after it (the update and its rollback): its rollback is refused, and nothing moves.
        var refused = await Importer.RollbackAsync(db, first.BatchId!.Value);
        Assert.Contains(refused, m => m.Contains($"VisionScreening {rows[1].Id} ", StringComparison.Ordinal));
        Assert.Equal(3, await db.VisionScreenings.CountAsync());
    }
}
