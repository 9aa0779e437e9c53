using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduCounty.Web.Components.Shared;

/// <summary>
/// ECharts options as JSON for a <c>data-chart</c> element (drawn by wwwroot/js/plan-charts.js with the ECharts bundle
/// that Vizor.ECharts ships): category charts — lines or bars over named categories — with a title, "数据截至" or a
/// note as subtitle, a legend at the bottom and labels kept inside the box at any width (issue 21 §10).
/// </summary>
public static class Charts
{
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonValue? Num(decimal? v) => v is { } x ? JsonValue.Create((double)x) : null;

    /// <summary>One series: its name, "line" or "bar", a value per category (null = no value), an optional colour.</summary>
    public sealed record Series(string Name, string Type, IReadOnlyList<decimal?> Values, string? Color = null)
    {
        /// <summary>A dashed horizontal line at this value across the chart (a limit, a target), with its label.</summary>
        public (decimal Value, string Label)? Limit { get; init; }

        /// <summary>Series with the same stack name are stacked.</summary>
        public string? Stack { get; init; }

        /// <summary>Values shown on the points or bars.</summary>
        public bool Labels { get; init; } = true;

        /// <summary>Per-category colours (bars only), overriding <see cref="Color"/>.</summary>
        public IReadOnlyList<string>? Colors { get; init; }
    }

    /// <summary>A chart over categories; horizontal puts the categories on the vertical axis (long names, many rows).</summary>
    public static string Category(string title, string? subtitle, IReadOnlyList<string> categories, IReadOnlyList<Series> series,
        bool horizontal = false, string? unit = null)
    {
        var order = horizontal ? categories.Reverse().ToList() : [.. categories];
        var categoryAxis = new JsonObject
        {
            ["type"] = "category",
            ["data"] = new JsonArray([.. order.Select(c => JsonValue.Create(c))]),
            ["axisLabel"] = horizontal ? new JsonObject { ["width"] = 140, ["overflow"] = "truncate" } : new JsonObject { ["hideOverlap"] = true },
        };
        var valueAxis = new JsonObject { ["type"] = "value", ["scale"] = series.All(s => s.Type == "line"), ["name"] = unit };
        var o = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["subtext"] = subtitle, ["left"] = "center" },
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = series.Count > 1 ? new JsonObject { ["bottom"] = 0, ["type"] = "scroll" } : null,
            ["grid"] = new JsonObject { ["top"] = 70, ["bottom"] = series.Count > 1 ? 40 : 20, ["left"] = 10, ["right"] = 40, ["containLabel"] = true },
            ["xAxis"] = horizontal ? valueAxis : categoryAxis,
            ["yAxis"] = horizontal ? categoryAxis : valueAxis,
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)Node(s, horizontal))]),
        };
        return o.ToJsonString(Json);
    }

    private static JsonObject Node(Series s, bool horizontal)
    {
        var values = horizontal ? s.Values.Reverse().ToList() : [.. s.Values];
        var colors = s.Colors is null ? null : horizontal ? s.Colors.Reverse().ToList() : [.. s.Colors];
        var node = new JsonObject
        {
            ["name"] = s.Name,
            ["type"] = s.Type,
            ["stack"] = s.Stack,
            ["connectNulls"] = s.Type == "line" ? false : null,
            ["label"] = new JsonObject { ["show"] = s.Labels, ["position"] = horizontal ? "right" : "top" },
            ["itemStyle"] = s.Color is { } c ? new JsonObject { ["color"] = c } : null,
            ["data"] = new JsonArray([.. values.Select((v, i) => colors is null
                ? (JsonNode?)Num(v)
                : new JsonObject { ["value"] = Num(v), ["itemStyle"] = new JsonObject { ["color"] = colors[i] } })]),
        };
        if (s.Limit is { } limit)
        {
            node["markLine"] = new JsonObject
            {
                ["symbol"] = "none",
                ["lineStyle"] = new JsonObject { ["type"] = "dashed", ["color"] = "#ff4d4f" },
                ["label"] = new JsonObject { ["formatter"] = limit.Label, ["position"] = "insideEndTop" },
                ["data"] = new JsonArray(new JsonObject { [horizontal ? "xAxis" : "yAxis"] = (double)limit.Value }),
            };
        }
        return node;
    }
}
