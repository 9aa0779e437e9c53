using System.Diagnostics;

namespace EduCounty.Bench;

/// <summary>
/// Counts SQL statements: EF Core's executed commands (its DiagnosticListener events, so no context option changes)
/// plus the hand-written statements, which call <see cref="Hand"/>. While <see cref="Collect"/> is on, each EF
/// statement's text and time is also kept (<see cref="Take"/>: execution, and reading its rows), so that a timed run can be split into SQL and C#.
/// </summary>
internal static class StatementCounter
{
    private static long _count;
    private static int _started;
    private static readonly List<(string Text, double Ms, double Read)> Collected = [];

    public static long Count => Interlocked.Read(ref _count);

    /// <summary>Print each EF statement with its time (bench option --statements).</summary>
    public static bool Trace { get; set; }

    /// <summary>Print whole statements when tracing (environment variable EDUCOUNTY_BENCH_FULL_SQL=1).</summary>
    private static readonly bool FullText = Environment.GetEnvironmentVariable("EDUCOUNTY_BENCH_FULL_SQL") == "1";

    /// <summary>Keep each EF statement's text and time until <see cref="Take"/>.</summary>
    public static bool Collect { get; set; }

    public static void Hand() => Interlocked.Increment(ref _count);

    /// <summary>The statements kept since the last call, in order.</summary>
    public static List<(string Text, double Ms, double Read)> Take()
    {
        lock (Collected)
        {
            var list = Collected.ToList();
            Collected.Clear();
            return list;
        }
    }

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    // Reading the rows: the reader's disposing event's duration.
                    if (e.Key == "Microsoft.EntityFrameworkCore.Database.Command.DataReaderDisposing" && Collect
                        && e.Value is Microsoft.EntityFrameworkCore.Diagnostics.DataReaderDisposingEventData r)
                    {
                        lock (Collected)
                        {
                            if (Collected.Count > 0 && Collected[^1].Read == 0) Collected[^1] = Collected[^1] with { Read = r.Duration.TotalMilliseconds };
                        }
                    }
                    if (e.Key != "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted") return;
                    Hand();
                    if (e.Value is not Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData d) return;
                    var text = d.Command.CommandText.ReplaceLineEndings(" ");
                    if (Collect)
                    {
                        lock (Collected) Collected.Add((text, d.Duration.TotalMilliseconds, 0));
                    }
                    if (Trace)
                    {
                        Console.WriteLine($"    {d.Duration.TotalMilliseconds,8:0.0} ms  {(FullText ? text : text[..Math.Min(300, text.Length)])}");
                    }
                }));
            }
        }));
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(T value) => next(value);
    }
}
