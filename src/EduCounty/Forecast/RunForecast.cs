using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>A forecast request: the last year, the scenarios, the schools the reader may see (null: the county).</summary>
public sealed record ForecastQuery(int To, IReadOnlyList<string> Scenarios, IReadOnlyCollection<int>? Scope = null, ForecastRules? Rules = null);

/// <summary>A school's basis as shown beside its forecast.</summary>
public sealed record SchoolMethod(string SchoolCode, string School, string Method, string Entry, string? Junior);

/// <summary>The forecast of each scenario, the back-test errors and each school's chosen method and bases.</summary>
public sealed record ForecastResult(int Origin, int To, IReadOnlyDictionary<string, IReadOnlyList<ForecastRow>> Rows,
    IReadOnlyList<BacktestError> Backtest, IReadOnlyList<SchoolMethod> Methods);

/// <summary>
/// The forecast end to end: history from the database, the back-test (the window chosen per school by its error), the
/// projection of each scenario from the last census year, and classes, seats and gaps. The county is projected as a
/// whole (a junior school's 初一 comes from other schools' 六年级); the rows returned are cut to the reader's scope.
/// </summary>
public static class RunForecast
{
    public static async Task<ForecastResult> HandleAsync(EduDb db, ForecastQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var history = await ReadForecastHistory.HandleAsync(db, ct);
        return Compute(history, query);
    }

    public static ForecastResult Compute(ForecastHistory history, ForecastQuery query)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(query);
        var rules = query.Rules ?? ForecastRules.Default();
        var scenarios = query.Scenarios.Select(rules.ScenarioOf).ToList();
        if (history.Enrolment.Count == 0)
        {
            throw new RuleException("没有分年级在校生数据，无法预测：请先导入秋季统计（census）或学籍");
        }
        var origin = history.LastYear;
        if (query.To <= origin || query.To > origin + 30)
        {
            throw new RuleException($"预测终止年份 {query.To} 无效：须在最近统计年份 {origin} 之后 30 年以内") { Field = "--to" };
        }
        var backtest = Backtest.Run(history, rules);
        var visible = history.Schools.Where(s => query.Scope is null || query.Scope.Contains(s.Id)).Select(s => s.Code).ToHashSet();
        var rows = new Dictionary<string, IReadOnlyList<ForecastRow>>();
        ForecastProjection? first = null;
        foreach (var scenario in scenarios)
        {
            var p = ForecastEngine.Project(history, origin, query.To, scenario, rules, id => backtest.WindowOf(id, rules.DefaultWindow));
            first ??= p;
            rows[scenario.Code] = [.. SeatPlan.Rows(history.Schools, p.Cells, rules).Where(r => visible.Contains(r.SchoolCode))];
        }
        var byId = history.Schools.ToDictionary(s => s.Id);
        var methods = (first?.Bases ?? []).Where(b => visible.Contains(byId[b.SchoolId].Code)).OrderBy(b => byId[b.SchoolId].Code)
            .Select(b => new SchoolMethod(byId[b.SchoolId].Code, byId[b.SchoolId].Name, Backtest.MethodName(b.Window), b.Entry, b.Junior)).ToList();
        return new ForecastResult(origin, query.To, rows, backtest.Errors, methods);
    }
}
