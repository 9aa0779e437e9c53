using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// The 学年's 家庭经济困难认定 in the caller's scope. Level and category are decrypted only when <c>mayRead</c> (the roles
/// <see cref="AidAccess.SensitiveRoles"/>), and then the view is an audit entry ("查看家庭经济困难认定"); otherwise they come back null
/// (shown as 已遮蔽).
/// </summary>
public static class ListHardshipAssessments
{
    public const string Viewed = "view-hardship";

    public sealed record Row(int Id, int StudentId, string Student, string StudentNumber, string School, string Grade, HardshipLevel? Level,
        FinancialHardship? Category, bool CoverageGroup, DateOnly AssessedOn, string AssessedBy, int Aided);

    public static async Task<IReadOnlyList<Row>> HandleAsync(EduDb db, PersonalDataProtector protector, SchoolYear year, int? schoolId, bool mayRead,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        var y = year.StartYear;
        var q = db.HardshipAssessments.AsNoTracking().Where(a => a.Year == y);
        if (schoolId is { } s) q = q.Where(a => a.SchoolId == s);
        var raw = await q.OrderBy(a => a.SchoolId).ThenBy(a => a.Id).Select(a => new
        {
            A = a,
            // One scalar subquery per column: a multi-column First() becomes a ROW_NUMBER() window over every student.
            StudentName = db.Set<Student>().Where(x => x.Id == a.StudentId).Select(x => x.Name).FirstOrDefault() ?? "",
            StudentNumber = db.Set<Student>().Where(x => x.Id == a.StudentId).Select(x => x.StudentNumber).FirstOrDefault() ?? "",
            StudentGrade = db.Set<Student>().Where(x => x.Id == a.StudentId).Select(x => x.Grade).FirstOrDefault() ?? "",
            School = db.Set<School>().Where(x => x.Id == a.SchoolId).Select(x => x.Name).FirstOrDefault() ?? "",
            Aided = db.Set<AidApplication>().Count(x => x.StudentId == a.StudentId && x.Year == y && (x.Status == AidStatus.Approved || x.Status == AidStatus.Paid)),
        }).ToListAsync(ct);
        var rows = raw.Select(r =>
        {
            var d = mayRead ? r.A.DetailOf(protector) : default((HardshipLevel Level, FinancialHardship? Category)?);
            return new Row(r.A.Id, r.A.StudentId, r.StudentName, r.StudentNumber, r.School, r.StudentGrade, d?.Level, d?.Category, r.A.CoverageGroup,
                r.A.AssessedOn, r.A.AssessedBy, r.Aided);
        }).ToList();
        if (mayRead && rows.Count > 0)
        {
            await db.AuditAsync(Viewed, nameof(HardshipAssessment), schoolId?.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"查看 {year} 学年家庭经济困难认定 {rows.Count} 人"), ct);
        }
        return rows;
    }
}
