using System.Diagnostics;

namespace EduCounty.Bench;

/// <summary>
/// Counts SQL statements: EF Core's executed commands (its DiagnosticListener events, so no context option changes)
/// plus the hand-written statements, which call <see cref="Hand"/>.
/// </summary>
internal static class StatementCounter
{
    private static long _count;
    private static int _started;

    public static long Count => Interlocked.Read(ref _count);

    /// <summary>Print each EF statement with its time (bench option --statements).</summary>
    public static bool Trace { get; set; }

    public static void Hand() => Interlocked.Increment(ref _count);

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    if (e.Key != "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted") return;
                    Hand();
                    if (Trace && e.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData d)
                    {
                        Console.WriteLine($"    {d.Duration.TotalMilliseconds,8:0.0} ms  {d.Command.CommandText.ReplaceLineEndings(" ")[..Math.Min(300, d.Command.CommandText.Length)]}");
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
