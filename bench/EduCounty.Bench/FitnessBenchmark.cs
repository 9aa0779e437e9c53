using System.Diagnostics;
using EduCounty.Common;
using EduCounty.Fitness;

namespace EduCounty.Bench;

/// <summary>
/// Scores N synthetic students (default 1,000,000), generated deterministically from their index, against a
/// baseline that generates and reads the same inputs without scoring. Students are produced on the fly, so
/// memory shows what the scorer itself allocates.
/// </summary>
internal static class FitnessBenchmark
{
    private static readonly string[] Grades = ["P1", "P2", "P3", "P4", "P5", "P6", "J1", "J2", "J3", "S1", "S2", "S3", "U1", "U2", "U3", "U4"];

    public static int Run(string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var v) ? v : 1_000_000;
        var scorer = FitnessScorer.Default;
        scorer.Score(Generate(0)); // load the tables outside the timing

        // Warm-up of both loops (JIT tiering) on a small prefix.
        Baseline(Math.Min(n, 20_000));
        Score(scorer, Math.Min(n, 20_000));

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var checksum = Baseline(n);
        var baseline = sw.Elapsed;
        var baselineAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sw.Restart();
        var (total, ratings) = Score(scorer, n);
        var scoring = sw.Elapsed;
        var scoringAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine($"fitness: {n:N0} 名学生（确定性合成，按序号生成）");
        Console.WriteLine($"  基线（仅生成并读取输入）：{baseline.TotalSeconds:F3} s，{n / baseline.TotalSeconds:N0} 人/秒，分配 {baselineAllocated / 1048576.0:F0} MB（校验和 {checksum}）");
        Console.WriteLine($"  评分（生成 + 评分）：    {scoring.TotalSeconds:F3} s，{n / scoring.TotalSeconds:N0} 人/秒，分配 {scoringAllocated / 1048576.0:F0} MB");
        Console.WriteLine($"  比值 评分/基线：{scoring.TotalSeconds / baseline.TotalSeconds:F1}×；纯评分约 {n / (scoring - baseline).TotalSeconds:N0} 人/秒");
        Console.WriteLine($"  峰值工作集 {process.PeakWorkingSet64 / 1048576.0:F0} MB；最近一次 GC 时堆大小 {gc.HeapSizeBytes / 1048576.0:F0} MB；GC 次数 gen0/1/2 = {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        Console.WriteLine($"  平均学年总分 {total / n:F2}；等级分布 {string.Join("，", ratings.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))}");
        return 0;
    }

    private static decimal Baseline(int n)
    {
        decimal sum = 0;
        for (var i = 0; i < n; i++)
        {
            var r = Generate(i);
            sum += r.HeightCm!.Value + r.WeightKg!.Value + (r.VitalCapacity ?? 0) + (r.Run50m ?? 0) + (r.SitAndReach ?? 0)
                + (r.RopeSkip1Min ?? 0) + (r.SitUps1Min ?? 0) + (r.Shuttle50x8 ?? 0) + (r.StandingLongJump ?? 0)
                + (r.PullUps ?? 0) + (r.Run800m ?? 0) + (r.Run1000m ?? 0) + r.Grade.Length + r.StudentNumber.Length;
        }
        return sum;
    }

    private static (decimal Total, Dictionary<string, int> Ratings) Score(FitnessScorer scorer, int n)
    {
        decimal total = 0;
        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var s = scorer.Score(Generate(i));
            total += s.TotalScore;
            ratings[s.Rating] = ratings.GetValueOrDefault(s.Rating) + 1;
        }
        return (total, ratings);
    }

    /// <summary>Student i: grade, sex and every result from a hash of i (SplitMix64), in plausible ranges.</summary>
    private static FitnessResult Generate(int i)
    {
        var state = (ulong)i * 0x9E3779B97F4A7C15UL;
        int Next(int range)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) % (ulong)range);
        }
        var g = Next(Grades.Length);
        var sex = Next(2) == 0 ? Sex.Male : Sex.Female;
        var height = 110 + g * 4 + Next(30);
        return new FitnessResult("G" + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture), Grades[g], sex)
        {
            HeightCm = height + Next(10) / 10m,
            WeightKg = height * height * (14 + Next(16)) / 10000m + Next(10) / 10m,
            VitalCapacity = 800 + g * 200 + Next(2500),
            Run50m = 6.5m + Next(70) / 10m,
            SitAndReach = -5m + Next(300) / 10m,
            RopeSkip1Min = 20 + Next(180),
            SitUps1Min = 5 + Next(60),
            Shuttle50x8 = 90 + Next(80),
            StandingLongJump = 120 + g * 5 + Next(140),
            PullUps = Next(25),
            Run800m = 170 + Next(180),
            Run1000m = 180 + Next(200),
        };
    }
}
