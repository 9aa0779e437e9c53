using System.Diagnostics;
using EduCounty.Balance;
using EduCounty.Common;

namespace EduCounty.Bench;

/// <summary>
/// 优质均衡 evaluation for a county (30 schools) and a province (10 000 schools), generated deterministically,
/// against a baseline that only sums the same inputs (a floor for "touch every figure once").
/// </summary>
internal static class BalanceBench
{
    public static Task<int> RunAsync(string[] args)
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
        return Task.FromResult(0);
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
