using System.Linq.Expressions;

namespace EduCounty.Registry;

/// <summary>
/// "School open at a date" — the one rule (docs/adr/0003: figures are taken at the census date): a school counts from
/// the day it opens (<see cref="School.OpenedOn"/>, inclusive; unknown = always open) until the day it closes or is merged
/// away (<see cref="School.ClosedOn"/>, exclusive; unknown = still open). Written once as an expression, so that it is
/// translated to SQL inside queries (<see cref="OpenOn(IQueryable{School}, DateOnly)"/>) and compiled once for objects and
/// grouped rows in memory (<see cref="IsOpen"/>).
/// </summary>
public static class OpenSchools
{
    /// <summary>The rule over the two dates and the day asked about.</summary>
    private static readonly Expression<Func<DateOnly?, DateOnly?, DateOnly, bool>> Rule =
        (opened, closed, day) => (opened == null || opened <= day) && (closed == null || closed > day);

    private static readonly Func<DateOnly?, DateOnly?, DateOnly, bool> Compiled = Rule.Compile();

    /// <summary>Whether a school with these dates is open on <paramref name="day"/> (objects and grouped rows in memory).</summary>
    public static bool IsOpen(DateOnly? openedOn, DateOnly? closedOn, DateOnly day) => Compiled(openedOn, closedOn, day);

    /// <summary>
    /// The rule as a predicate on <see cref="School"/> for queries: the day becomes a query parameter (a captured
    /// value, not a constant), so one query plan serves every census date.
    /// </summary>
    public static Expression<Func<School, bool>> At(DateOnly day)
    {
        var school = Expression.Parameter(typeof(School), "s");
        var holder = new DayHolder(day);
        var body = new Substitute(new Dictionary<ParameterExpression, Expression>
        {
            [Rule.Parameters[0]] = Expression.Property(school, nameof(School.OpenedOn)),
            [Rule.Parameters[1]] = Expression.Property(school, nameof(School.ClosedOn)),
            [Rule.Parameters[2]] = Expression.Field(Expression.Constant(holder), nameof(DayHolder.Day)),
        }).Visit(Rule.Body);
        return Expression.Lambda<Func<School, bool>>(body, school);
    }

    /// <summary>The schools of a query open on <paramref name="day"/> (translated to SQL).</summary>
    public static IQueryable<School> OpenOn(this IQueryable<School> schools, DateOnly day) => schools.Where(At(day));

    /// <summary>A closure-like holder: EF turns a member of a constant object into a parameter.</summary>
    private sealed class DayHolder(DateOnly day)
    {
#pragma warning disable CA1051 // A field, like the compiler's own closure classes, so that EF parameterises it.
        public readonly DateOnly Day = day;
#pragma warning restore CA1051
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            map.TryGetValue(node, out var e) ? e : base.VisitParameter(node);
    }
}
