using System.Diagnostics;
using System.Globalization;
using System.Text;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Imports.Kinds;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Bench;

/// <summary>
/// Database import throughput on SQLite: generates the demo county into a fresh file, writes the last year's
/// 体质健康 results back out as an upload-template CSV (学籍号 decrypted, times as m'ss"), deletes that year's rows and
/// imports the file through the import kind fitness (bulk insert path, one transaction, a batch), then imports it again (nothing changes).
/// </summary>
internal static class FitnessImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "educounty-bench-fitness-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = args.Length > 0 ? args[0] : Path.Combine(folder, "demo.db");
        File.Delete(path);
        var protector = PersonalDataProtector.FromKeyRing(KeyRing.Generate());
        await using var db = Database.Open(path);
        db.Actor = "bench";
        await Database.MigrateAsync(db);
        var demo = await DemoCounty.GenerateAsync(db, protector);
        var year = await db.FitnessTests.MaxAsync(t => t.Year);
        var fitnessRows = await db.FitnessTests.CountAsync() + await db.VisionScreenings.CountAsync();
        Console.WriteLine($"fitness-import（SQLite）：示例县生成 {demo.Rows:N0} 行（其中体测与视力 {fitnessRows:N0} 行），{demo.Elapsed.TotalSeconds:F1} s，{demo.RowsPerSecond:N0} 行/秒");

        var csv = Path.Combine(folder, $"体测{year}.csv");
        var rows = await WriteTemplateAsync(db, protector, year, csv);
        await db.FitnessTests.Where(t => t.Year == year).ExecuteDeleteAsync();

        foreach (var pass in new[] { "首次导入（全部新增）", "重复导入（无变化）" })
        {
            db.ChangeTracker.Clear();
            var sw = Stopwatch.StartNew();
            // The import kind "fitness" (as the CLI's fitness import and the web's 数据导入 run it).
            var outcome = await Importer.RunAsync(db, protector, new FitnessKind(), new ImportRequest(csv, Path.GetFileName(csv))
            {
                Year = new SchoolYear(year),
                Limits = FitnessImport.DefaultLimits,
                BulkLoadFromRows = null,
            });
            sw.Stop();
            Console.WriteLine($"  {pass}：{rows:N0} 行，新增 {outcome.Created:N0}，未变 {outcome.Unchanged:N0}，错误 {outcome.Errors}，{sw.Elapsed.TotalSeconds:F2} s，{rows / sw.Elapsed.TotalSeconds:N0} 行/秒");
        }
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"  峰值工作集 {process.PeakWorkingSet64 / 1048576.0:F0} MB");
        return 0;
    }

    private static async Task<int> WriteTemplateAsync(EduDb db, PersonalDataProtector protector, int year, string csv)
    {
        var tests = await (from t in db.FitnessTests.AsNoTracking()
                           join s in db.Students on t.StudentId equals s.Id
                           where t.Year == year
                           orderby t.Id
                           select new { t, s.StudentNumberCipher, s.Name }).ToListAsync();
        var sb = new StringBuilder("年级编号,学籍号,姓名,性别,身高,体重,肺活量,50米跑,立定跳远,坐位体前屈,800米跑,1000米跑,一分钟仰卧起坐,引体向上,一分钟跳绳,50米×8往返跑\n");
        static string N(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string T(double? v) => v is { } s ? $"{(int)s / 60}'{(int)s % 60:D2}\"" : "";
        foreach (var x in tests)
        {
            var t = x.t;
            var code = t.Grade[0] switch { 'P' => "1", 'J' => "2", _ => "3" } + t.Grade[1];
            sb.Append(CultureInfo.InvariantCulture, $"{code},{protector.Decrypt(x.StudentNumberCipher!)},{x.Name},{(t.Sex == Sex.Male ? 1 : 2)},{N(t.HeightCm)},{N(t.WeightKg)},")
              .Append(CultureInfo.InvariantCulture, $"{N(t.VitalCapacity)},{N(t.Run50m)},{N(t.StandingLongJump)},{N(t.SitAndReach)},\"{T(t.Run800m).Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"{T(t.Run1000m).Replace("\"", "\"\"", StringComparison.Ordinal)}\",")
              .Append(CultureInfo.InvariantCulture, $"{N(t.SitUps1Min)},{N(t.PullUps)},{N(t.RopeSkip1Min)},{N(t.Shuttle50x8)}\n");
        }
        await File.WriteAllTextAsync(csv, sb.ToString(), new UTF8Encoding(true));
        return tests.Count;
    }
}
