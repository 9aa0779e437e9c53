using EduCounty.Common;
using EduCounty.Indicators.Expressions;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// Loads element values for a set of (element, school year) pairs: the engine's "one batch load" pass. Elements are
/// grouped by their <see cref="DataElementSource"/> and each source needed runs ONE grouped query over the union of the
/// years for every unit of the load (GROUP BY unit, …): a whole plan evaluation for six years costs one statement per
/// source whatever the number of indicators — and whatever the number of counties when a region is loaded at once.
/// </summary>
public static class DataElementLoader
{
    internal const string FromStudents = "学籍记录";

    /// <summary>Loads the values of <paramref name="wanted"/> (element code, school year start) in <paramref name="scope"/>.</summary>
    /// <exception cref="ArgumentException">An element code is unknown.</exception>
    public static async Task<DataElementValues> LoadAsync(EduDb db, IEnumerable<(string Code, int Year)> wanted, DataScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return (await LoadManyAsync(db, wanted, scope.Level, [scope.Code], ct))[scope.Code];
    }

    /// <summary>
    /// Loads the values of <paramref name="wanted"/> for every unit in <paramref name="units"/> (county codes, township
    /// codes, or school ids as text, of one <paramref name="level"/>) in one grouped query per source.
    /// </summary>
    /// <exception cref="ArgumentException">An element code is unknown.</exception>
    public static async Task<IReadOnlyDictionary<string, DataElementValues>> LoadManyAsync(EduDb db, IEnumerable<(string Code, int Year)> wanted,
        ScopeLevel level, IReadOnlyList<string> units, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(units);
        var pairs = wanted.Distinct().ToList();
        var elements = pairs.Select(p => p.Code).Distinct(StringComparer.Ordinal)
            .Select(c => DataElementCatalog.Find(c) ?? throw new ArgumentException($"未知的数据元素“{c}”", nameof(wanted)))
            .ToDictionary(e => e.Code, StringComparer.Ordinal);
        var load = new ElementLoad(db, level, [.. units.Distinct(StringComparer.Ordinal)], [.. pairs.Select(p => p.Year).Distinct().Order()]);

        // One grouped query per source needed, in the sources' order (the census first: others read its years).
        var loaded = new Dictionary<DataElementSource, SourceValues>();
        var bySource = elements.Values.Where(e => e.Rule is not StatisticRule).GroupBy(e => DataElementSource.For(e.Rule)).OrderBy(g => g.Key.Order);
        foreach (var group in bySource)
        {
            loaded[group.Key] = await group.Key.LoadAsync(load, [.. group], ct);
        }

        var recorded = new Dictionary<(string Unit, string Code, int Year), ElementValue?>();
        var statKeys = new HashSet<(string Key, int Year)>();
        foreach (var unit in load.Units)
        {
            foreach (var (code, year) in pairs)
            {
                var e = elements[code];
                if (e.Rule is StatisticRule s)
                {
                    statKeys.Add((s.Key, year));
                    continue;
                }
                var v = loaded[DataElementSource.For(e.Rule)].Get(e, unit, year);
                recorded[(unit, code, year)] = v;
                if (v is null && e.FallbackStatisticKey is { } k) statKeys.Add((k, year));
            }
        }

        var stats = await StatisticsAsync(db, load, statKeys, ct);
        var result = new Dictionary<string, DataElementValues>(StringComparer.Ordinal);
        foreach (var unit in load.Units)
        {
            var values = new Dictionary<(string, int), ElementValue>();
            foreach (var (code, year) in pairs)
            {
                var e = elements[code];
                values[(code, year)] = e.Rule is StatisticRule s ? Statistic(s.Key, unit, year)
                    : recorded[(unit, code, year)] ?? (e.FallbackStatisticKey is { } k ? Statistic(k, unit, year)
                        : new ElementValue(null, loaded[DataElementSource.For(e.Rule)].Missing(year)));
            }
            result[unit] = new DataElementValues(values);
        }

        return result;

        ElementValue Statistic(string key, string unit, int year)
        {
            if (level == ScopeLevel.School) return new ElementValue(null, "年度统计数不按学校统计");
            // The key read is printed as it is (plan explain), with the source the import gave.
            return stats.TryGetValue((unit, key, year), out var s)
                ? new ElementValue((decimal)s.Value, $"年度统计“{key}”" + (s.Source is { } src ? "：" + src : ""))
                : new ElementValue(null, $"缺少 {new SchoolYear(year)} 年度统计“{key}”");
        }
    }

    /// <summary>Yearly statistics (statistic-only elements, and fallbacks for years without records) of every unit, one query.</summary>
    private static async Task<Dictionary<(string Unit, string Key, int Year), (double Value, string? Source)>> StatisticsAsync(
        EduDb db, ElementLoad load, HashSet<(string Key, int Year)> wanted, CancellationToken ct)
    {
        var stats = new Dictionary<(string, string, int), (double, string?)>();
        if (wanted.Count == 0 || load.Level == ScopeLevel.School) return stats;
        var keys = wanted.Select(w => w.Key).Distinct().ToList();
        var (from, to) = (wanted.Min(w => w.Year), wanted.Max(w => w.Year));
        var codes = load.Units.ToList();
        var rows = await db.YearlyStatistics
            .Where(s => codes.Contains(s.DivisionCode) && s.Year >= from && s.Year <= to && keys.Contains(s.Key))
            .Select(s => new { s.DivisionCode, s.Key, s.Year, s.Value, s.Source })
            .ToListAsync(ct);
        foreach (var r in rows) stats[(r.DivisionCode, r.Key, r.Year)] = (r.Value, r.Source);
        return stats;
    }
}

/// <summary>Loaded element values by (code, school year start).</summary>
public sealed class DataElementValues(IReadOnlyDictionary<(string Code, int Year), ElementValue> values)
{
    /// <summary>All loaded values.</summary>
    public IReadOnlyDictionary<(string Code, int Year), ElementValue> Values { get; } = values;

    /// <summary>The value of an element in a school year, or null when not loaded.</summary>
    public ElementValue? Get(string code, int year) => Values.GetValueOrDefault((code, year));

    /// <summary>A lookup for evaluating expressions in school year <paramref name="year"/> (offsets are years back).</summary>
    public Func<DataElementRef, decimal?> For(int year) => r => Get(r.Code, year + r.YearOffset)?.Value;
}
