using System.Diagnostics;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Security;

namespace EduCounty.Bench;

/// <summary>
/// Demo generation: the county (all six years) and a region of synthetic counties (one census year each),
/// on SQLite and, when EDUCOUNTY_TEST_PG is set, PostgreSQL. Baseline: building the same county in memory only.
/// Usage: demo [--counties N] [--scale F]
/// </summary>
internal static class DemoBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var counties = Arg(args, "--counties", 10);
        var scale = Arg(args, "--scale", 2.4);
        var protector = PersonalDataProtector.FromKeyRing(KeyRing.Generate());
        var root = Path.Combine(Path.GetTempPath(), "educounty-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);

        var sw = Stopwatch.StartNew();
        var model = DemoCounty.BuildInMemory(protector);
        var memory = sw.Elapsed;
        Console.WriteLine($"基线：仅在内存中生成阜康市示例县 {memory.TotalSeconds:F2} 秒（{model.Rows:N0} 行）");

        foreach (var (name, setting) in Targets(root))
        {
            await using var db = Database.Open(setting);
            await Database.MigrateAsync(db);
            var county = await DemoCounty.GenerateAsync(db, protector);
            Console.WriteLine($"{name} 县级示例（6 个学年）：{county.Elapsed.TotalSeconds:F2} 秒，{county.Rows:N0} 行，{county.RowsPerSecond:N0} 行/秒，为内存基线的 {county.Elapsed / memory:F2} 倍");
            var region = await DemoCounty.GenerateRegionAsync(db, protector, counties, scale);
            Console.WriteLine($"{name} 区域（{counties} 个县 × 规模 {scale}，1 个学年）：学生 {region.Students:N0} 人，{region.Rows:N0} 行，{region.Elapsed.TotalSeconds:F1} 秒，{region.RowsPerSecond:N0} 行/秒");
        }
        Console.WriteLine($"峰值内存 {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB");
        return 0;
    }

    private static IEnumerable<(string Name, string Setting)> Targets(string root)
    {
        yield return ("SQLite", Path.Combine(root, "bench.db"));
        if (Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG") is { } pg)
        {
            var name = "edubench_" + Environment.ProcessId;
            using (var conn = new Npgsql.NpgsqlConnection(pg))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = $"CREATE DATABASE \"{name}\"";
                cmd.ExecuteNonQuery();
            }
            yield return ("PostgreSQL", new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = name }.ConnectionString);
        }
    }

    private static T Arg<T>(string[] args, string name, T fallback) where T : IParsable<T>
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && T.TryParse(args[i + 1], null, out var v) ? v : fallback;
    }
}
