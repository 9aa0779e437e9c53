using System.Text.Json;
using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Imports.Kinds;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Fitness.FitnessDatabaseTests;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Issue 12 item 7: 体质健康 through the import framework (kind <c>fitness</c>, the one the web's 数据导入 and the CLI's
/// <c>fitness import</c> run): dry run, all-or-nothing commit, a batch that rolls back to the exact previous rows, a
/// re-import that changes nothing, the messages of bad rows, a school's user limited to the school's students, and the
/// CLI giving the same rows as the kind. The scores of the small county's rows (83.4, 43.4, 115, 70.5, 66.8) are worked by
/// hand in <see cref="Fitness.FitnessDatabaseTests"/> from the standard's tables (shared/reference/fitness-standard-2014).
/// </summary>
public sealed class FitnessKindImportTests
{
    /// <summary>Every stored column of every test, id included, in id order: what "exactly restored" compares.</summary>
    private static async Task<string> RowsAsync(EduDb db) =>
        JsonSerializer.Serialize(await db.FitnessTests.AsNoTracking().OrderBy(t => t.Id).ToListAsync());

    /// <summary>The small county of FitnessDatabaseTests, opened with an actor: its database and the five students' ids.</summary>
    private static async Task<(EduDb Db, int[] Ids)> CountyAsync(string provider)
    {
        var (setting, _, _, ids) = await SmallCountyAsync(provider);
        var db = Database.Open(setting);
        db.Actor = "test";
        return (db, ids);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dry_run_writes_nothing_commit_rolls_back_and_a_reimport_changes_nothing(string provider)
    {
        var (db, ids) = await CountyAsync(provider);
        await using var _ = db;
        Dictionary<string, object?>[] all = [J1Good(), J1Fail(), S1Excellent(), P6(), P2()];

        var dry = await ImportAsync(db, 2024, "2024体测.xlsx", dryRun: true, all);
        Assert.Equal((false, 5, 0), (dry.Committed, dry.Created, dry.ErrorRows));
        Assert.Equal((0, 0), (await db.FitnessTests.CountAsync(), await db.ImportBatches.CountAsync()));

        // A commit is a batch; rolling it back leaves no test (the state before it).
        var first = await ImportAsync(db, 2024, "2024体测.xlsx", all);
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        var batch = await db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == first.BatchId);
        Assert.Equal(("fitness", nameof(FitnessTest), 2024, 5, 5), (batch.Kind, batch.Entity, batch.Year, batch.Rows, batch.Created));
        Assert.Equal([83.4, 43.4, 115.0, 70.5, 66.8], await db.FitnessTests.OrderBy(t => t.StudentId).Select(t => t.TotalScore).ToListAsync());
        Assert.Empty(await Importer.RollbackAsync(db, first.BatchId!.Value));
        Assert.Equal(0, await db.FitnessTests.CountAsync());

        var second = await ImportAsync(db, 2024, "2024体测.xlsx", all);
        Assert.Equal((true, 5), (second.Committed, second.Created));
        var before = await RowsAsync(db);
        var again = await ImportAsync(db, 2024, "2024体测.xlsx", all);
        Assert.Equal((0, 0, 5), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(before, await RowsAsync(db));

        // A corrected file: 张一's 肺活量 2900 → 2600 and 李三's 身高 160 → 165 (two updates, rescored), then rolled back:
        // every column of every row is as before, scores included.
        var fixedRows = all.ToArray();
        fixedRows[0] = new Dictionary<string, object?>(J1Good()) { ["肺活量"] = 2600 };
        fixedRows[2] = new Dictionary<string, object?>(S1Excellent()) { ["身高"] = 165 };
        var fix = await ImportAsync(db, 2024, "2024体测-更正.xlsx", fixedRows);
        Assert.Equal((0, 2, 3), (fix.Created, fix.Updated, fix.Unchanged));
        var changed = await db.FitnessTests.AsNoTracking().SingleAsync(t => t.StudentId == ids[0]);
        // J1 男 肺活量 2600: below the 80-point level 2900 of FitnessScorerTests' case, so the total falls below 83.4.
        Assert.Equal(2600.0, changed.VitalCapacity);
        Assert.True(changed.TotalScore < 83.4);
        Assert.NotEqual(before, await RowsAsync(db));
        Assert.Empty(await Importer.RollbackAsync(db, fix.BatchId!.Value));
        Assert.Equal(before, await RowsAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bad_row_names_file_row_column_and_reason_and_nothing_is_written(string provider)
    {
        var (db, _) = await CountyAsync(provider);
        await using var _ = db;
        var bad = await ImportAsync(db, 2024, "体测.xlsx",
            J1Good(),                                                                   // row 2: valid
            new Dictionary<string, object?>(J1Fail()) { ["50米跑"] = "快" },           // row 3: not a time
            new Dictionary<string, object?>(S1Excellent()) { ["800米跑"] = null },      // row 4: 高一女生 must run 800 m
            new Dictionary<string, object?>(P2()) { ["年级编号"] = "19" });             // row 5: no such 年级编号
        Assert.False(bad.Committed);
        Assert.Equal(3, bad.ErrorRows);
        var run = Assert.Single(bad.Issues, i => i.Row == 3 && !i.IsWarning);
        Assert.Equal(("50米跑", 12, "快"), (run.Column, run.ColumnIndex, run.Value));
        Assert.StartsWith("体测.xlsx 第 3 行 “50米跑”列 值“快”：", run.Message, StringComparison.Ordinal);
        Assert.Contains(bad.Issues, i => i is { Row: 4, Column: "800米跑", IsWarning: false } && i.Rule.EndsWith("的必测项目不能为空", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, i => i.Message == "体测.xlsx 第 5 行 “年级编号”列 值“19”：年级编号应为 11–16（小学）、21–23（初中）、31–33（高中）或 41–44（大学）（错误）");
        Assert.Equal((0, 0), (await db.FitnessTests.CountAsync(), await db.ImportBatches.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_user_cannot_import_another_schools_students(string provider)
    {
        var (setting, middle, primary, ids) = await SmallCountyAsync(provider);
        await using (var county = Database.Open(setting))
        {
            county.Actor = "county";
            // The middle school's three tests first (ids 1–3), by the county.
            Assert.True((await ImportAsync(county, 2024, "中学.xlsx", J1Good(), J1Fail(), S1Excellent())).Committed);
        }
        await using var db = Database.Open(setting);
        db.Actor = "primary-clerk";
        db.SchoolScope = [primary];

        // The primary school's user with a file holding a middle-school pupil (row 3): refused, nothing written.
        var mixed = await ImportAsync(db, 2024, "小学.xlsx", P6(), J1Good(), P2());
        Assert.False(mixed.Committed);
        var refused = Assert.Single(mixed.Issues, i => !i.IsWarning);
        Assert.Equal((3, "学籍号"), (refused.Row, refused.Column));
        Assert.Contains("不能导入其他学校学生的成绩", refused.Message, StringComparison.Ordinal);

        // The school's own pupils: written after the county's rows (new ids past every school's, not only the visible ones).
        var own = await ImportAsync(db, 2024, "小学.xlsx", P6(), P2());
        Assert.True(own.Committed, string.Join("\n", own.Issues.Select(i => i.Message)));
        db.SchoolScope = null;
        var tests = await db.FitnessTests.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.StudentId, t.SchoolId }).ToListAsync();
        Assert.Equal([ids[0], ids[1], ids[2], ids[3], ids[4]], tests.Select(t => t.StudentId));
        Assert.Equal([middle, middle, middle, primary, primary], tests.Select(t => t.SchoolId));
    }

    private static readonly string[] FitnessHeaders = ["年级编号", "班级编号", "学籍号", "姓名", "性别", "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳"];

    /// <summary>一年级 rows for the pupils of ImportTestFiles (P1 at 2165000001): BMI, 肺活量, 50米, 坐位体前屈, 跳绳.</summary>
    private static string FitnessFile(params string[][] extra)
    {
        var rows = Enumerable.Range(1, 3).Select(i =>
        {
            var s = Student(i);
            return new[] { "11", "01", s[0], s[1], s[3], (118 + i).ToString(), (21 + i).ToString(), (900 + 100 * i).ToString(), $"11.{i}", $"{8 + i}", (90 + 10 * i).ToString() };
        });
        return Csv("一年级体测.csv", [FitnessHeaders, .. rows, .. extra]);
    }

    /// <summary>The tests by pupil name with the school's code: every stored column but the ids (the two databases' differ).</summary>
    private static async Task<string> ByNameAsync(EduDb db)
    {
        var rows = await (from t in db.FitnessTests.AsNoTracking()
                          join s in db.Students on t.StudentId equals s.Id
                          join sc in db.Schools on t.SchoolId equals sc.Id
                          orderby s.Name
                          select new { s.Name, sc.Code, Test = t }).ToListAsync();
        foreach (var r in rows)
        {
            (r.Test.Id, r.Test.StudentId, r.Test.SchoolId, r.Test.ClassId) = (0, 0, 0, null);
        }
        return JsonSerializer.Serialize(rows);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_cli_fitness_import_gives_the_same_rows_as_the_kind(string provider)
    {
        var file = FitnessFile();
        // The kind, as the web's job runs it.
        await using var web = await SeededAsync(provider, "fit-kind");
        Assert.True((await RunAsync(web, "students", StudentsCsv(3), q => q with { Year = new SchoolYear(2025) })).Committed);
        var kind = await Importer.RunAsync(web, TestDatabases.Protector, new FitnessKind(new DateOnly(2025, 10, 9)),
            new ImportRequest(file, "一年级体测.csv") { Year = new SchoolYear(2025) });
        Assert.True(kind.Committed, string.Join("\n", kind.Issues.Select(i => i.Message)));
        Assert.Equal(3, kind.Created);

        // The CLI on a database of its own (its own keys): schools, 学籍, then fitness import with its options.
        var setting = await TestDatabases.CreateEmptyAsync(provider, "fit-cli");
        Assert.Equal(0, (await CliProcess.RunAsync("import", "schools", Csv("schools.csv", Schools()), "--db", setting)).Code);
        Assert.Equal(0, (await CliProcess.RunAsync("import", "students", StudentsCsv(3), "--year", "2025-2026", "--db", setting)).Code);
        string[] verb = ["fitness", "import", "--year", "2025-2026", "--input", file, "--tested-on", "2025-10-09", "--db", setting];
        var dry = await CliProcess.RunAsync([.. verb, "--dry-run"]);
        Assert.True(dry.Code == 0, dry.Err);
        Assert.StartsWith("检查通过（未写入）：3 行，新增 3，更新 0，未变 0；警告 0 条", dry.Out, StringComparison.Ordinal);
        var cli = await CliProcess.RunAsync(verb);
        Assert.True(cli.Code == 0, cli.Err);
        Assert.StartsWith("已导入：3 行，新增 3，更新 0，未变 0；警告 0 条", cli.Out, StringComparison.Ordinal);
        var again = await CliProcess.RunAsync(verb);
        Assert.StartsWith("无变化：3 行，新增 0，更新 0，未变 3", again.Out, StringComparison.Ordinal);
        await using (var db = Database.Open(setting))
        {
            Assert.Equal(await ByNameAsync(web), await ByNameAsync(db));
        }

        // A bad row through the CLI: the message names file, row and column; exit code 2; nothing written.
        var bad = await CliProcess.RunAsync("fitness", "import", "--year", "2025-2026", "--input",
            FitnessFile([["11", "01", Student(1)[0], "学生1", Student(1)[3], "120", "22", "1000", "慢", "9", "100"]]), "--db", setting);
        Assert.Equal(2, bad.Code);
        Assert.Contains("错误：一年级体测.csv 第 5 行 “50米跑”列 值“慢”：", bad.Err, StringComparison.Ordinal);
        Assert.Contains("整个文件未导入", bad.Err, StringComparison.Ordinal);

        // The CLI's batch rolls back with import rollback: no test is left.
        var batch = cli.Out.Split('\n').Single(l => l.StartsWith("导入批次 ", StringComparison.Ordinal)).Split(' ', '（')[1];
        var rollback = await CliProcess.RunAsync("import", "rollback", batch, "--db", setting);
        Assert.True(rollback.Code == 0, rollback.Err);
        await using (var db = Database.Open(setting))
        {
            Assert.Equal(0, await db.FitnessTests.CountAsync());
        }
    }
}
