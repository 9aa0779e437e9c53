using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

/// <summary>
/// The rows of a 学年 × form (报表) that an approved reporting period locks (issue 22 §4): 秋季统计 rows, 办学条件,
/// 经费. The entity's <see cref="YearProperty"/> (the school year's start) says which period a row belongs to.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeriodBoundAttribute(string form, string label) : Attribute
{
    /// <summary>The form's code (census, facilities, finance).</summary>
    public string Form { get; } = form;

    /// <summary>The form's Chinese name, for the refusal.</summary>
    public string Label { get; } = label;

    public string YearProperty { get; init; } = "Year";
}

/// <summary>
/// The one place a locked period is enforced (issue 22 §4): <see cref="EduDb.SaveChangesAsync(bool, CancellationToken)"/>
/// (school entry, import updates and rollback, census derivation, every tracked write) and <see cref="BulkWriter"/>
/// (import inserts, the demo tools) call it before writing a row of a <see cref="PeriodBoundAttribute"/> entity; a row
/// of a locked 学年 × form — by its old or its new year — is refused with a Chinese <see cref="RuleException"/> and
/// nothing is written (the caller's transaction rolls back). The locks are read through <see cref="Reader"/>, which the
/// Periods feature registers (Common names no feature, docs/adr/0020).
/// </summary>
public static class PeriodGuard
{
    /// <summary>The locked periods: (form, year) → the locked version. Registered by the Periods feature.</summary>
    public static Func<EduDb, CancellationToken, Task<IReadOnlyDictionary<(string Form, int Year), int>>>? Reader { get; set; }

    private static readonly ConcurrentDictionary<Type, (PeriodBoundAttribute Bound, PropertyInfo Year)?> Bounds = new();

    /// <summary>The period marker of an entity type (null: not period-bound).</summary>
    public static (PeriodBoundAttribute Bound, PropertyInfo Year)? BoundOf(Type type) => Bounds.GetOrAdd(type, t =>
        t.GetCustomAttribute<PeriodBoundAttribute>() is { } b ? (b, t.GetProperty(b.YearProperty)!) : null);

    /// <summary>The refusal for a write into a locked period.</summary>
    public static PeriodLockedException Refusal(PeriodBoundAttribute bound, int year, int version) =>
        new($"{year}-{year + 1} 学年{bound.Label}已经县级审核锁定（第 {version} 版），不能修改；如需更正，请县级（规划/统计）注明原因解锁，解锁后为第 {version + 1} 版")
        { Field = bound.Form };

    /// <summary>Refuses the tracked changes that touch a locked period (before anything is written).</summary>
    internal static async Task CheckTrackedAsync(EduDb db, CancellationToken ct)
    {
        var touched = new List<(PeriodBoundAttribute Bound, int Year)>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || BoundOf(e.Metadata.ClrType) is not { } b)
            {
                continue;
            }
            var year = e.Property(b.Year.Name);
            if (e.State != EntityState.Added)
            {
                touched.Add((b.Bound, (int)year.OriginalValue!));
            }
            if (e.State != EntityState.Deleted)
            {
                touched.Add((b.Bound, (int)year.CurrentValue!));
            }
        }
        if (touched.Count == 0 || Reader is null)
        {
            return;
        }
        var locked = await Reader(db, ct);
        foreach (var (bound, year) in touched)
        {
            if (locked.TryGetValue((bound.Form, year), out var version))
            {
                throw Refusal(bound, year, version);
            }
        }
    }

    /// <summary>The rows of a bulk write, each checked as it streams by (a row of a locked period stops the write).</summary>
    internal static async Task<IEnumerable<T>> GuardBulkAsync<T>(EduDb db, IEnumerable<T> rows, CancellationToken ct)
    {
        if (BoundOf(typeof(T)) is not { } b || Reader is null)
        {
            return rows;
        }
        var locked = await Reader(db, ct);
        if (!locked.Keys.Any(k => k.Form == b.Bound.Form))
        {
            return rows;
        }
        return Checked(rows, b.Bound, b.Year, locked);
    }

    private static IEnumerable<T> Checked<T>(IEnumerable<T> rows, PeriodBoundAttribute bound, PropertyInfo yearOf, IReadOnlyDictionary<(string Form, int Year), int> locked)
    {
        foreach (var row in rows)
        {
            var year = (int)yearOf.GetValue(row)!;
            if (locked.TryGetValue((bound.Form, year), out var version))
            {
                throw Refusal(bound, year, version);
            }
            yield return row;
        }
    }
}

/// <summary>A write into a locked 学年 × form (<see cref="PeriodGuard"/>): an import reports it as its file's refusal.</summary>
public sealed class PeriodLockedException : RuleException
{
    public PeriodLockedException()
    {
    }

    public PeriodLockedException(string message) : base(message)
    {
    }

    public PeriodLockedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
