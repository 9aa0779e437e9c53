using EduCounty.Fitness;
using EduCounty.Registry;
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

    private void OnModelCreatingScope(ModelBuilder b)
    {
        // EF replaces "this" with the context that runs the query, so each context filters by its own scope.
        b.Entity<School>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.Id));
        b.Entity<SchoolAffiliation>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<SchoolClass>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<GradeEnrolment>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<Facility>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<Finance>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<Student>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        // A status change belongs to its student: visible when the student is (the student's own filter applies).
        b.Entity<StatusChange>().HasQueryFilter(x => !SchoolScoped || Set<Student>().Any(s => s.Id == x.StudentId));
        b.Entity<StudentYear>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<Staff>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<StaffAssignment>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<StaffYear>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<FitnessTest>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
        b.Entity<VisionScreening>().HasQueryFilter(x => !SchoolScoped || SchoolScopeIds.Contains(x.SchoolId));
    }
}
