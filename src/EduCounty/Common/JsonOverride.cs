using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduCounty.Common;

/// <summary>
/// A standards file overridden by a province's or county's file of the same shape (docs/adr/0021): objects merge by
/// property, arrays of objects merge by <c>code</c> (or <c>key</c>), anything else is replaced. Used by the 优质均衡
/// profile and the 教师队伍 standards.
/// </summary>
public static class JsonOverride
{
    /// <summary>An override document, parsed (comments and trailing commas allowed); refused in Chinese when it is not a JSON object.</summary>
    /// <exception cref="FormatException">Not JSON, or not an object at the top.</exception>
    public static JsonObject Parse(string overrideJson)
    {
        JsonNode? over;
        try
        {
            over = JsonNode.Parse(overrideJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"标准覆盖文件不是有效的 JSON：第 {e.LineNumber + 1} 行，{e.Message}", e);
        }
        return over as JsonObject ?? throw new FormatException("标准覆盖文件的顶层必须是 JSON 对象");
    }

    /// <summary>An embedded JSON resource of <paramref name="assembly"/>.</summary>
    public static JsonObject Resource(System.Reflection.Assembly assembly, string manifestName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var s = assembly.GetManifestResourceStream(manifestName)
            ?? throw new InvalidOperationException($"缺少内嵌资源 {manifestName}");
        return (JsonObject)JsonNode.Parse(s)!;
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
