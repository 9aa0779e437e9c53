using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Bulk load (docs/adr/0018): a file much larger than its table is written with the table's secondary indexes (and, on
/// PostgreSQL, foreign keys) dropped, then rebuilt once before commit. The tests lower the threshold to a few rows so a
/// small file takes that path, and check that the schema comes back exactly and that nothing is lost on a refusal.
/// </summary>
public sealed class ImportBulkLoadTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bulk_load_rebuilds_every_index_and_constraint_it_dropped(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-bulk");
        var before = await SchemaOfStudentsAsync(db);
        Assert.Contains(before, d => d.Contains("StudentNumberHash", StringComparison.Ordinal)); // the unique look-up index
        Assert.Contains(before, d => d.Contains("StudentId", StringComparison.Ordinal) && d.Contains("Year", StringComparison.Ordinal));

        var r = await RunAsync(db, "students", StudentsCsv(30), req => req with { BulkLoadFromRows = 10 });

        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Equal(30, r.Created);
        Assert.Contains(r.Notes, n => n.Contains("大批量导入", StringComparison.Ordinal));
        Assert.Contains(r.Phases, p => p.Phase == "重建索引");
        Assert.Equal(before, await SchemaOfStudentsAsync(db));
        Assert.Equal(30, await db.Students.CountAsync());
        Assert.Equal(30, await db.StudentYears.CountAsync(y => y.Year == 2025)); // each new student's 2025-2026 snapshot
        // The rebuilt unique index is enforced again: a second copy of a stored 学籍号 is refused by the database itself.
        var copy = await db.Students.AsNoTracking().FirstAsync();
        copy.Id = 0;
        db.Students.Add(copy);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        if (!db.IsPostgres)
        {
            // The bulk load's connection settings (a 32 MB page cache, the sorter's helper threads) do not stay on the
            // pooled connection the next request gets: SQLite's defaults are back.
            Assert.Equal(-2000, await SqlitePragmaAsync(db, "cache_size"));
            Assert.Equal(0, await SqlitePragmaAsync(db, "threads"));
        }
    }

    private static async Task<long> SqlitePragmaAsync(EduDb db, string name)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "PRAGMA " + name;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// An import of ≥ 1,000 new or changed rows refreshes the planner's statistics of what it wrote — the students, their
    /// 学年 snapshots and the census derived from them — and of no other table (a county's other large tables are not
    /// sampled again for a 学籍 file). The two schools were imported before by a file too small to refresh anything.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_large_import_refreshes_the_statistics_of_the_tables_it_wrote_only(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-analyze");
        var before = await StatisticsAsync(db);
        var r = await RunAsync(db, "students", StudentsCsv(1200));
        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        Assert.Contains(r.Phases, p => p.Phase == "统计信息");
        var after = await StatisticsAsync(db);
        var refreshed = after.Except(before).Select(x => x.Split('|')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["GradeEnrolments", "StudentYears", "Students"], refreshed);
    }

    /// <summary>Each table's statistics as "table|…": PostgreSQL's time of the last ANALYZE, SQLite's sqlite_stat1 rows.</summary>
    private static async Task<List<string>> StatisticsAsync(EduDb db)
    {
        if (!db.IsPostgres && await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync() == 0)
        {
            return [];
        }
        var sql = db.IsPostgres
            ? "SELECT relname || '|' || last_analyze::text AS \"Value\" FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            : "SELECT tbl || '|' || COALESCE(idx, '') || '|' || stat AS \"Value\" FROM sqlite_stat1";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_refused_bulk_load_writes_nothing_and_keeps_the_indexes(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-bulk-err");
        var before = await SchemaOfStudentsAsync(db);
        var rows = new List<string[]> { StudentHeaders };
        rows.AddRange(Enumerable.Range(1, 30).Select(i => Student(i)));
        rows[20][7] = "9999999999"; // an unknown 学校标识码: one bad row, so all-or-nothing writes nothing

        var r = await RunAsync(db, "students", Csv("students-bad.csv", rows), req => req with { BulkLoadFromRows = 10 });

        Assert.False(r.Committed);
        Assert.Equal(1, r.ErrorRows);
        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(before, await SchemaOfStudentsAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cancelled_bulk_load_writes_nothing_and_keeps_the_indexes(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-bulk-cancel");
        var before = await SchemaOfStudentsAsync(db);
        using var cts = new CancellationTokenSource();
        // Cancel once the rows are streaming, i.e. after the indexes were dropped.
        var progress = new CancelAt(2000, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(db, "students", StudentsCsv(5000), req => req with { BulkLoadFromRows = 10, Progress = progress }, cts.Token));

        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(before, await SchemaOfStudentsAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_file_not_much_larger_than_its_table_keeps_the_indexes_while_loading(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-bulk-small");
        Assert.True((await RunAsync(db, "students", StudentsCsv(20))).Committed);

        // 30 rows against 20 stored: fewer than twice the table, so no bulk load even above the threshold.
        var r = await RunAsync(db, "students", StudentsCsv(30), req => req with { BulkLoadFromRows = 10 });

        Assert.True(r.Committed);
        Assert.Equal((10, 20), (r.Created, r.Unchanged));
        Assert.DoesNotContain(r.Phases, p => p.Phase == "重建索引");
    }

    /// <summary>
    /// Index and constraint definitions of the Students table and of its companion StudentYears (the 学年 snapshots,
    /// suspended with it), as the database states them, sorted.
    /// </summary>
    private static async Task<List<string>> SchemaOfStudentsAsync(EduDb db)
    {
        var list = new List<string>();
        foreach (var table in new[] { "Students", "StudentYears" })
        {
            var sql = db.IsPostgres
                ? $"SELECT pg_get_indexdef(indexrelid) AS \"Value\" FROM pg_index WHERE indrelid = '\"{table}\"'::regclass " +
                  $"UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '\"{table}\"'::regclass"
                : $"SELECT sql AS \"Value\" FROM sqlite_master WHERE tbl_name = '{table}' AND sql IS NOT NULL";
#pragma warning disable EF1002 // table names are constants of the test
            list.AddRange(await db.Database.SqlQueryRaw<string>(sql).ToListAsync());
#pragma warning restore EF1002
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private sealed class CancelAt(int rows, CancellationTokenSource cts) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Rows >= rows)
            {
                cts.Cancel();
            }
        }
    }
}
