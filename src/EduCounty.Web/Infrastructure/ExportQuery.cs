namespace EduCounty.Web.Infrastructure;

/// <summary>A list page's filters as the query string of its export link (empty values left out).</summary>
public static class ExportQuery
{
    public static string Of(params (string Name, string? Value)[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var parts = filters.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => f.Name + "=" + Uri.EscapeDataString(f.Value!.Trim()))
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
