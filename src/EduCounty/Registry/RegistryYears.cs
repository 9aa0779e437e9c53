using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>The school years the records hold, newest first: what a list's 学年 select offers (issue 21 §9).</summary>
public static class RegistryYears
{
    /// <summary>Years with an autumn census of enrolments (学校, 首页).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfEnrolmentsAsync(EduDb db, CancellationToken ct = default) =>
        Of(db, "years-enrolments", db.GradeEnrolments.Select(e => e.Year), ct);

    /// <summary>Years with students' census snapshots (学生).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfStudentsAsync(EduDb db, CancellationToken ct = default) =>
        Of(db, "years-students", db.StudentYears.Select(e => e.Year), ct);

    /// <summary>Years with staff's census snapshots (教职工).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfStaffAsync(EduDb db, CancellationToken ct = default) =>
        Of(db, "years-staff", db.StaffYears.Select(e => e.Year), ct);

    // A DISTINCT over every yearly row (57 ms a view of 学生 on PostgreSQL with the demo county): kept per data version
    // and scope (EduCounty.Common.Caching) — the years change only with a write.
    private static Task<IReadOnlyList<SchoolYear>> Of(EduDb db, string kind, IQueryable<int> years, CancellationToken ct) =>
        Common.Caching.VersionedCache.GetAsync<IReadOnlyList<SchoolYear>>(db, kind, "",
            async () => [.. (await years.Distinct().OrderByDescending(y => y).ToListAsync(ct)).Select(y => new SchoolYear(y))], ct);
}
