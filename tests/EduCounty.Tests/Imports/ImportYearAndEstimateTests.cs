using System.IO.Compression;
using System.Text;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// The import's school year (ImportRequest.Year, --year) and the row estimate made before reading
/// (TabularFile.EstimateRows, the first progress report).
/// </summary>
public sealed class ImportYearAndEstimateTests
{
    private static object?[] StudentRow(int seq) => [.. Student(seq)];

    private static string SheetXml(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var r = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return r.ReadToEnd();
    }

    [Fact]
    public void Estimate_of_a_large_MiniExcel_workbook_without_dimension_is_within_ten_percent()
    {
        // 3,000 data rows + the header = 3,001 rows. MiniExcel writes no <dimension>, and the sheet is larger than the
        // 256 KB sample, so the count is estimated from the sheet's size and the average row size of the sample. Rows
        // grow a little down the sheet (r="J3001" is longer than r="J2", 学生3000 than 学生1), so the figure is
        // near, not equal: ±10% is what a progress bar's "约 N 行" needs.
        var path = Xlsx("big.xlsx", StudentHeaders, Enumerable.Range(1, 3000).Select(StudentRow));
        var sheet = SheetXml(path);
        Assert.DoesNotContain("dimension", sheet, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(sheet) > 256 * 1024, "the sheet must exceed the 256 KB sample");

        var estimate = TabularFile.EstimateRows(path, "big.xlsx");
        Assert.NotNull(estimate);
        Assert.InRange(estimate.Value, 3001 * 0.9, 3001 * 1.1);
    }

    [Fact]
    public void Estimate_of_a_small_workbook_is_exact()
    {
        // 40 data rows + header: the whole sheet fits in the sample, so its rows are counted.
        var path = Xlsx("small.xlsx", StudentHeaders, Enumerable.Range(1, 40).Select(StudentRow));
        Assert.Equal(41, TabularFile.EstimateRows(path, "small.xlsx"));
    }

    [Fact]
    public void A_declared_dimension_is_taken_as_it_is()
    {
        // Five rows written, but the sheet declares A1:J1234 (as Excel does): the declared last row, 1234, is the answer.
        var path = Xlsx("dim.xlsx", StudentHeaders, Enumerable.Range(1, 5).Select(StudentRow));
        ReplacePart(path, "xl/worksheets/sheet1.xml", xml =>
        {
            // CT_Worksheet order: sheetPr, dimension, sheetViews, …, sheetData.
            var at = new[] { xml.IndexOf("<x:sheetViews", StringComparison.Ordinal), xml.IndexOf("<x:sheetData", StringComparison.Ordinal) }
                .Where(i => i >= 0).Min();
            return xml.Insert(at, "<x:dimension ref=\"A1:J1234\"/>");
        });
        Assert.Contains("<x:dimension ref=\"A1:J1234\"/>", SheetXml(path), StringComparison.Ordinal);
        Assert.Equal(1234, TabularFile.EstimateRows(path, "dim.xlsx"));
    }

    [Fact]
    public void Small_csv_files_in_utf8_and_gbk_are_counted_exactly()
    {
        // StudentsCsv: header + 25 rows, each ending in "\n" → 26 lines. GBK trail bytes are 0x40–0xFE, never "\n".
        var utf8 = StudentsCsv(25);
        Assert.Equal(26, TabularFile.EstimateRows(utf8, "students.csv"));

        var rows = new List<string[]> { StudentHeaders };
        rows.AddRange(Enumerable.Range(1, 25).Select(i => Student(i, name: "维吾尔族学生")));
        var gbk = Csv("gbk.csv", rows, Encoding.GetEncoding("GBK"));
        Assert.Equal(26, TabularFile.EstimateRows(gbk, "gbk.csv"));

        // A last line without its newline still counts.
        var noNewline = NewPath("last.csv");
        File.WriteAllText(noNewline, "a,b\n1,2\n3,4", new UTF8Encoding(false));
        Assert.Equal(3, TabularFile.EstimateRows(noNewline, "last.csv"));
    }

    [Fact]
    public void A_workbook_with_several_sheets_is_estimated_from_its_first_sheet()
    {
        // The importer reads the first sheet (MiniExcel's Query): 7 data rows + header = 8; the second sheet has 31.
        var path = NewPath("multi.xlsx");
        static IEnumerable<Dictionary<string, object?>> Rows(int n) => Enumerable.Range(1, n).Select(i =>
        {
            var s = Student(i);
            return StudentHeaders.Select((h, c) => (h, v: (object?)s[c])).ToDictionary(x => x.h, x => x.v);
        });
        MiniExcel.SaveAs(path, new Dictionary<string, object> { ["学生"] = Rows(7), ["说明"] = Rows(30) });
        Assert.Equal(8, TabularFile.EstimateRows(path, "multi.xlsx"));
        Assert.Equal(8, TabularFile.Open(path, "multi.xlsx", TabularLimits.Default).Rows().Count());
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_gives_no_estimate()
    {
        var notZip = NewPath("fake.xlsx");
        File.WriteAllText(notZip, "学籍号,姓名\nG1,甲\n", new UTF8Encoding(false));
        Assert.Null(TabularFile.EstimateRows(notZip, "fake.xlsx"));

        var empty = NewPath("empty.xlsx");
        File.WriteAllBytes(empty, []);
        Assert.Null(TabularFile.EstimateRows(empty, "empty.xlsx"));

        Assert.Null(TabularFile.EstimateRows(NewPath("missing.xlsx"), "missing.xlsx"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Students_imported_for_2024_2025_get_that_years_snapshot_and_lose_it_on_rollback(string provider)
    {
        // The clock is 2025-10-15 (school year 2025-2026); the import is declared for 2024-2025.
        await using var db = await SeededAsync(provider, "imp-year24");
        var r = await RunAsync(db, "students", StudentsCsv(3), q => q with { Year = new SchoolYear(2024) });
        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Equal(new SchoolYear(2024), r.Year);
        Assert.Equal(2024, await db.ImportBatches.Where(b => b.Id == r.BatchId).Select(b => b.Year).SingleAsync());

        var snaps = await db.StudentYears.AsNoTracking().ToListAsync();
        Assert.Equal(3, snaps.Count);
        // Entered 2025-09-01, after 2024-09-01 … 2025-08-31: in the year's P1, but not a 新生 of 2024-2025.
        Assert.All(snaps, y => Assert.Equal((2024, "P1", false), (y.Year, y.Grade, y.NewEntrant)));
        Assert.Equal(0, await db.StudentYears.CountAsync(y => y.Year == 2025));

        Assert.Empty(await Importer.RollbackAsync(db, r.BatchId!.Value));
        Assert.Equal((0, 0), (await db.Students.CountAsync(), await db.StudentYears.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Staff_imported_for_2024_2025_get_that_years_snapshot(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-yearstaff");
        var id = IdNumber.Compose("652302", new DateOnly(1985, 6, 1), 2);
        var r = await RunAsync(db, "staff", Csv("staff.csv",
        [
            ["身份证号", "教职工号", "姓名", "性别", "民族", "学校标识码", "岗位类别", "编制", "学历", "职称", "入职日期"],
            [id, "T001", "教师甲", "女", "汉族", "2165000001", "专任教师", "在编", "本科", "一级", "2008-09-01"],
        ]), q => q with { Year = new SchoolYear(2024) });
        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Equal(2024, await db.StaffYears.Select(y => y.Year).SingleAsync());
        Assert.Equal(1, await db.StaffAssignments.CountAsync());

        Assert.Empty(await Importer.RollbackAsync(db, r.BatchId!.Value));
        Assert.Equal(0, await db.StaffYears.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_age_check_uses_1_September_of_the_chosen_year(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-yearage");
        // Today 2027-10-15: the current school year is 2027-2028.
        db.Clock = new FixedClock(new DateTimeOffset(2027, 10, 15, 2, 0, 0, TimeSpan.Zero));
        // A P1 pupil born 2018-03-01 (typical P1 age 6 on 1 September; more than 2 years off is flagged):
        //   on 2024-09-01 she is 6 (2024 − 2018, birthday in March already passed) → typical, no warning;
        //   on 2027-09-01 she is 9 (2027 − 2018) → 3 years off → warning.
        var file = Csv("age.csv", [StudentHeaders, Student(1, birth: new DateOnly(2018, 3, 1))]);

        var current = await RunAsync(db, "students", file, q => q with { DryRun = true });
        Assert.Equal(new SchoolYear(2027), current.Year);
        var warning = Assert.Single(current.Issues);
        Assert.Contains("2027-09-01 时 9 岁", warning.Message, StringComparison.Ordinal);

        var chosen = await RunAsync(db, "students", file, q => q with { Year = new SchoolYear(2024) });
        Assert.True(chosen.Committed, string.Join("\n", chosen.Issues.Select(i => i.Message)));
        Assert.Equal((1, 0), (chosen.Created, chosen.Warnings));
        Assert.Equal(2024, await db.StudentYears.Select(y => y.Year).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_batch_without_a_year_rolls_back_in_the_year_of_its_date(string provider)
    {
        // Clock 2025-10-15: no Year chosen → 2025-2026, stored on the batch.
        await using var db = await SeededAsync(provider, "imp-yearnull");
        var first = await RunAsync(db, "students", StudentsCsv(3));
        Assert.True(first.Committed, string.Join("\n", first.Issues.Select(i => i.Message)));
        Assert.Equal(2025, await db.ImportBatches.Where(b => b.Id == first.BatchId).Select(b => b.Year).SingleAsync());

        // Student 1 moves up to P2: its 2025 snapshot follows.
        var moved = await RunAsync(db, "students", Csv("p2.csv", [StudentHeaders, Student(1, grade: "P2")]));
        Assert.Equal(1, moved.Updated);
        var id1 = await db.StudentYears.Where(y => y.Grade == "P2").Select(y => y.StudentId).SingleAsync();

        // A batch from before the year was stored: Year null. Its date, 2025-10-15, lies in 2025-2026, so rollback must
        // move the 2025 snapshot back to P1.
        await db.ImportBatches.Where(b => b.Id == moved.BatchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Year, (int?)null));
        Assert.Empty(await Importer.RollbackAsync(db, moved.BatchId!.Value));
        var snap = await db.StudentYears.AsNoTracking().SingleAsync(y => y.StudentId == id1);
        Assert.Equal((2025, "P1"), (snap.Year, snap.Grade));
    }

    private sealed class Recorder : IProgress<ImportProgress>
    {
        private readonly Lock _gate = new();
        public List<ImportProgress> Seen { get; } = [];

        public void Report(ImportProgress value)
        {
            lock (_gate)
            {
                Seen.Add(value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_first_progress_report_carries_the_estimate_before_any_row(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-progress");
        // 1,500 data rows (about 150 KB: under the sample, so the estimate is exact: 1,501 lines − the header).
        var path = StudentsCsv(1500);
        var estimate = TabularFile.EstimateRows(path, "students.csv");
        Assert.Equal(1501, estimate);

        var recorder = new Recorder();
        var r = await RunAsync(db, "students", path, q => q with { DryRun = true, Progress = recorder });
        Assert.Equal(1500, r.Rows);
        var first = recorder.Seen[0];
        Assert.Equal((0, "读取", (int?)(estimate - 1)), (first.Rows, first.Phase, first.Estimated));
        // The report at 1,000 rows carries it too.
        Assert.Contains(recorder.Seen, p => p.Rows == 1000 && p.Estimated == 1500);
    }

    [Fact]
    public async Task Cli_imports_for_the_year_given_and_refuses_a_bad_year()
    {
        // A SQLite file in a folder of its own: the CLI creates its key ring (educounty.keys) beside it.
        var dbPath = NewPath("cli.db");
        var schools = await CliProcess.RunAsync("import", "schools", Csv("schools.csv", Schools()), "--db", dbPath);
        Assert.True(schools.Code == 0, schools.Err);

        var ok = await CliProcess.RunAsync("import", "students", StudentsCsv(3), "--year", "2024-2025", "--db", dbPath);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("学年 2024-2025", ok.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("行/秒", ok.Err, StringComparison.Ordinal); // stderr redirected: no bar
        await using (var db = Database.Open(dbPath))
        {
            Assert.Equal([2024, 2024, 2024], await db.StudentYears.Select(y => y.Year).ToListAsync());
        }

        // "2024" alone is accepted (the year starting then); 2024-2026 is not a school year.
        var bad = await CliProcess.RunAsync("import", "students", StudentsCsv(3, first: 10), "--year", "2024-2026", "--db", dbPath);
        Assert.Equal(2, bad.Code);
        Assert.Contains("学年“2024-2026”无效", bad.Err, StringComparison.Ordinal);
        await using (var db = Database.Open(dbPath))
        {
            Assert.Equal(3, await db.Students.CountAsync());
        }
    }
}
