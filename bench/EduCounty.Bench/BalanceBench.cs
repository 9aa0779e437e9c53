using System.Diagnostics;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Bench;

/// <summary>
/// 优质均衡 evaluation for a county (30 schools) and a province (10 000 schools), generated deterministically,
/// against a baseline that only sums the same inputs (a floor for "touch every figure once").
/// </summary>
internal static class BalanceBench
{
    /// <summary>
    /// Options: <c>--no-registry</c> skips the database part; <c>--pg "Host=…"</c> (or EDUCOUNTY_TEST_PG) is an admin
    /// connection on which a throwaway database is created for the PostgreSQL run.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var profile = BalanceProfile.National();
        foreach (var (label, n) in new[] { ("县（30 所）", 30), ("省（10000 所）", 10_000) })
        {
            var schools = Generate(n);
            var reps = n <= 100 ? 2000 : 10;
            var baseline = Median(reps, () => Sum(schools));
            var eval = Median(reps, () => BalanceEvaluator.Evaluate(schools, "2017", profile).Pass ? 1 : 0);
            Console.WriteLine($"{label}: 评估 {eval:0.000} ms，基线（求和）{baseline:0.0000} ms，比值 {eval / baseline:0.0}×");
        }
        if (args.Contains("--no-registry"))
        {
            return 0;
        }
        var pgIndex = Array.IndexOf(args, "--pg");
        var pg = pgIndex >= 0 && pgIndex + 1 < args.Length ? args[pgIndex + 1] : Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG");
        await RegistryAsync("SQLite", Path.Combine(Path.GetTempPath(), $"educounty-bench-balance-{Environment.ProcessId}.db"), profile);
        if (pg is null)
        {
            Console.WriteLine("PostgreSQL：未提供 --pg 或 EDUCOUNTY_TEST_PG，跳过");
            return 0;
        }
        var name = $"educounty_bench_balance_{Environment.ProcessId}";
        await AdminAsync(pg, $"CREATE DATABASE \"{name}\" ENCODING 'UTF8'");
        try
        {
            await RegistryAsync("PostgreSQL", new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = name, Pooling = false }.ConnectionString, profile);
        }
        finally
        {
            await AdminAsync(pg, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        return 0;
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Registry evaluation of the demo county (2020-2021, 2017 method: students, teachers and facilities read with
    /// GROUP BY, units built, indicators and CVs computed) and the full county verdict, against a bare SQL sum over the
    /// same tables (GradeEnrolments, StaffYears, Facilities of the year) in the same run.
    /// </summary>
    private static async Task RegistryAsync(string label, string setting, BalanceProfile profile)
    {
        await using (var db = Database.Open(setting))
        {
            await Database.MigrateAsync(db);
            await EduCounty.Demo.DemoCounty.GenerateAsync(db, EduCounty.Common.Protection.PersonalDataProtector.FromKeyRing(EduCounty.Common.Protection.KeyRing.Generate()));
        }
        var year = new SchoolYear(2020);
        const int reps = 30;
        await using var bench = Database.Open(setting);
        var conn = bench.Database.GetDbConnection();
        await conn.OpenAsync();
        const string q = "\""; // quoted identifiers work on both providers
        var sql = $"""
            SELECT (SELECT SUM({q}Students{q}) FROM {q}GradeEnrolments{q} WHERE {q}Year{q} = 2020)
                 + (SELECT COUNT(*) FROM {q}StaffYears{q} WHERE {q}Year{q} = 2020 AND {q}PostType{q} = 1)
                 + (SELECT SUM({q}TeachingAreaM2{q} + {q}IndoorSportsM2{q} + {q}SportsAreaM2{q} + {q}EquipmentValueYuan{q} + {q}MultimediaClassrooms{q} + {q}Computers{q} + {q}Books{q}) FROM {q}Facilities{q} WHERE {q}Year{q} = 2020)
            """;
        async Task<double> BareSum()
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToDouble(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var baseline = await MedianAsync(reps, BareSum);
        var eval = await MedianAsync(reps, async () =>
        {
            var (r, _) = await EvaluateBalanceFromRegistry.HandleAsync(bench, "652302", year, "2017", profile);
            return r.Stages.Count;
        });
        var verdict = await MedianAsync(reps, async () =>
        {
            var v = await EvaluateCountyVerdict.HandleAsync(bench, "652302", year, profile);
            return v.Parts.Count;
        });
        Console.WriteLine($"示范县（{label}，2020-2021 学年，17 个评估单位）：登记数据评估 {eval:0.0} ms，完整结论（含政府保障/教育质量）{verdict:0.0} ms，"
            + $"基线（同表 SQL 求和）{baseline:0.00} ms，比值 {eval / baseline:0.0}× / {verdict / baseline:0.0}×");
    }

    private static async Task<double> MedianAsync(int reps, Func<Task<double>> work)
    {
        double sink = 0;
        for (var i = 0; i < 3; i++)
        {
            sink += await work(); // warm-up
        }
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            sink += await work();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        GC.KeepAlive(sink);
        return times[reps / 2];
    }

    private static double Median(int reps, Func<double> work)
    {
        double sink = 0;
        for (var i = 0; i < Math.Min(reps, 20); i++)
        {
            sink += work(); // warm-up
        }
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            sink += work();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        GC.KeepAlive(sink);
        return times[reps / 2];
    }

    private static double Sum(List<BalanceSchoolInput> schools)
    {
        double s = 0;
        foreach (var x in schools)
        {
            s += (x.PrimaryStudents ?? 0) + (x.JuniorStudents ?? 0) + (x.HigherDegreeTeachers.Total ?? 0) + (x.KeyTeachers.Total ?? 0)
                + (x.ArtsSportsTeachers.Total ?? 0) + (x.TeachingAreaM2 ?? 0) + (x.IndoorSportsM2 ?? 0) + (x.SportsAreaM2 ?? 0)
                + (x.EquipmentValueYuan ?? 0) + (x.MultimediaClassrooms ?? 0);
        }
        return s;
    }

    /// <summary>Deterministic synthetic schools (fixed-seed LCG, so figures do not depend on System.Random's algorithm).</summary>
    private static List<BalanceSchoolInput> Generate(int n)
    {
        ulong state = 20170512;
        double Next()
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            return (state >> 11) * (1.0 / (1UL << 53));
        }
        var types = new[] { SchoolType.Primary, SchoolType.Primary, SchoolType.Primary, SchoolType.Junior, SchoolType.NineYear, SchoolType.Complete };
        var list = new List<BalanceSchoolInput>(n);
        for (var i = 0; i < n; i++)
        {
            var type = types[(int)(Next() * types.Length)];
            int? p = type is SchoolType.Primary or SchoolType.NineYear ? 100 + (int)(Next() * 1500) : null;
            int? j = type is SchoolType.Junior or SchoolType.NineYear or SchoolType.Complete ? 100 + (int)(Next() * 1200) : null;
            int? s = type == SchoolType.Complete ? 300 + (int)(Next() * 1000) : null;
            var students = (p ?? 0) + (j ?? 0) + (s ?? 0);
            double F(double perStudent) => Math.Round(students * perStudent * (0.8 + 0.5 * Next()));
            list.Add(new BalanceSchoolInput($"学校{i:00000}", type)
            {
                PrimaryStudents = p,
                JuniorStudents = j,
                SeniorStudents = s,
                FullTimeTeachers = new(F(0.07)),
                HigherDegreeTeachers = new(F(0.055)),
                KeyTeachers = new(F(0.012)),
                ArtsSportsTeachers = new(F(0.011)),
                MidTitleTeachers = new(F(0.03)),
                TeachingAreaM2 = F(5.5),
                IndoorSportsM2 = F(0.3),
                SportsAreaM2 = F(9),
                EquipmentValueYuan = F(2500),
                MultimediaClassrooms = F(0.027),
                Computers = F(0.12),
                Books = F(35),
            });
        }
        return list;
    }
}
