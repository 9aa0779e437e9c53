using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduCounty.Common;

/// <summary>
/// Standards as data, overridable per province (docs/adr/0021): an embedded JSON document of a feature with an
/// override document merged over it — objects by property, arrays of objects by their "code" or "key", anything else
/// replaced. Used by Balance's profile and by Safety's and Supervision's rules.
/// </summary>
public static class JsonOverride
{
    /// <summary>Reads an embedded JSON resource of the library (its logical name, e.g. "EduCounty.Safety.safety-rules.json").</summary>
    public static JsonObject Resource(string logicalName)
    {
        using var s = typeof(JsonOverride).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"缺少内嵌资源 {logicalName}");
        return (JsonObject)JsonNode.Parse(s)!;
    }

    /// <summary>Parses an override document (comments and trailing commas allowed); a bad one is refused in Chinese.</summary>
    public static JsonObject Parse(string overrideJson, string what = "标准覆盖文件")
    {
        JsonNode? over;
        try
        {
            over = JsonNode.Parse(overrideJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what}不是有效的 JSON：第 {e.LineNumber + 1} 行，{e.Message}", e);
        }
        return over as JsonObject ?? throw new FormatException($"{what}的顶层必须是 JSON 对象");
    }

    /// <summary>Deep merge of <paramref name="over"/> into <paramref name="target"/>.</summary>
    public static void Merge(JsonObject target, JsonObject over)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(over);
        foreach (var (name, value) in over.ToList())
        {
            var existing = target.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            var key = existing.Key ?? name;
            if (existing.Value is JsonObject to && value is JsonObject vo)
            {
                Merge(to, vo);
            }
            else if (existing.Value is JsonArray ta && value is JsonArray va && TryMergeByKey(ta, va))
            {
                // merged in place
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static bool TryMergeByKey(JsonArray target, JsonArray over)
    {
        static string? KeyOf(JsonNode? n) =>
            n is JsonObject o ? (o["code"] ?? o["key"])?.GetValue<string>() : null;
        if (over.Any(n => KeyOf(n) is null) || target.Any(n => KeyOf(n) is null))
        {
            return false;
        }
        foreach (var item in over)
        {
            var match = target.FirstOrDefault(t => KeyOf(t) == KeyOf(item));
            if (match is JsonObject mo)
            {
                Merge(mo, (JsonObject)item!);
            }
            else
            {
                target.Add(item!.DeepClone());
            }
        }
        return true;
    }
}
