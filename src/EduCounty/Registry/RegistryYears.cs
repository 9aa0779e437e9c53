using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>The school years the records hold, newest first: what a list's 学年 select offers (issue 21 §9).</summary>
public static class RegistryYears
{
    /// <summary>Years with an autumn census of enrolments (学校, 首页).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfEnrolmentsAsync(EduDb db, CancellationToken ct = default) =>
        Of(db.GradeEnrolments.Select(e => e.Year), ct);

    /// <summary>Years with students' census snapshots (学生).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfStudentsAsync(EduDb db, CancellationToken ct = default) =>
        Of(db.StudentYears.Select(e => e.Year), ct);

    /// <summary>Years with staff's census snapshots (教职工).</summary>
    public static Task<IReadOnlyList<SchoolYear>> OfStaffAsync(EduDb db, CancellationToken ct = default) =>
        Of(db.StaffYears.Select(e => e.Year), ct);

    private static async Task<IReadOnlyList<SchoolYear>> Of(IQueryable<int> years, CancellationToken ct) =>
        [.. (await years.Distinct().OrderByDescending(y => y).ToListAsync(ct)).Select(y => new SchoolYear(y))];
}
