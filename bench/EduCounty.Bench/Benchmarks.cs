namespace EduCounty.Bench;

internal static class Benchmarks
{
    // One line per benchmark: name → entry point (keeps merges with other features' benchmarks trivial).
    private static readonly Dictionary<string, Func<string[], Task<int>>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["balance"] = BalanceBench.RunAsync,
        ["demo"] = DemoBench.RunAsync,
        ["fitness"] = a => Task.FromResult(FitnessBenchmark.Run(a)),
        ["fitness-import"] = FitnessImportBenchmark.RunAsync,
        ["plan"] = PlanBench.RunAsync,
        ["import"] = ImportBench.RunAsync,
        ["forecast"] = ForecastBench.RunAsync,
        ["teachers"] = TeachersBench.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !All.TryGetValue(args[0], out var run))
        {
            Console.WriteLine("可用基准：" + string.Join(", ", All.Keys));
            return args.Length == 0 ? 0 : 1;
        }
        return await run(args[1..]);
    }
}
