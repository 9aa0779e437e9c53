using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>A forecast request: the last year, the scenarios, the schools the reader may see (null: the county).</summary>
public sealed record ForecastQuery(int To, IReadOnlyList<string> Scenarios, IReadOnlyCollection<int>? Scope = null, ForecastRules? Rules = null);

/// <summary>A school's basis as shown beside its forecast.</summary>
public sealed record SchoolMethod(string SchoolCode, string School, string Method, string Entry, string? Junior);

/// <summary>Students of a stage (学前, 小学, 初中) in a year, for the charts.</summary>
public sealed record StageYear(string Stage, int Year, int Students);

/// <summary>The forecast of each scenario, the back-test errors, each school's chosen method and bases, and the actual
/// enrolment by stage of the schools in scope.</summary>
public sealed record ForecastResult(int Origin, int To, IReadOnlyDictionary<string, IReadOnlyList<ForecastRow>> Rows,
    IReadOnlyList<BacktestError> Backtest, IReadOnlyList<SchoolMethod> Methods, IReadOnlyList<StageYear> Actual)
{
    /// <summary>Each visible school's 学区 by 学校标识码.</summary>
    public IReadOnlyDictionary<string, string> DistrictOf { get; init; } = new Dictionary<string, string>();

    /// <summary>Each visible school's 乡镇 (name where the registry knows it, else its code) by 学校标识码: the seat-gap map's places.</summary>
    public IReadOnlyDictionary<string, string> TownshipOf { get; init; } = new Dictionary<string, string>();

    /// <summary>学区 × year sums per scenario (only 学区 whose schools are all in the reader's scope).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DistrictRow>> Districts { get; init; } = new Dictionary<string, IReadOnlyList<DistrictRow>>();

    /// <summary>The gap plan with redistribution per scenario (same 学区 rule as <see cref="Districts"/>).</summary>
    public IReadOnlyDictionary<string, SeatGapPlan> Plans { get; init; } = new Dictionary<string, SeatGapPlan>();

    /// <summary>The stage of a grade code as the charts name it.</summary>
    public static string StageOf(string grade) => grade[0] switch { 'K' => "学前", 'J' => "初中", _ => "小学" };

    /// <summary>Projected students by stage and year of one scenario (grade rows only).</summary>
    public IReadOnlyList<StageYear> ByStage(string scenario) =>
        [.. Rows[scenario].Where(r => r.Grade != ForecastRow.Total).GroupBy(r => (StageOf(r.Grade), r.Year))
            .Select(g => new StageYear(g.Key.Item1, g.Key.Year, g.Sum(r => r.Students)))];
}

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
        var districtRows = new Dictionary<string, IReadOnlyList<DistrictRow>>();
        var plans = new Dictionary<string, SeatGapPlan>();
        var districtOf = Districts.Of(history.Schools, rules, history.Townships);
        // A 学区's sums and plan show other schools' figures: only to a county reader. (A school reader's database is
        // already cut to its school in the data layer, so a 学区 would look like that one school.)
        HashSet<string> shown = query.Scope is null ? districtOf.Values.ToHashSet(StringComparer.Ordinal) : [];
        ForecastProjection? first = null;
        foreach (var scenario in scenarios)
        {
            var p = ForecastEngine.Project(history, origin, query.To, scenario, rules, id => backtest.WindowOf(id, rules.DefaultWindow));
            first ??= p;
            var all = SeatPlan.Rows(history.Schools, p.Cells, rules);
            rows[scenario.Code] = [.. all.Where(r => visible.Contains(r.SchoolCode))];
            districtRows[scenario.Code] = [.. Districts.Sum(all, districtOf).Where(d => shown.Contains(d.District))];
            var plan = SeatGapPlanner.Plan(history.Schools, all, districtOf, history.Projects, rules);
            plans[scenario.Code] = query.Scope is null ? plan
                : new SeatGapPlan([.. plan.Rows.Where(x => shown.Contains(x.District))], [.. plan.Steps.Where(x => shown.Contains(x.District))], []);
        }
        var byId = history.Schools.ToDictionary(s => s.Id);
        var methods = (first?.Bases ?? []).Where(b => visible.Contains(byId[b.SchoolId].Code)).OrderBy(b => byId[b.SchoolId].Code)
            .Select(b => new SchoolMethod(byId[b.SchoolId].Code, byId[b.SchoolId].Name, Backtest.MethodName(b.Window), b.Entry, b.Junior)).ToList();
        var ids = history.Schools.Where(s => visible.Contains(s.Code)).Select(s => s.Id).ToHashSet();
        var actual = history.Enrolment.Where(e => ids.Contains(e.Key.School)).GroupBy(e => (ForecastResult.StageOf(e.Key.Grade), e.Key.Year))
            .Select(g => new StageYear(g.Key.Item1, g.Key.Year, g.Sum(e => e.Value))).ToList();
        return new ForecastResult(origin, query.To, rows, backtest.Errors, methods, actual)
        {
            DistrictOf = districtOf.Where(p => visible.Contains(p.Key)).ToDictionary(StringComparer.Ordinal),
            TownshipOf = history.Schools.Where(s => visible.Contains(s.Code))
                .ToDictionary(s => s.Code, s => history.Townships.GetValueOrDefault(s.TownshipCode, s.TownshipCode), StringComparer.Ordinal),
            Districts = districtRows,
            Plans = plans,
        };
    }
}
