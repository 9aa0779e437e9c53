using EduCounty.Common;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Balance;

/// <summary>
/// One unit a rule is evaluated on — a school, a set of identical classes, or a survey group — with its element
/// values by (code, year offset). A missing key or a null value is a missing figure.
/// </summary>
/// <param name="Name">School name, or the survey group.</param>
/// <param name="School">The school (a class's own school); null for a survey group.</param>
/// <param name="Values">Element values.</param>
/// <param name="Weight">How many identical units this row stands for (classes of one school, grade and headcount).</param>
public sealed record RuleUnit(string Name, RuleSchool? School, IReadOnlyDictionary<DataElementRef, decimal?> Values, int Weight = 1);

/// <summary>
/// Everything the assurance rules read for one county and school year: the schools, classes and survey groups with
/// their element values, and county-level element values (indicator catalogue elements). Built from the registry by
/// <see cref="ReadAssuranceData"/>, or by hand in tests.
/// </summary>
public sealed class AssuranceData(
    int year,
    IReadOnlyList<RuleUnit> schools,
    IReadOnlyList<RuleUnit> classes,
    IReadOnlyList<RuleUnit> groups,
    IReadOnlyDictionary<DataElementRef, decimal?> county)
{
    private readonly Dictionary<int, RuleUnit> _byId = schools.Where(s => s.School is not null).ToDictionary(s => s.School!.Id);
    private readonly Dictionary<int, int> _order = schools.Select((s, i) => (s, i)).Where(x => x.s.School is not null).ToDictionary(x => x.s.School!.Id, x => x.i);

    /// <summary>School year start (element offsets count back from it).</summary>
    public int Year { get; } = year;

    /// <summary>School units.</summary>
    public IReadOnlyList<RuleUnit> Schools { get; } = schools;

    /// <summary>Class units (one per school, grade and headcount, weighted by the number of classes).</summary>
    public IReadOnlyList<RuleUnit> Classes { get; } = classes;

    /// <summary>Survey groups.</summary>
    public IReadOnlyList<RuleUnit> Groups { get; } = groups;

    /// <summary>County-level element values.</summary>
    public IReadOnlyDictionary<DataElementRef, decimal?> County { get; } = county;

    /// <summary>Where a unit's findings are listed: its school's place in <see cref="Schools"/>, or the group's place.</summary>
    public int OrderOf(RuleUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.School is { } s && _order.TryGetValue(s.Id, out var i))
        {
            return i;
        }
        for (var g = 0; g < Groups.Count; g++)
        {
            if (ReferenceEquals(Groups[g], unit))
            {
                return Schools.Count + g;
            }
        }
        return int.MaxValue;
    }

    /// <summary>The schools of <paramref name="types"/> (all schools when null).</summary>
    public IEnumerable<RuleUnit> SchoolsOf(IReadOnlyList<SchoolType>? types) =>
        types is null ? Schools : Schools.Where(s => s.School is { } k && types.Contains(k.Type));

    /// <summary>The classes of schools of <paramref name="types"/> (all when null).</summary>
    public IEnumerable<RuleUnit> ClassesOf(IReadOnlyList<SchoolType>? types) =>
        types is null ? Classes : Classes.Where(c => c.School is { } k && types.Contains(k.Type));

    /// <summary>
    /// A lookup for evaluating a rule on <paramref name="unit"/>: constants, then the unit's own elements, a class's
    /// school elements, then county elements.
    /// </summary>
    public Func<DataElementRef, decimal?> For(RuleUnit unit, CompiledAssurance rules)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(rules);
        return r =>
        {
            if (rules.Constants.TryGetValue(r.Code, out var c))
            {
                return c.Value;
            }
            if (BalanceElements.Find(r.Code) is not { } e)
            {
                return County.GetValueOrDefault(r);
            }
            if (unit.Values.TryGetValue(r, out var v))
            {
                return v;
            }
            return e.Level == RuleLevel.School && unit.School is { } s && _byId.TryGetValue(s.Id, out var own) && !ReferenceEquals(own, unit)
                ? own.Values.GetValueOrDefault(r)
                : null;
        };
    }

    /// <summary>
    /// A lookup for a county rule: school and class elements summed over the schools of <paramref name="types"/>
    /// (classes weighted), group elements over every group — DHIS2's SUM aggregation: the sum of the values present,
    /// missing only when no unit has one.
    /// </summary>
    public Func<DataElementRef, decimal?> ForCounty(IReadOnlyList<SchoolType>? types, CompiledAssurance rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var cache = new Dictionary<DataElementRef, decimal?>();
        return r =>
        {
            if (rules.Constants.TryGetValue(r.Code, out var c))
            {
                return c.Value;
            }
            if (BalanceElements.Find(r.Code) is not { } e)
            {
                return County.GetValueOrDefault(r);
            }
            if (!cache.TryGetValue(r, out var sum))
            {
                var units = e.Level switch
                {
                    RuleLevel.School => SchoolsOf(types),
                    RuleLevel.Class => ClassesOf(types),
                    _ => Groups,
                };
                sum = Sum(units, r);
                cache[r] = sum;
            }
            return sum;
        };
    }

    private static decimal? Sum(IEnumerable<RuleUnit> units, DataElementRef r)
    {
        decimal? total = null;
        foreach (var u in units)
        {
            if (u.Values.GetValueOrDefault(r) is { } v)
            {
                total = (total ?? 0) + (v * u.Weight);
            }
        }
        return total;
    }
}
