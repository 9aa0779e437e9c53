namespace EduCounty.Bench;

internal static class Benchmarks
{
    /// <summary>Benchmarks by name; each takes the remaining arguments and returns an exit code.</summary>
    private static readonly Dictionary<string, Func<string[], int>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fitness"] = FitnessBenchmark.Run,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        await Task.Yield();
        if (args.Length == 0 || !All.TryGetValue(args[0], out var run))
        {
            Console.WriteLine("可用基准：" + string.Join(", ", All.Keys));
            return args.Length == 0 ? 0 : 1;
        }
        return run(args[1..]);
    }
}
