namespace EduCounty.Forecast;

/// <summary>MAPE of one method at one horizon: mean |F − A| / A × 100 over the school × grade cells with A &gt; 0 (forecasting.md §3).</summary>
public sealed record BacktestError(string Method, int Horizon, double Mape, int Cases);

/// <summary>The back-test: errors by method and horizon, and the window chosen per school by its own error.</summary>
public sealed record BacktestResult(IReadOnlyList<BacktestError> Errors, IReadOnlyDictionary<int, int> ChosenWindow)
{
    public int WindowOf(int school, int fallback) => ChosenWindow.TryGetValue(school, out var k) ? k : fallback;
}

/// <summary>
/// Back-tests every method on the county's own history (forecasting.md §0, §5 step 6): for every origin year o before the
/// last, the method is refitted on the history cut at o (<see cref="ForecastHistory.Until"/>: enrolment, births and flows
/// of years up to o only) and its forecasts of o+1 … last are compared with what happened. Methods: <c>gpr3</c>,
/// <c>gpr4</c>, <c>gpr5</c> (the windows of the rules) and <c>naive</c> (last year's figure held, the baseline to beat).
/// Each school takes the window with its lowest mean error over all horizons; ties go to the shorter window.
/// </summary>
public static class Backtest
{
    public const string Naive = "naive";

    public static string MethodName(int window) => $"gpr{window}";

    public static BacktestResult Run(ForecastHistory history, ForecastRules rules)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(rules);
        var last = history.LastYear;
        var mid = rules.ScenarioOf("mid");
        var errors = new List<(string Method, int Horizon, int School, double Ape)>();
        for (var origin = history.FirstYear + 1; origin < last; origin++)
        {
            foreach (var k in rules.Windows)
            {
                var p = ForecastEngine.Project(history.Until(origin), origin, last, mid, rules, _ => k);
                errors.AddRange(Compare(history, p.Cells, MethodName(k), origin));
            }
            var held = Held(history, origin, last);
            errors.AddRange(Compare(history, held, Naive, origin));
        }
        var table = errors.GroupBy(e => (e.Method, e.Horizon)).OrderBy(g => g.Key.Method).ThenBy(g => g.Key.Horizon)
            .Select(g => new BacktestError(g.Key.Method, g.Key.Horizon, Math.Round(g.Average(e => e.Ape), 2), g.Count())).ToList();
        var chosen = errors.Where(e => e.Method != Naive).GroupBy(e => e.School).ToDictionary(g => g.Key, g => g
            .GroupBy(e => e.Method).Select(m => (Window: int.Parse(m.Key[3..], System.Globalization.CultureInfo.InvariantCulture), Mape: m.Average(e => e.Ape)))
            .OrderBy(m => m.Mape).ThenBy(m => m.Window).First().Window);
        return new BacktestResult(table, chosen);

        static IReadOnlyList<ForecastCell> Held(ForecastHistory h, int origin, int last) =>
            [.. h.Enrolment.Where(e => e.Key.Year == origin && e.Key.Grade[0] is 'K' or 'P' or 'J')
                .SelectMany(e => Enumerable.Range(origin + 1, last - origin).Select(y => new ForecastCell(e.Key.School, e.Key.Grade, y, e.Value)))];
    }

    private static IEnumerable<(string, int, int, double)> Compare(ForecastHistory h, IEnumerable<ForecastCell> cells, string method, int origin) =>
        cells.Where(c => h.Enrolment.TryGetValue((c.SchoolId, c.Grade, c.Year), out var a) && a > 0)
            .Select(c => (method, c.Year - origin, c.SchoolId, Math.Abs(c.Students - h.Enrolment[(c.SchoolId, c.Grade, c.Year)]) * 100.0 / h.Enrolment[(c.SchoolId, c.Grade, c.Year)]));
}
