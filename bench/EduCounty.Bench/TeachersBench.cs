using System.Diagnostics;
using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Bench;

/// <summary>
/// 教师队伍 at province scale (issue 16 "Done when"): a region of synthetic counties (<c>--counties N --scale F</c>, the
/// <c>demo --scale</c> generator, one census year 2020) given its 教师队伍 records by the demo's own generator
/// (<see cref="DemoTeachers"/>: the region generator writes none), then the training and rotation reports of every county
/// (<see cref="GetTrainingReport"/>, <see cref="GetRotationReport"/>: all counties in one pass by their <c>HandleManyAsync</c>, or county by
/// county with <c>--by-county</c>) against hand-written SQL of the same county figures
/// (专任教师 and 360-学时 complete; 符合交流条件, 交流, 其中骨干) — one statement per figure family for all counties. The
/// figures must be equal; the time ratio library ÷ SQL is printed for SQLite and, with <c>--pg</c> or EDUCOUNTY_TEST_PG,
/// PostgreSQL in the same run. The library does more than the SQL (per-school rows, the list of teachers behind, the
/// 县管校聘 moves, the 校长 pool): the ratio is the price of the whole report against the bare figures.
/// </summary>
internal static class TeachersBench
{
    private const int Year = 2020;

    private sealed record Timing(string Database, int Counties, int Teachers, double LibMs, double SqlMs, bool Equal);

    private sealed record CountyFigures(int Teachers, int Complete, int Eligible, int Rotated, int Key);

    /// <summary>Time the reports county by county (<c>--by-county</c>, as before the one-pass reports) instead of all counties in one pass.</summary>
    private static bool ByCounty;

    /// <summary>Print the statements of one report run with their times (<c>--statements</c>).</summary>
    private static bool Statements;

    /// <summary>
    /// Keep the generated databases and use them again in the next run of the same size (<c>--keep</c>: the SQLite file
    /// educounty-bench-teachers-{counties}-{scale}.db in the temp folder, the PostgreSQL database
    /// educounty_bench_teachers_{counties}_{scale×100}), e.g. to run EXPLAIN on them or to time changed code without generating again.
    /// </summary>
    private static bool Keep;

    /// <summary>Timed runs per side (<c>--reps N</c>, default 3; the median is compared).</summary>
    private static int Reps = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        ByCounty = args.Contains("--by-county");
        Keep = args.Contains("--keep");
        Reps = Math.Max(1, Arg(args, "--reps", 3));
        Statements = args.Contains("--statements");
        if (Statements)
        {
            StatementCounter.Start();
        }
        var counties = Arg(args, "--counties", 20);
        var scale = Arg(args, "--scale", 1.0);
        var pgIndex = Array.IndexOf(args, "--pg");
        var pg = pgIndex >= 0 && pgIndex + 1 < args.Length ? args[pgIndex + 1] : Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG");
        var results = new List<Timing>();
        var size = string.Create(CultureInfo.InvariantCulture, $"{counties}_{(int)Math.Round(scale * 100)}");
        if (args.Contains("--postgres-only"))
        {
            // A province on PostgreSQL alone (issue 16: SQLite took 318 s to generate 100 counties).
            Console.WriteLine("SQLite：指定了 --postgres-only，跳过");
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), Keep ? $"educounty-bench-teachers-{size}.db" : $"educounty-bench-teachers-{Environment.ProcessId}.db");
            try
            {
                results.Add(await OneAsync("SQLite", path, counties, scale));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (!Keep)
                {
                    File.Delete(path);
                }
            }
        }
        if (pg is null || args.Contains("--sqlite-only"))
        {
            Console.WriteLine("PostgreSQL：未提供 --pg 或 EDUCOUNTY_TEST_PG（或指定了 --sqlite-only），跳过");
        }
        else
        {
            var name = Keep ? $"educounty_bench_teachers_{size}" : $"educounty_bench_teachers_{Environment.ProcessId}";
            if (!Keep || !await ExistsAsync(pg, name))
            {
                await AdminAsync(pg, $"CREATE DATABASE \"{name}\" ENCODING 'UTF8'");
            }
            try
            {
                results.Add(await OneAsync("PostgreSQL", new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = name, Pooling = false }.ConnectionString, counties, scale));
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                if (Keep)
                {
                    Console.WriteLine($"PostgreSQL 库 {name} 已保留（--keep）");
                }
                else
                {
                    await AdminAsync(pg, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
            }
        }
        Console.WriteLine("数据库\t县\t专任教师\t两份报告（库，ms）\t手写 SQL（ms）\t库 ÷ SQL\t数字一致");
        foreach (var t in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Database}\t{t.Counties}\t{t.Teachers}\t{t.LibMs:0}\t{t.SqlMs:0}\t{t.LibMs / t.SqlMs:0.0}×\t{(t.Equal ? "是" : "否")}"));
        }
        return results.All(r => r.Equal) ? 0 : 1;
    }

    private static async Task<Timing> OneAsync(string label, string setting, int counties, double scale)
    {
        await using var db = Database.Open(setting);
        await Database.MigrateAsync(db);
        var protector = PersonalDataProtector.FromKeyRing(KeyRing.Generate());
        var sw = Stopwatch.StartNew();
        List<string> codes;
        if (Keep && await db.TrainingRecords.AnyAsync())
        {
            // Kept from an earlier run of the same size (--keep): not generated again (drop an interrupted one by hand).
            codes = await db.Schools.Select(s => s.CountyCode).Distinct().OrderBy(c => c).ToListAsync();
            await Database.AnalyzeAsync(db);
            Console.WriteLine($"{label} 省级模拟库（保留的）：{codes.Count} 个县，学生 {await db.Students.CountAsync():N0} 人，教职工 {await db.Staff.CountAsync():N0} 人");
        }
        else
        {
            var region = await DemoCounty.GenerateRegionAsync(db, protector, counties, scale);
            codes = await db.Schools.Select(s => s.CountyCode).Distinct().OrderBy(c => c).ToListAsync();
            long records = 0;
            foreach (var code in codes)
            {
                records += await DemoTeachers.FillAsync(db, code, Year, Year);
            }
            await Database.AnalyzeAsync(db);
            Console.WriteLine($"{label} 省级模拟库：{codes.Count} 个县，学生 {region.Students:N0} 人，教职工 {region.Staff:N0} 人，教师队伍记录 {records:N0} 条，生成 {sw.Elapsed.TotalSeconds:0} 秒");
        }
        var rules = TeacherRules.National;
        Dictionary<string, CountyFigures> lib = [], sql = [];
        // Both sides on one open connection (the hand SQL opens it and keeps it open; the PostgreSQL connection string has
        // no pool, so without this each of the reports' statements paid for a new server connection — issue 16).
        await db.Database.OpenConnectionAsync();
        var libMs = await MedianAsync(Reps, async () =>
        {
            lib = [];
            if (ByCounty)
            {
                foreach (var code in codes)
                {
                    var t = await GetTrainingReport.HandleAsync(db, new GetTrainingReport.Query(code, Year), rules);
                    var r = await GetRotationReport.HandleAsync(db, new GetRotationReport.Query(code, Year, Year), rules);
                    var c = r.Years.Single().County;
                    lib[code] = new CountyFigures(t.County.Teachers, t.County.Complete, c.Eligible, c.Rotated, c.RotatedKey);
                }
                return;
            }
            var training = await GetTrainingReport.HandleManyAsync(db, codes, Year, rules);
            var rotation = await GetRotationReport.HandleManyAsync(db, codes, Year, Year, rules);
            foreach (var code in codes)
            {
                var c = rotation[code].Years.Single().County;
                lib[code] = new CountyFigures(training[code].County.Teachers, training[code].County.Complete, c.Eligible, c.Rotated, c.RotatedKey);
            }
        });
        if (Statements)
        {
            // One untimed run with each statement's time (option --statements).
            StatementCounter.Trace = true;
            StatementCounter.Collect = true;
            StatementCounter.Take();
            Console.WriteLine($"{label}：报告的语句（一遍）");
            var pass = Stopwatch.StartNew();
            await GetTrainingReport.HandleManyAsync(db, codes, Year, rules);
            await GetRotationReport.HandleManyAsync(db, codes, Year, Year, rules);
            pass.Stop();
            var kept = StatementCounter.Take();
            StatementCounter.Collect = false;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  这一遍 {pass.Elapsed.TotalMilliseconds:0} ms：{kept.Count} 条语句执行 {kept.Sum(k => k.Ms):0} ms、读取结果 {kept.Sum(k => k.Read):0} ms，其余（程序内）{pass.Elapsed.TotalMilliseconds - kept.Sum(k => k.Ms + k.Read):0} ms"));
            Console.WriteLine($"{label}：手写 SQL 的语句（一遍）");
            await SqlAsync(db, rules);
            StatementCounter.Trace = false;
        }
        var sqlMs = await MedianAsync(Reps, async () => sql = await SqlAsync(db, rules));
        var equal = codes.All(c => lib[c] == sql.GetValueOrDefault(c, new CountyFigures(0, 0, 0, 0, 0)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}：{codes.Count} 个县的培训与交流轮岗报告 {libMs:0} ms，手写 SQL {sqlMs:0} ms，比值 {libMs / sqlMs:0.0}×；全省 专任教师 {lib.Values.Sum(v => v.Teachers)}、满 360 学时 {lib.Values.Sum(v => v.Complete)}、符合交流条件 {lib.Values.Sum(v => v.Eligible)}、交流 {lib.Values.Sum(v => v.Rotated)}、其中骨干 {lib.Values.Sum(v => v.Key)}；与 SQL {(equal ? "一致" : "不一致")}"));
        if (!equal)
        {
            foreach (var c in codes.Where(c => lib[c] != sql.GetValueOrDefault(c)).Take(5))
            {
                Console.WriteLine($"  {c}：库 {lib[c]}，SQL {sql.GetValueOrDefault(c)}");
            }
        }
        await db.Database.CloseConnectionAsync();
        return new Timing(label, codes.Count, lib.Values.Sum(v => v.Teachers), libMs, sqlMs, equal);
    }

    /// <summary>
    /// The baseline: the county figures in three hand-written statements (the same text on SQLite and PostgreSQL), the
    /// rules' numbers written in as constants — the 360-学时 requirement by hire date (pro rata for new teachers), the
    /// pool's stages, 编制, years at the school, retirement ages and exemptions, the counted rotation kinds and 骨干 levels.
    /// </summary>
    private static async Task<Dictionary<string, CountyFigures>> SqlAsync(EduDb db, TeacherRules rules)
    {
        static string D(DateOnly d) => "'" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var s = rules.Standards;
        var (from, to, _) = rules.Window(Year);
        var (buckets, otherwise) = rules.RequiredBuckets(Year);
        var required = "CASE " + string.Concat(buckets.Select(b => $"WHEN st.\"HireDate\" >= {D(b.HiredFrom)} THEN {N(b.Hours)} ")) + $"ELSE {N(otherwise)} END";
        var practice = rules.CountsTowardCycle(TrainingMode.EnterprisePractice) ? "" : $" AND \"Mode\" <> {(int)TrainingMode.EnterprisePractice}";
        var ft = (int)PostType.FullTimeTeacher;
        var training = $"""
            SELECT x."CountyCode", COUNT(*), SUM(CASE WHEN COALESCE(h.hours, 0) >= {required} THEN 1 ELSE 0 END)
            FROM "StaffYears" t JOIN "Schools" x ON x."Id" = t."SchoolId" JOIN "Staff" st ON st."Id" = t."StaffId"
            LEFT JOIN (SELECT "StaffId", SUM("Hours") hours FROM "TrainingRecords" WHERE "Year" BETWEEN {from} AND {to}{practice} GROUP BY "StaffId") h ON h."StaffId" = t."StaffId"
            WHERE t."Year" = {Year} AND t."PostType" = {ft}
            GROUP BY x."CountyCode"
            """;
        var first = TeacherRules.PoolDate(Year);
        var stages = string.Join(", ", s.Rotation.Stages.Value.Select(v => (int)v));
        var establishments = string.Join(", ", s.Rotation.Establishments.Value.Select(v => (int)v));
        var male = rules.NearRetirementBirthCutoff(Year, Sex.Male) ?? DateOnly.MinValue;
        var female = rules.NearRetirementBirthCutoff(Year, Sex.Female) ?? DateOnly.MinValue;
        var codes = rules.RecordedExemptionCodes.Count == 0 ? "''" : string.Join(", ", rules.RecordedExemptionCodes.Select(c => $"'{c}'"));
        var ongoing = rules.OngoingRotationExempts ? $"""
            AND NOT EXISTS (SELECT 1 FROM "TeacherRotations" r WHERE r."StaffId" = t."StaffId" AND r."State" IN ({(int)RotationState.Started}, {(int)RotationState.Completed})
              AND r."StartDate" < {D(first)} AND (r."EndDate" IS NULL OR r."EndDate" >= {D(first)}))
            """ : "";
        var eligible = $"""
            SELECT x."CountyCode", COUNT(*)
            FROM "StaffYears" t JOIN "Schools" x ON x."Id" = t."SchoolId" JOIN "Staff" st ON st."Id" = t."StaffId"
            WHERE t."Year" = {Year} AND t."PostType" = {ft} AND t."StageTaught" IN ({stages}) AND t."Establishment" IN ({establishments})
              AND EXISTS (SELECT 1 FROM "StaffAssignments" a WHERE a."StaffId" = t."StaffId" AND a."SchoolId" = t."SchoolId"
                AND a."From" <= {D(rules.AtSchoolCutoff(Year))} AND (a."To" IS NULL OR a."To" >= {D(first)}))
              AND ((st."Sex" = {(int)Sex.Male} AND st."BirthDate" > {D(male)}) OR (st."Sex" <> {(int)Sex.Male} AND st."BirthDate" > {D(female)}))
              {ongoing}
              AND NOT EXISTS (SELECT 1 FROM "RotationExemptions" e WHERE e."StaffId" = t."StaffId" AND e."Year" = {Year} AND e."Code" IN ({codes}))
            GROUP BY x."CountyCode"
            """;
        var kinds = string.Join(", ", s.Rotation.CountedKinds.Value.Select(v => (int)v));
        var min = (int)s.Rotation.KeyTeacherMinimumLevel.Value;
        var keyKinds = string.Join(", ", s.KeyTeachers.CountedKinds.Value.Select(v => (int)v));
        var rotated = $"""
            SELECT county, COUNT(*), SUM(k) FROM (
              SELECT x."CountyCode" county, r."FromSchoolId", r."StaffId", MAX(CASE WHEN
                EXISTS (SELECT 1 FROM "StaffYears" y WHERE y."Year" = {Year} AND y."StaffId" = r."StaffId" AND y."KeyTeacherLevel" >= {min})
                OR EXISTS (SELECT 1 FROM "KeyTeacherTitles" kt WHERE kt."StaffId" = r."StaffId" AND kt."Kind" IN ({keyKinds}) AND kt."Level" >= {min}
                  AND kt."AwardedOn" <= r."StartDate" AND (kt."ValidUntil" IS NULL OR kt."ValidUntil" >= r."StartDate"))
                THEN 1 ELSE 0 END) k
              FROM "TeacherRotations" r JOIN "Schools" x ON x."Id" = r."FromSchoolId"
              WHERE r."Year" = {Year} AND r."State" IN ({(int)RotationState.Started}, {(int)RotationState.Completed}) AND r."Kind" IN ({kinds})
              GROUP BY x."CountyCode", r."FromSchoolId", r."StaffId") z
            GROUP BY county
            """;
        var t = await RowsAsync(db, training);
        var e = await RowsAsync(db, eligible);
        var r = await RowsAsync(db, rotated);
        static long At(Dictionary<string, long[]> d, string c, int i) => d.TryGetValue(c, out var v) ? v[i] : 0;
        return t.Keys.Union(e.Keys).Union(r.Keys).ToDictionary(c => c, c => new CountyFigures((int)At(t, c, 0), (int)At(t, c, 1), (int)At(e, c, 0), (int)At(r, c, 0), (int)At(r, c, 1)));
    }

    private static async Task<Dictionary<string, long[]>> RowsAsync(EduDb db, string sql)
    {
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var rows = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var sw = Stopwatch.StartNew();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = [.. Enumerable.Range(1, reader.FieldCount - 1).Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
            }
        }
        if (StatementCounter.Trace)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {sw.Elapsed.TotalMilliseconds,8:0.0} ms  （手写）{sql.ReplaceLineEndings(" ")}"));
        }
        return rows;
    }

    private static async Task<double> MedianAsync(int reps, Func<Task> f)
    {
        var times = new List<double>();
        for (var k = 0; k < reps; k++)
        {
            var sw = Stopwatch.StartNew();
            await f();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {reps} 次：最小 {times[0]:0} ms，中位 {times[reps / 2]:0} ms，最大 {times[^1]:0} ms"));
        return times[reps / 2];
    }

    private static async Task<bool> ExistsAsync(string admin, string name)
    {
        await using var conn = new Npgsql.NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM pg_database WHERE datname = @n";
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync() is not null;
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static T Arg<T>(string[] args, string name, T fallback) where T : IParsable<T>
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && T.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
