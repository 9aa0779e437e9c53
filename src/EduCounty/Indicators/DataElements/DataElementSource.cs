using System.Globalization;
using System.Reflection;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// A source of data element values: the elements whose <see cref="ElementRule"/> it handles are loaded by ONE grouped
/// query per load (GROUP BY unit, year, and the attributes its rules test), for every unit of the load at once — a
/// county, all townships of a county, or every county of a province (issue 20 item 2). A feature area adds its
/// elements with a rule type of its own and a source for it; the loader finds the source in the assembly (no central
/// switch; docs/adr/0020 recipe step 6).
/// </summary>
public abstract class DataElementSource
{
    /// <summary>Sources run in this order on the load's one context (the census source first: others read its years).</summary>
    public virtual int Order => 100;

    /// <summary>True when this source computes elements with <paramref name="rule"/>.</summary>
    public abstract bool Handles(ElementRule rule);

    /// <summary>Loads the values of <paramref name="elements"/> (all handled by this source) for the load's units and years.</summary>
    public abstract Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct);

    private static readonly Lazy<IReadOnlyList<DataElementSource>> Found = new(() =>
    [
        .. typeof(DataElementSource).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(DataElementSource)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (DataElementSource)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Order).ThenBy(s => s.GetType().FullName, StringComparer.Ordinal),
    ]);

    /// <summary>Every source of the assembly, in <see cref="Order"/>.</summary>
    public static IReadOnlyList<DataElementSource> All => Found.Value;

    /// <summary>The source of <paramref name="rule"/>.</summary>
    public static DataElementSource For(ElementRule rule) =>
        All.FirstOrDefault(s => s.Handles(rule)) ?? throw new InvalidOperationException($"没有数据来源处理规则 {rule.GetType().Name}");
}

/// <summary>A source's loaded values.</summary>
public abstract class SourceValues
{
    /// <summary>The value of <paramref name="element"/> in <paramref name="unit"/> and school year <paramref name="year"/>,
    /// or null when the unit has no records of this source in that year (the loader then uses the element's fallback
    /// statistic, or reports <see cref="Missing"/>).</summary>
    public abstract ElementValue? Get(DataElement element, string unit, int year);

    /// <summary>Why there is no value in <paramref name="year"/> (Chinese).</summary>
    public abstract string Missing(int year);

    /// <summary>The school year as text, for messages.</summary>
    protected static string YearText(int year) => new SchoolYear(year).ToString();
}

/// <summary>A school with the unit it is counted in (its county code, township code, or its own id as text).</summary>
public sealed class SchoolInUnit
{
    /// <summary>The school.</summary>
    public required School School { get; init; }

    /// <summary>The unit's code.</summary>
    public required string Unit { get; init; }
}

/// <summary>One load: the context, the level and units, the years, and what sources share.</summary>
public sealed class ElementLoad
{
    internal ElementLoad(EduDb db, ScopeLevel level, IReadOnlyList<string> units, IReadOnlyList<int> years)
    {
        Db = db;
        Level = level;
        Units = units;
        Years = years;
        (From, To) = years.Count > 0 ? (years[0], years[^1]) : (0, -1);
        var codes = units.ToList();
        Schools = level switch
        {
            ScopeLevel.County => db.Schools.Where(s => codes.Contains(s.CountyCode)).Select(s => new SchoolInUnit { School = s, Unit = s.CountyCode }),
            ScopeLevel.Township => db.Schools.Where(s => codes.Contains(s.TownshipCode)).Select(s => new SchoolInUnit { School = s, Unit = s.TownshipCode }),
            _ => SchoolsById(db, codes),
        };
    }

    private static IQueryable<SchoolInUnit> SchoolsById(EduDb db, List<string> codes)
    {
        var ids = codes.Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        return db.Schools.Where(s => ids.Contains(s.Id)).Select(s => new SchoolInUnit { School = s, Unit = s.Id.ToString() });
    }

    /// <summary>The database (its school scope applies to every query).</summary>
    public EduDb Db { get; }

    /// <summary>County, township or school.</summary>
    public ScopeLevel Level { get; }

    /// <summary>The units' codes (school level: ids as text).</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The school years wanted, in order.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>First and last year wanted: a range (index-friendly) rather than IN (…).</summary>
    public int From { get; }

    /// <inheritdoc cref="From"/>
    public int To { get; }

    /// <summary>The schools of the units, each with its unit (joined by the school-level sources).</summary>
    public IQueryable<SchoolInUnit> Schools { get; }

    private HashSet<(string Unit, int Year)>? _census;

    /// <summary>(unit, year) pairs with 秋季统计 records: set by the census source when it ran, else one query.</summary>
    public async Task<IReadOnlySet<(string Unit, int Year)>> CensusYearsAsync(CancellationToken ct)
    {
        if (_census is null)
        {
            var rows = await Db.GradeEnrolments.Where(e => e.Year >= From && e.Year <= To)
                .Join(Schools, e => e.SchoolId, s => s.School.Id, (e, s) => new { s.Unit, e.Year })
                .Distinct().ToListAsync(ct);
            _census = [.. rows.Select(r => (r.Unit, r.Year))];
        }
        return _census;
    }

    /// <summary>Called by the census source with the (unit, year) pairs it found.</summary>
    public void SetCensusYears(IEnumerable<(string Unit, int Year)> pairs) => _census = [.. pairs];
}
