using EduCounty.Common;

namespace EduCounty.Web.Components.Shared;

/// <summary>
/// Query strings of the pages (docs/adr/0019): filters are plain GET parameters, and a school year is always
/// <c>?year=2025-2026</c> (<see cref="SchoolYear"/>'s text); the start year alone (<c>?year=2025</c>, older links) still reads.
/// </summary>
public static class Query
{
    /// <summary>The school year of a <c>year</c> parameter ("2025-2026" or "2025"), or null when absent or not a school year.</summary>
    public static SchoolYear? Year(string? text) => SchoolYear.TryParse(text, out var y) ? y : null;

    /// <summary>Builds a page URL with a query string (empty values dropped; a <see cref="SchoolYear"/> as "2025-2026").</summary>
    public static string Url(string path, params (string Key, object? Value)[] pairs)
    {
        var q = string.Join("&", pairs
            .Where(p => p.Value is not null && p.Value.ToString() is { Length: > 0 })
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.ToString()!)}"));
        return q.Length == 0 ? path : $"{path}?{q}";
    }
}
