using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using EduCounty.Common;
using EduCounty.Demo;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EduCounty.Bench;

/// <summary>
/// The plan's 15 indicators for all years (2020–2025) of the demo county through the engine (collect → batched
/// GROUP BY loads → evaluate → judge → project) against hand-written SQL computing the same figures, same run,
/// SQLite and PostgreSQL. Usage: <c>plan [--sqlite path] [--pg "Host=…"]</c> (PostgreSQL from EDUCOUNTY_TEST_PG when
/// --pg is not given; a database named educounty_bench_plan is created there and filled once).
/// </summary>
internal static class PlanBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var sqlite = Arg("--sqlite") ?? Path.Combine(Path.GetTempPath(), "educounty-bench-plan.db");
        var pg = Arg("--pg");
        if (pg is null && Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG") is { } admin)
        {
            pg = await EnsurePgDatabaseAsync(admin, "educounty_bench_plan");
        }

        var plan = PlanLoader.LoadDefault();
        foreach (var (label, setting) in new[] { ("SQLite", sqlite), ("PostgreSQL", pg) })
        {
            if (setting is null)
            {
                Console.WriteLine($"{label}: 未配置（--pg 或 EDUCOUNTY_TEST_PG），跳过");
                continue;
            }

            await using var db = Database.Open(setting);
            await Database.MigrateAsync(db);
            if (!await db.Schools.AnyAsync())
            {
                Console.WriteLine($"{label}: 生成示例县…");
                await DemoCounty.GenerateAsync(db, PersonalDataProtector.FromKeyRing(KeyRing.Generate()));
            }

            // Same figures both ways (checked once), then timed.
            var engine = await EngineAsync(db, plan);
            var hand = await HandAsync(db, plan.DivisionCode);
            var mismatches = 0;
            foreach (var (key, value) in hand)
            {
                if (!engine.TryGetValue(key, out var e) || e != value)
                {
                    mismatches++;
                    Console.WriteLine($"  不一致 {key}: 引擎 {e}, SQL {value}");
                }
            }

            var reps = 15;
            var tEngine = await MedianAsync(reps, () => EngineAsync(db, plan));
            var tHand = await MedianAsync(reps, () => HandAsync(db, plan.DivisionCode));
            Console.WriteLine($"{label}: 引擎（15 项指标 × 6 个学年，含状态与预测）{tEngine:0.0} ms，手写 SQL {tHand:0.0} ms，比值 {tEngine / tHand:0.00}×；数值一致 {hand.Count - mismatches}/{hand.Count}");
        }

        return 0;
    }

    private static async Task<string> EnsurePgDatabaseAsync(string admin, string name)
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        check.Parameters.AddWithValue("n", name);
        if (await check.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'", conn);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<double> MedianAsync(int reps, Func<Task<Dictionary<(string, int), decimal>>> work)
    {
        await work();
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            await work();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[reps / 2];
    }

    private static async Task<Dictionary<(string, int), decimal>> EngineAsync(EduDb db, PlanDocument plan)
    {
        var all = await EvaluatePlan.HandleYearsAsync(db, plan, 2025);
        return all.Values.SelectMany(e => e.Rows).Where(r => r.Shown is not null)
            .ToDictionary(r => (r.Indicator.Code, r.Year), r => r.Shown!.Value);
    }

    /// <summary>The same 15 figures with one hand-written SQL statement per source table.</summary>
    private static async Task<Dictionary<(string, int), decimal>> HandAsync(EduDb db, string county)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        var t = "TRUE";
        var enrol = await Rows(conn, $"""
            SELECT e."Year",
              SUM(CASE WHEN substr(e."Grade",1,1)='K' THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN substr(e."Grade",1,1)='K' AND s."Ownership"=1 THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN substr(e."Grade",1,1)='K' AND s."Ownership"=2 AND s."Inclusive"={t} THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN substr(e."Grade",1,1) IN ('P','J') THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN e."Grade"='J3' THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN e."Grade"='P1' THEN e."NewEntrants" ELSE 0 END),
              SUM(CASE WHEN substr(e."Grade",1,1)='S' THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN substr(e."Grade",1,1)='X' THEN e."Students" ELSE 0 END),
              SUM(CASE WHEN e."Grade"='J3' THEN e."Graduates" ELSE 0 END),
              SUM(CASE WHEN e."Grade"='S1' THEN e."FreshGraduateEntrants" ELSE 0 END)
            FROM "GradeEnrolments" e JOIN "Schools" s ON s."Id" = e."SchoolId"
            WHERE s."CountyCode" = '{county}'
            GROUP BY e."Year"
            """);
        var staff = await Rows(conn, $"""
            SELECT y."Year",
              SUM(CASE WHEN y."PostType"=1 AND y."StageTaught"=5 THEN 1 ELSE 0 END),
              SUM(CASE WHEN y."PostType"=1 AND y."StageTaught"=5 AND y."DualQualified"={t} THEN 1 ELSE 0 END),
              SUM(CASE WHEN y."PostType"=1 AND y."Establishment"=1 THEN 1 ELSE 0 END),
              SUM(CASE WHEN y."PostType"=1 AND y."Establishment"=1 AND y."MandarinMeetsStandard"={t} THEN 1 ELSE 0 END)
            FROM "StaffYears" y JOIN "Schools" s ON s."Id" = y."SchoolId"
            WHERE s."CountyCode" = '{county}'
            GROUP BY y."Year"
            """);
        var pop = await Rows(conn, $"""
            SELECT "Year", SUM(CASE WHEN "Age" BETWEEN 3 AND 5 THEN "Count" ELSE 0 END), SUM(CASE WHEN "Age" BETWEEN 15 AND 17 THEN "Count" ELSE 0 END)
            FROM "AgePopulations" WHERE "DivisionCode" = '{county}' GROUP BY "Year"
            """);
        var disabled = await Rows(conn, $"""
            SELECT y."Year", COUNT(*) FROM "StudentYears" y JOIN "Students" st ON st."Id" = y."StudentId" JOIN "Schools" s ON s."Id" = y."SchoolId"
            WHERE st."Disability" IS NOT NULL AND substr(y."Grade",1,1) IN ('P','J','X') AND s."CountyCode" = '{county}'
            GROUP BY y."Year"
            """);
        var stats = new Dictionary<(string, int), decimal>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"""SELECT "Key", "Year", "Value" FROM "YearlyStatistics" WHERE "DivisionCode" = '{county}'""";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stats[(r.GetString(0), r.GetInt32(1))] = (decimal)r.GetDouble(2);
        }

        var schools = new List<(int Type, bool Tp, bool Lang, int? Digital, string? Open, string? Close)>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"""SELECT "Type", "IsTeachingPoint", "NationalLanguage", "DigitalCampusYear", CAST("OpenedOn" AS TEXT), CAST("ClosedOn" AS TEXT) FROM "Schools" WHERE "CountyCode" = '{county}'""";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                schools.Add((r.GetInt32(0), r.GetBoolean(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
            }
        }

        var result = new Dictionary<(string, int), decimal>();
        foreach (var (year, e) in enrol.Where(x => x.Key is >= 2020 and <= 2025))
        {
            decimal R(decimal n, decimal d, int dec = 2) => Math.Round(n / d * 100m, dec, MidpointRounding.AwayFromZero);
            var s = staff[year];
            var p = pop[year];
            result[("preschool.enrolment", year)] = Math.Round(e[0] * 0.0001m, 4, MidpointRounding.AwayFromZero);
            result[("preschool.gross_enrolment_rate", year)] = R(e[0], p[0]);
            result[("preschool.public_share", year)] = R(e[1], e[0]);
            result[("preschool.inclusive_coverage", year)] = R(e[1] + e[2], e[0]);
            result[("compulsory.enrolment", year)] = Math.Round(e[3] * 0.0001m, 4, MidpointRounding.AwayFromZero);
            var intake = enrol.TryGetValue(year - 8, out var old) ? old[5] : stats[("intake.primaryGrade1", year - 8)];
            result[("compulsory.retention", year)] = R(e[4], intake);
            result[("senior.enrolment", year)] = Math.Round(e[6] * 0.0001m, 4, MidpointRounding.AwayFromZero);
            result[("senior.gross_enrolment_rate", year)] = R(e[6] + stats[("enrolment.adultSenior", year)], p[1]);
            result[("senior.transition_rate", year)] = R(e[9], e[8]);
            result[("vocational.dual_qualified_share", year)] = R(s[1], s[0]);
            result[("special.enrolment", year)] = e[7];
            result[("special.compulsory_enrolment_rate", year)] = R(disabled[year][0], stats[("population.disabledCompulsoryAge", year)]);
            var census = new DateOnly(year, 9, 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var open = schools.Where(x => (x.Open is null || string.CompareOrdinal(x.Open, census) <= 0) && (x.Close is null || string.CompareOrdinal(x.Close, census) > 0) && !x.Tp).ToList();
            result[("language.teaching_coverage", year)] = R(open.Count(x => x.Lang), open.Count);
            result[("language.teacher_proficiency", year)] = R(s[3], s[2]);
            var ps = open.Where(x => x.Type is 211 or 311 or 312 or 341 or 342 or 345).ToList();
            result[("ict.digital_campus_coverage", year)] = R(ps.Count(x => x.Digital <= year), ps.Count);
        }

        return result;
    }

    private static async Task<Dictionary<int, decimal[]>> Rows(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var d = new Dictionary<int, decimal[]>();
        while (await r.ReadAsync())
        {
            var v = new decimal[r.FieldCount - 1];
            for (var i = 1; i < r.FieldCount; i++) v[i - 1] = Convert.ToDecimal(r.GetValue(i), CultureInfo.InvariantCulture);
            d[r.GetInt32(0)] = v;
        }

        return d;
    }
}
