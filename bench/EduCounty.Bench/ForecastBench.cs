using System.Diagnostics;
using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Bench;

/// <summary>
/// 学位预测 on a generated province (<c>--schools N</c> primaries plus N/2 junior schools, five census years 2020–2024,
/// both sex rows), on SQLite and then on PostgreSQL in the same run (<c>--pg "Host=…"</c> or EDUCOUNTY_TEST_PG: an
/// admin connection on which a throwaway database is created): the GPR step of the library (read the history
/// aggregated in SQL, fit and project one year) against a hand-written SQL baseline of the same GPR step (one query
/// averaging E(g+1, t+1) / E(g, t) over 2021–2023 per school and grade), then the forecast end to end to 2035 with the
/// back-test and the phased seat plan; the ratios of both databases are printed together at the end.
/// </summary>
internal static class ForecastBench
{
    private sealed record Timing(string Database, double LibMs, int Cells, double SqlMs, int Ratios, double EndToEndMs, int Rows);

    public static async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--schools");
        var primaries = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var pgIndex = Array.IndexOf(args, "--pg");
        var pg = pgIndex >= 0 && pgIndex + 1 < args.Length ? args[pgIndex + 1] : Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG");
        var results = new List<Timing>();
        var path = Path.Combine(Path.GetTempPath(), $"educounty-bench-forecast-{Environment.ProcessId}.db");
        try
        {
            results.Add(await OneAsync("SQLite", path, primaries));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
        if (pg is null)
        {
            Console.WriteLine("PostgreSQL：未提供 --pg 或 EDUCOUNTY_TEST_PG，跳过");
        }
        else
        {
            var name = $"educounty_bench_forecast_{Environment.ProcessId}";
            await AdminAsync(pg, $"CREATE DATABASE \"{name}\" ENCODING 'UTF8'");
            try
            {
                results.Add(await OneAsync("PostgreSQL", new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = name, Pooling = false }.ConnectionString, primaries));
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await AdminAsync(pg, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }
        Console.WriteLine("数据库\tGPR 一步（库，ms）\t手写 SQL 基线（ms）\t库 ÷ SQL\t端到端（ms）");
        foreach (var t in results)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{t.Database}\t{t.LibMs:0}\t{t.SqlMs:0}\t{t.LibMs / t.SqlMs:0.0}×\t{t.EndToEndMs:0}"));
        }
        return 0;
    }

    private static async Task<Timing> OneAsync(string label, string setting, int primaries)
    {
        await using var db = Database.Open(setting);
        await Database.MigrateAsync(db);
        var rows = await GenerateAsync(db, primaries);
        await Database.AnalyzeAsync(db);
        Console.WriteLine($"{label} 省级模拟库：小学 {primaries} 所、初中 {primaries / 2} 所，统计行 {rows}（2020–2024，分性别）");
        var rules = ForecastRules.WithOverride("""{ "windows": [3] }""");
        var mid = rules.ScenarioOf("mid");
        var sql = await MedianAsync(3, async () => await SqlGprAsync(db));
        var lib = await MedianAsync(3, async () =>
        {
            var h = await ReadForecastHistory.HandleAsync(db);
            return ForecastEngine.Project(h, 2024, 2025, mid, rules, _ => 3).Cells.Count;
        });
        Console.WriteLine($"{label} GPR 一步：库 {lib.Ms:0} ms（{lib.Count} 个预测格），手写 SQL 基线 {sql.Ms:0} ms（{sql.Count} 个比值），比值 {lib.Ms / sql.Ms:0.0}×");
        var sw = Stopwatch.StartNew();
        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2035, ["mid"], Rules: rules));
        var end = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"{label} 端到端（读库、回测 3 个起点、预测到 2035、班级与学位、分年缺口方案）：{end:0} ms，{r.Rows["mid"].Count} 行");
        await db.Database.CloseConnectionAsync();
        return new Timing(label, lib.Ms, lib.Count, sql.Ms, sql.Count, end, r.Rows["mid"].Count);
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<(double Ms, int Count)> MedianAsync(int reps, Func<Task<int>> f)
    {
        var times = new List<double>();
        var count = 0;
        for (var k = 0; k < reps; k++)
        {
            var sw = Stopwatch.StartNew();
            count = await f();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[reps / 2], count);
    }

    /// <summary>The baseline: the GPR step as one hand-written SQL query (the same text on SQLite and PostgreSQL).</summary>
    private static async Task<int> SqlGprAsync(EduDb db)
    {
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            WITH e AS (SELECT "SchoolId" s, "Year" y, "Grade" g, SUM("Students") n FROM "GradeEnrolments" GROUP BY "SchoolId", "Year", "Grade")
            SELECT a.s, b.g, AVG(CAST(b.n AS DOUBLE PRECISION) / a.n)
            FROM e a JOIN e b ON b.s = a.s AND b.y = a.y + 1 AND substr(b.g, 1, 1) = substr(a.g, 1, 1)
              AND CAST(substr(b.g, 2, 1) AS INTEGER) = CAST(substr(a.g, 2, 1) AS INTEGER) + 1
            WHERE a.y BETWEEN 2021 AND 2023 AND a.n > 0
            GROUP BY a.s, b.g
            """;
        var n = 0;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            n++;
        }
        return n;
    }

    private static async Task<long> GenerateAsync(EduDb db, int primaries)
    {
        var rnd = new Random(19);
        var schools = Enumerable.Range(1, primaries + (primaries / 2)).Select(id => new School
        {
            Id = id,
            Code = $"{(id <= primaries ? 21 : 31)}65{id:D6}",
            Name = $"学校{id}",
            Type = id <= primaries ? SchoolType.Primary : SchoolType.Junior,
            CountyCode = $"65{id % 100:D4}",
            TownshipCode = $"65{id % 100:D4}001",
        }).ToList();
        var enrol = new List<GradeEnrolment>();
        var nextId = 1;
        foreach (var s in schools)
        {
            var grades = s.Type == SchoolType.Primary ? Grades.Primary : Grades.Junior;
            var size = rnd.Next(20, 120);
            for (var y = 2020; y <= 2024; y++)
            {
                foreach (var g in grades)
                {
                    var n = size + rnd.Next(-10, 11);
                    enrol.Add(new GradeEnrolment { Id = nextId++, SchoolId = s.Id, Year = y, Grade = g, Sex = Sex.Male, Students = n / 2 });
                    enrol.Add(new GradeEnrolment { Id = nextId++, SchoolId = s.Id, Year = y, Grade = g, Sex = Sex.Female, Students = n - (n / 2) });
                }
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var written = await BulkWriter.WriteAsync(db, schools);
        written += await BulkWriter.WriteAsync(db, enrol);
        await tx.CommitAsync();
        return written - schools.Count;
    }
}
