namespace EduCounty.Web.Components.Shared;

/// <summary>Builds page URLs with query strings (empty values dropped).</summary>
public static class Query
{
    public static string Url(string path, params (string Key, object? Value)[] pairs)
    {
        var q = string.Join("&", pairs
            .Where(p => p.Value is not null && p.Value.ToString() is { Length: > 0 })
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.ToString()!)}"));
        return q.Length == 0 ? path : $"{path}?{q}";
    }
}
