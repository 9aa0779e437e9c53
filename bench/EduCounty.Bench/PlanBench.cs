using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Indicators.DataElements;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EduCounty.Bench;

/// <summary>
/// The plan's 15 indicators for all years (2020–2025) of the demo county through the engine (collect → batched
/// GROUP BY loads → evaluate → judge → project) against hand-written SQL computing the same figures, same run,
/// SQLite and PostgreSQL. Usage: <c>plan [--sqlite path] [--pg "Host=…"] [--reps n]</c> (PostgreSQL from EDUCOUNTY_TEST_PG when
/// --pg is not given; a database named educounty_bench_plan is created there and filled once). With
/// <c>--region "Host=…;Database=…"</c> it runs on a prefecture/province database made by <c>educounty demo --scale …</c>:
/// every county through the engine against the hand-written SQL grouped by county, values compared.
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
        var reps = int.TryParse(Arg("--reps"), out var rr) ? rr : 15;
        StatementCounter.Start();
        if (Arg("--region") is { } region)
        {
            // A prefecture- or province-scale database made by `educounty demo --scale prefecture|province` (one census
            // year per county, 2020): every county through the engine, against hand-written SQL grouped by county.
            return await RegionAsync(region, plan, Arg("--reps") is null ? 5 : reps);
        }

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
            string[] county = [plan.DivisionCode];
            var engine = await EngineAsync(db, plan, county);
            var hand = await HandAsync(db, county);
            var mismatches = 0;
            foreach (var (key, value) in hand)
            {
                if (!engine.TryGetValue(key, out var e) || e != value)
                {
                    mismatches++;
                    Console.WriteLine($"  不一致 {key}: 引擎 {e}, SQL {value}");
                }
            }

            if (args.Contains("--statements"))
            {
                StatementCounter.Trace = true;
                await EngineAsync(db, plan, county);
                StatementCounter.Trace = false;
            }
            Split = args.Contains("--statements");
            var (eMin, eMed, eStatements) = await TimeAsync(Math.Max(reps, 20), () => EngineAsync(db, plan, county));
            var eCpu = LastCpuMin;
            Split = false;
            var (hMin, hMed, hStatements) = await TimeAsync(Math.Max(reps, 20), () => HandAsync(db, county));
            var hCpu = LastCpuMin;
            Console.WriteLine($"{label}: 单县评估（15 项指标 × 6 个学年，含状态与预测，热进程，{Math.Max(reps, 20)} 次）引擎 最小 {eMin:0.0} ms / 中位 {eMed:0.0} ms，" +
                $"{eStatements} 条 SQL，进程 CPU 最小 {eCpu:0.0} ms；手写 SQL 最小 {hMin:0.0} ms / 中位 {hMed:0.0} ms，{hStatements} 条，CPU 最小 {hCpu:0.0} ms；" +
                $"比值（最小）{eMin / hMin:0.00}×；数值一致 {hand.Count - mismatches}/{hand.Count}；负载 {LoadAverage()}");
        }

        return 0;
    }

    private static async Task<int> RegionAsync(string setting, PlanDocument plan, int reps)
    {
        await using var db = Database.Open(setting);
        var counties = await db.Schools.Select(s => s.CountyCode).Distinct().OrderBy(c => c).ToArrayAsync();
        var students = await db.StudentYears.CountAsync();
        var years = await db.GradeEnrolments.Select(e => e.Year).Distinct().OrderBy(y => y).ToListAsync();
        Console.WriteLine($"{(db.IsPostgres ? "PostgreSQL" : "SQLite")} 区域数据：{counties.Length} 个县，学生学年记录 {students:N0} 条，普查学年 {string.Join("、", years)}；每县 15 项指标 × {plan.BaselineYear}—{plan.Period.EndYear} 学年");
        var swE = Stopwatch.StartNew();
        var engine = await EngineAsync(db, plan, counties);
        swE.Stop();
        var swH = Stopwatch.StartNew();
        var hand = await HandAsync(db, counties);
        swH.Stop();
        var mismatches = 0;
        foreach (var (key, value) in hand)
        {
            if (!engine.TryGetValue(key, out var e) || e != value)
            {
                if (++mismatches <= 10) Console.WriteLine($"  不一致 {key}: 引擎 {e}, SQL {value}");
            }
        }

        Console.WriteLine($"  首次（冷）：引擎 {swE.Elapsed.TotalMilliseconds:0} ms，手写 SQL {swH.Elapsed.TotalMilliseconds:0} ms");
        Split = Environment.GetCommandLineArgs().Contains("--statements");
        var (eMin, eMed, eStatements) = await TimeAsync(reps, () => EngineAsync(db, plan, counties));
        var eCpu = LastCpuMin;
        Split = false;
        var (hMin, hMed, hStatements) = await TimeAsync(reps, () => HandAsync(db, counties));
        var hCpu = LastCpuMin;
        Console.WriteLine($"  引擎（全部县一次分组加载：每个数据来源一条 GROUP BY 县 的语句，含状态与预测）最小 {eMin:0} ms / 中位 {eMed:0} ms，{eStatements} 条 SQL，进程 CPU 最小 {eCpu:0} ms；" +
            $"手写 SQL（按县分组）最小 {hMin:0} ms / 中位 {hMed:0} ms，{hStatements} 条，CPU 最小 {hCpu:0} ms；比值 最小 {eMin / hMin:0.00}× / 中位 {eMed / hMed:0.00}×（{reps} 次）；" +
            $"数值一致 {hand.Count - mismatches}/{hand.Count}，引擎非空值 {engine.Count} 个；负载 {LoadAverage()}");
        // A statement's cost must not grow with the other counties' data: one county alone, on this database.
        Split = Environment.GetCommandLineArgs().Contains("--statements");
        var (oMin, oMed, oStatements) = await TimeAsync(20, () => EngineAsync(db, plan, [counties[0]]));
        Split = false;
        Console.WriteLine($"  单县（{counties[0]}）在本库中评估：最小 {oMin:0.0} ms / 中位 {oMed:0.0} ms，{oStatements} 条 SQL，进程 CPU 最小 {LastCpuMin:0.0} ms（20 次）；负载 {LoadAverage()}");
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>The machine's 1-minute load average when the line is printed (Linux), for reading the figures.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

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

    /// <summary>The smallest process CPU time of the last <see cref="TimeAsync"/>'s runs (all threads; less sensitive than wall
    /// time to the other processes of a loaded machine).</summary>
    private static double LastCpuMin { get; set; }

    /// <summary>Split each timed engine run into its statements and the rest (option --statements).</summary>
    private static bool Split { get; set; }

    /// <summary>Minimum and median wall time of <paramref name="reps"/> runs after one warm-up, and the SQL statements of one run.</summary>
    private static async Task<(double Min, double Median, long Statements)> TimeAsync(int reps, Func<Task<Dictionary<(string, string, int), decimal>>> work)
    {
        await work();
        var before = StatementCounter.Count;
        await work();
        var statements = StatementCounter.Count - before;
        var times = new double[reps];
        var cpus = new double[reps];
        var runs = new List<(double Wall, List<(string Text, double Ms, double Read)> Statements)>();
        StatementCounter.Collect = Split;
        for (var i = 0; i < reps; i++)
        {
            StatementCounter.Take();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            await work();
            times[i] = sw.Elapsed.TotalMilliseconds;
            cpus[i] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            if (Split) runs.Add((times[i], StatementCounter.Take()));
        }

        StatementCounter.Collect = false;
        if (Split && runs.Count > 0 && runs[0].Statements.Count > 0)
        {
            // Where the time goes: each statement's minimum (execution; reading its rows), and the rest
            // of the wall time (C#: building the query, materialising, evaluating, judging, projecting).
            var n = runs.Min(r => r.Statements.Count);
            for (var k = 0; k < n; k++)
            {
                var text = runs[0].Statements[k].Text;
                Console.WriteLine($"    语句 {k + 1}：执行 最小 {runs.Min(r => r.Statements[k].Ms),6:0.0} ms，读取行 最小 {runs.Min(r => r.Statements[k].Read),6:0.0} ms  {text[..Math.Min(110, text.Length)]}");
            }
            var sql = runs.Select(r => r.Statements.Sum(x => x.Ms + x.Read)).Order().ToList();
            var rest = runs.Select(r => r.Wall - r.Statements.Sum(x => x.Ms + x.Read)).Order().ToList();
            Console.WriteLine($"    SQL（执行+读取）最小 {sql[0]:0.0} / 中位 {sql[sql.Count / 2]:0.0} ms；其余（C#）最小 {rest[0]:0.0} / 中位 {rest[rest.Count / 2]:0.0} ms");
        }

        Array.Sort(times);
        LastCpuMin = cpus.Min();
        return (times[0], times[reps / 2], statements);
    }

    private static async Task<Dictionary<(string, string, int), decimal>> EngineAsync(EduDb db, PlanDocument plan, IReadOnlyList<string> counties)
    {
        var result = new Dictionary<(string, string, int), decimal>();
        var many = await EvaluatePlan.HandleManyAsync(db, plan, plan.Period.EndYear, ScopeLevel.County, counties);
        foreach (var (county, all) in many)
        {
            foreach (var r in all.Values.SelectMany(e => e.Rows).Where(r => r.Shown is not null))
            {
                result[(county, r.Indicator.Code, r.Year)] = r.Shown!.Value;
            }
        }

        return result;
    }

    /// <summary>The same 15 figures with one hand-written SQL statement per source table, grouped by county and year.</summary>
    private static async Task<Dictionary<(string, string, int), decimal>> HandAsync(EduDb db, IReadOnlyList<string> counties)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        var t = "TRUE";
        var list = string.Join(",", counties.Select(c => $"'{c}'"));
        var enrol = await Rows(conn, $"""
            SELECT s."CountyCode", e."Year",
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
            WHERE s."CountyCode" IN ({list})
            GROUP BY s."CountyCode", e."Year"
            """);
        // 双师型 over 中职 专业课教师 (ADR 0027): 任教学科 recorded, 专业课… or none of the 公共基础课 named first.
        string[] general = ["思想政治", "德育", "语文", "历史", "数学", "英语", "外语", "信息技术", "计算机基础", "体育", "艺术", "音乐", "美术", "物理", "化学", "心理健康"];
        var professional = $"""y."PostType"=1 AND y."StageTaught"=5 AND y."Subjects" IS NOT NULL AND y."Subjects" <> '' AND (y."Subjects" LIKE '专业课%' OR NOT ({string.Join(" OR ", general.Select(g => $"y.\"Subjects\" LIKE '{g}%'"))}))""";
        var staff = await Rows(conn, $"""
            SELECT s."CountyCode", y."Year",
              SUM(CASE WHEN {professional} THEN 1 ELSE 0 END),
              SUM(CASE WHEN {professional} AND y."DualQualified"={t} THEN 1 ELSE 0 END),
              SUM(CASE WHEN y."PostType"=1 AND y."Establishment"=1 THEN 1 ELSE 0 END),
              SUM(CASE WHEN y."PostType"=1 AND y."Establishment"=1 AND y."MandarinMeetsStandard"={t} THEN 1 ELSE 0 END)
            FROM "StaffYears" y JOIN "Schools" s ON s."Id" = y."SchoolId"
            WHERE s."CountyCode" IN ({list})
            GROUP BY s."CountyCode", y."Year"
            """);
        var pop = await Rows(conn, $"""
            SELECT "DivisionCode", "Year", SUM(CASE WHEN "Age" BETWEEN 3 AND 5 THEN "Count" ELSE 0 END), SUM(CASE WHEN "Age" BETWEEN 15 AND 17 THEN "Count" ELSE 0 END)
            FROM "AgePopulations" WHERE "DivisionCode" IN ({list}) GROUP BY "DivisionCode", "Year"
            """);
        // Students with a disability (the Disabled flag beside the encrypted category): [0] in 小学/初中 (随班就读 and
        // 附设特教班, any age), [1] in 小学/初中/特教 aged 6–15 on 31 August of the year (DisabledStudentsRule.AgeAt).
        var birthYear = db.IsPostgres ? "CAST(EXTRACT(YEAR FROM st.\"BirthDate\") AS INTEGER)" : "CAST(substr(st.\"BirthDate\",1,4) AS INTEGER)";
        var birthMonth = db.IsPostgres ? "CAST(EXTRACT(MONTH FROM st.\"BirthDate\") AS INTEGER)" : "CAST(substr(st.\"BirthDate\",6,2) AS INTEGER)";
        var age = $"(y.\"Year\" - {birthYear} - CASE WHEN {birthMonth} > 8 THEN 1 ELSE 0 END)";
        var disabled = await Rows(conn, $"""
            SELECT s."CountyCode", y."Year",
              SUM(CASE WHEN substr(y."Grade",1,1) IN ('P','J') THEN 1 ELSE 0 END),
              SUM(CASE WHEN {age} BETWEEN 6 AND 15 THEN 1 ELSE 0 END)
            FROM "StudentYears" y JOIN "Students" st ON st."Id" = y."StudentId" JOIN "Schools" s ON s."Id" = y."SchoolId"
            WHERE st."Disabled" = {t} AND substr(y."Grade",1,1) IN ('P','J','X') AND s."CountyCode" IN ({list})
            GROUP BY s."CountyCode", y."Year"
            """);
        var stats = new Dictionary<(string, string, int), decimal>();
        await using (var cmd = conn.CreateCommand())
        {
            StatementCounter.Hand();
            cmd.CommandText = $"""SELECT "DivisionCode", "Key", "Year", "Value" FROM "YearlyStatistics" WHERE "DivisionCode" IN ({list})""";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stats[(r.GetString(0), r.GetString(1), r.GetInt32(2))] = (decimal)r.GetDouble(3);
        }

        var schools = new List<(string County, int Type, bool Tp, bool Lang, int? Digital, string? Open, string? Close)>();
        await using (var cmd = conn.CreateCommand())
        {
            StatementCounter.Hand();
            cmd.CommandText = $"""SELECT "CountyCode", "Type", "IsTeachingPoint", "NationalLanguage", "DigitalCampusYear", CAST("OpenedOn" AS TEXT), CAST("ClosedOn" AS TEXT) FROM "Schools" WHERE "CountyCode" IN ({list})""";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                schools.Add((r.GetString(0), r.GetInt32(1), r.GetBoolean(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
            }
        }

        var byCounty = schools.ToLookup(x => x.County);
        var result = new Dictionary<(string, string, int), decimal>();
        foreach (var ((county, year), e) in enrol.Where(x => x.Key.Year is >= 2020 and <= 2025))
        {
            decimal R(decimal n, decimal d, int dec = 2) => Math.Round(n / d * 100m, dec, MidpointRounding.AwayFromZero);
            void Put(string code, decimal v) => result[(county, code, year)] = v;
            var s = staff[(county, year)];
            var p = pop[(county, year)];
            Put("preschool.enrolment", Math.Round(e[0] * 0.0001m, 4, MidpointRounding.AwayFromZero));
            Put("preschool.gross_enrolment_rate", R(e[0], p[0]));
            Put("preschool.public_share", R(e[1], e[0]));
            Put("preschool.inclusive_coverage", R(e[1] + e[2], e[0]));
            Put("compulsory.enrolment", Math.Round(e[3] * 0.0001m, 4, MidpointRounding.AwayFromZero));
            var intake = enrol.TryGetValue((county, year - 8), out var old) ? old[5] : stats[(county, "intake.primaryGrade1", year - 8)];
            Put("compulsory.retention", R(e[4], intake));
            Put("senior.enrolment", Math.Round(e[6] * 0.0001m, 4, MidpointRounding.AwayFromZero));
            Put("senior.gross_enrolment_rate", R(e[6] + stats[(county, "enrolment.adultSenior", year)], p[1]));
            Put("senior.transition_rate", R(e[9], e[8]));
            Put("vocational.dual_qualified_share", R(s[1], s[0]));
            // 特殊教育在校生 = 特教学校 + 随班就读 + 送教上门; 入学率 numerator aged 6–15 + 送教上门 (plan file, ADR 0027).
            var dis = disabled.TryGetValue((county, year), out var d) ? d : [0m, 0m];
            if (stats.TryGetValue((county, "enrolment.homeTeaching", year), out var home))
            {
                Put("special.enrolment", e[7] + dis[0] + home);
                Put("special.compulsory_enrolment_rate", R(dis[1] + home, stats[(county, "population.disabledCompulsoryAge", year)]));
            }
            var census = new DateOnly(year, 9, 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var open = byCounty[county].Where(x => (x.Open is null || string.CompareOrdinal(x.Open, census) <= 0) && (x.Close is null || string.CompareOrdinal(x.Close, census) > 0) && !x.Tp).ToList();
            Put("language.teaching_coverage", R(open.Count(x => x.Lang), open.Count));
            Put("language.teacher_proficiency", R(s[3], s[2]));
            var ps = open.Where(x => x.Type is 211 or 311 or 312 or 341 or 342 or 345).ToList();
            Put("ict.digital_campus_coverage", R(ps.Count(x => x.Digital <= year), ps.Count));
        }

        return result;
    }

    private static async Task<Dictionary<(string County, int Year), decimal[]>> Rows(DbConnection conn, string sql)
    {
        StatementCounter.Hand();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var d = new Dictionary<(string, int), decimal[]>();
        while (await r.ReadAsync())
        {
            var v = new decimal[r.FieldCount - 2];
            for (var i = 2; i < r.FieldCount; i++) v[i - 2] = Convert.ToDecimal(r.GetValue(i), CultureInfo.InvariantCulture);
            d[(r.GetString(0), r.GetInt32(1))] = v;
        }

        return d;
    }
}
