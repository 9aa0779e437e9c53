using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

/// <summary>
/// Organisation scope enforced in the data layer (issue 6 §1: "enforced in the data layer for every query, not only in
/// pages"; the DHIS2 CVE-2023-32060 lesson). A scoped context can never return another school's rows, whatever the
/// query: every entity carrying school data has a global query filter on <see cref="SchoolScope"/>. Queries that must
/// see everything (computing a user's scope, the audit chain) say so with IgnoreQueryFilters. docs/adr/0016.
/// </summary>
public abstract partial class EduDb
{
    private IReadOnlyCollection<int>? _schoolScope;
    private bool _schoolScopeSet;

    /// <summary>
    /// The schools this context may read: null = unrestricted (CLI, demo, county roles), otherwise only these schools
    /// (an empty set = none). Set explicitly, or read lazily from <see cref="SchoolScopeSource"/> at query time (the web
    /// host: the context may be created during authentication, before the user is known).
    /// </summary>
    public IReadOnlyCollection<int>? SchoolScope
    {
        get => _schoolScopeSet ? _schoolScope : SchoolScopeSource?.Invoke();
        set
        {
            _schoolScope = value;
            _schoolScopeSet = true;
        }
    }

    /// <summary>Reads the scope when a query runs and <see cref="SchoolScope"/> was not set (hosts: the signed-in user).</summary>
    public Func<IReadOnlyCollection<int>?>? SchoolScopeSource { get; set; }

    /// <summary>Used by the query filters (a parameter per query): whether <see cref="SchoolScope"/> restricts.</summary>
    public bool SchoolScoped => SchoolScope is not null;

    /// <summary>Used by the query filters: the scope's school ids (empty when unrestricted).</summary>
    public List<int> SchoolScopeIds => SchoolScope is { } s ? [.. s] : [];

    /// <summary>
    /// Gives every entity marked <see cref="SchoolScopedAttribute"/> its filter: <c>x =&gt; !SchoolScoped ||
    /// SchoolScopeIds.Contains(x.SchoolId)</c>, or through its parent <c>Set&lt;Parent&gt;().Any(p =&gt; p.Id == x.ParentId)</c>
    /// (the parent's own filter applies inside). The context constant is what a lambda written here would capture as
    /// "this": EF replaces it with the context that runs the query, so each context filters by its own scope.
    /// </summary>
    private void ApplySchoolScope(ModelBuilder b)
    {
        foreach (var type in b.Model.GetEntityTypes().Select(t => t.ClrType).Distinct().ToList())
        {
            if (EntityConventions.For(type).Scope is { } scope)
            {
                b.Entity(type).HasQueryFilter(ScopeFilter(type, scope));
            }
        }
    }

    private LambdaExpression ScopeFilter(Type type, SchoolScopedAttribute scope)
    {
        var x = Expression.Parameter(type, "x");
        var context = Expression.Constant(this, typeof(EduDb));
        var unrestricted = Expression.Not(Expression.Property(context, nameof(SchoolScoped)));
        Expression visible;
        if (scope.Through is { } parent)
        {
            var set = Expression.Call(context, typeof(DbContext).GetMethod(nameof(Set), 1, Type.EmptyTypes)!.MakeGenericMethod(parent));
            var p = Expression.Parameter(parent, "p");
            var foreignKey = scope.ForeignKey ?? throw new InvalidOperationException($"{type.Name}: 按上级限定学校范围时须指明外键");
            var match = Expression.Lambda(Expression.Equal(Expression.Property(p, "Id"), Expression.Property(x, foreignKey)), p);
            visible = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [parent], set, match);
        }
        else
        {
            var ids = Expression.Property(context, nameof(SchoolScopeIds));
            visible = Expression.Call(ids, typeof(List<int>).GetMethod(nameof(List<int>.Contains))!, Expression.Property(x, scope.Key));
        }
        return Expression.Lambda(Expression.OrElse(unrestricted, visible), x);
    }
}
