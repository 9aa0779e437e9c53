using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;

namespace EduCounty.Web.Components.Plan;

/// <summary>
/// ECharts options (as JSON, rendered by wwwroot/js/plan-charts.js) for the 驾驶舱. Every chart carries "数据截至" in its
/// subtitle; animation is off (static pages, screenshots, PDF).
/// </summary>
public static class PlanCharts
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string AsOf(DateTimeOffset at) => "数据截至 " + LocalTime.Text(at, LocalTime.DateOnlyFormat);

    private static string AsOf(DateOnly day) => "数据截至 " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonValue? Num(decimal? v) => v is { } x ? JsonValue.Create((double)x) : null;

    /// <summary>Actual values by year against the 规划路径 and the target, for one indicator.</summary>
    public static string Trend(PlanEvaluation e, PlanIndicator i)
    {
        var plan = e.Plan;
        var years = Enumerable.Range(plan.BaselineYear, plan.Period.EndYear - plan.BaselineYear + 1).ToList();
        var actual = e.Trend(i.Code).ToDictionary(p => p.Year, p => p.Value);
        var series = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "实际值", ["type"] = "line", ["connectNulls"] = false,
                ["label"] = new JsonObject { ["show"] = true },
                ["data"] = new JsonArray([.. years.Select(y => Num(actual.GetValueOrDefault(y)))]),
            },
        };
        // docs/adr/0011: the one path rule (PlanPath), from the table's baseline or the computed 2020 value.
        if (PlanPath.Of(e, i) is { } path)
        {
            series.Add(new JsonObject
            {
                ["name"] = path.Hold ? "目标线（保持）" : "规划路径",
                ["type"] = "line",
                ["lineStyle"] = new JsonObject { ["type"] = "dashed" },
                ["symbol"] = "none",
                ["data"] = new JsonArray([.. years.Select(y => Num(path.At(y, i.Formula?.Decimals ?? 2)))]),
            });
        }
        var o = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = $"{i.Name}（{i.Unit}）", ["subtext"] = AsOf(e.AsOf), ["left"] = "center" },
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = new JsonObject { ["bottom"] = 0 },
            ["grid"] = new JsonObject { ["top"] = 70, ["bottom"] = 40, ["left"] = 60, ["right"] = 30 },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. years.Select(y => JsonValue.Create(y.ToString(CultureInfo.InvariantCulture)))]) },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["scale"] = true },
            ["series"] = series,
        };
        return o.ToJsonString(Options);
    }

    /// <summary>Planned investment against cumulative spending, 万元, per project that prints an investment.</summary>
    public static string Investment(GetPlanProgress.Result p) =>
        Bars(p.Projects.Where(r => r.InvestmentWan is not null).ToList(), "重大项目投资完成情况（万元）", p.Today,
            ("计划投资", r => r.InvestmentWan), ("累计完成投资", r => r.SpentWan));

    /// <summary>Planned new seats against seats delivered.</summary>
    public static string Seats(GetPlanProgress.Result p) =>
        Bars(p.Projects.Where(r => r.NewSeats is not null).ToList(), "新增学位交付情况（个）", p.Today,
            ("计划新增学位", r => r.NewSeats), ("已交付学位", r => r.SeatsDelivered));

    private static string Bars(List<GetPlanProgress.ProjectRow> rows, string title, DateOnly today,
        params (string Name, Func<GetPlanProgress.ProjectRow, decimal?> Value)[] series)
    {
        rows.Reverse(); // horizontal bars list from the top
        var o = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["subtext"] = AsOf(today), ["left"] = "center" },
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = new JsonObject { ["bottom"] = 0 },
            ["grid"] = new JsonObject { ["top"] = 70, ["bottom"] = 40, ["left"] = 10, ["right"] = 50, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value" },
            ["yAxis"] = new JsonObject
            {
                ["type"] = "category",
                ["axisLabel"] = new JsonObject { ["width"] = 170, ["overflow"] = "truncate" },
                ["data"] = new JsonArray([.. rows.Select(r => JsonValue.Create(r.Name))]),
            },
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name, ["type"] = "bar",
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "right" },
                ["data"] = new JsonArray([.. rows.Select(r => Num(s.Value(r)))]),
            })]),
        };
        return o.ToJsonString(Options);
    }

    /// <summary>Tasks by section and state (stacked).</summary>
    public static string Tasks(GetPlanProgress.Result p, PlanDocument plan)
    {
        var sections = plan.Sections.OrderBy(s => s.Number).ToList();
        var o = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = "重点任务推进情况（项）", ["subtext"] = AsOf(p.Today), ["left"] = "center" },
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = new JsonObject { ["bottom"] = 0 },
            ["grid"] = new JsonObject { ["top"] = 70, ["bottom"] = 40, ["left"] = 40, ["right"] = 20 },
            ["color"] = new JsonArray("#52c41a", "#1677ff", "#bfbfbf"),
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. sections.Select(s => JsonValue.Create(s.Numeral))]) },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["minInterval"] = 1 },
            ["series"] = new JsonArray([.. new[] { PlanWorkState.Done, PlanWorkState.InProgress, PlanWorkState.NotStarted }.Select(st => (JsonNode)new JsonObject
            {
                ["name"] = PlanWork.Label(st), ["type"] = "bar", ["stack"] = "all",
                ["data"] = new JsonArray([.. sections.Select(s => JsonValue.Create(p.Tasks.Count(t => t.Section == s.Number && t.State == st)))]),
            })]),
        };
        return o.ToJsonString(Options);
    }

    /// <summary>One indicator by township (drill-down).</summary>
    public static string ByPlace(string title, DateTimeOffset asOf, IReadOnlyList<(string Place, decimal? Value)> rows, decimal? county)
    {
        var o = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["subtext"] = AsOf(asOf), ["left"] = "center" },
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["grid"] = new JsonObject { ["top"] = 70, ["bottom"] = 30, ["left"] = 10, ["right"] = 60, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["scale"] = true },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. rows.Reverse().Select(r => JsonValue.Create(r.Place))]) },
            ["series"] = new JsonArray(new JsonObject
            {
                ["name"] = title,
                ["type"] = "bar",
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "right" },
                ["data"] = new JsonArray([.. rows.Reverse().Select(r => Num(r.Value))]),
                ["markLine"] = county is { } c
                    ? new JsonObject { ["symbol"] = "none", ["label"] = new JsonObject { ["formatter"] = "全县 {c}" }, ["data"] = new JsonArray(new JsonObject { ["xAxis"] = (double)c }) }
                    : null,
            }),
        };
        return o.ToJsonString(Options);
    }
}
