namespace EduCounty.Bench;

internal static class Benchmarks
{
    public static async Task<int> RunAsync(string[] args)
    {
        await Task.Yield();
        Console.WriteLine("可用基准：" + string.Join(", ", Names));
        return args.Length == 0 ? 0 : 1;
    }

    private static readonly string[] Names = [];
}
