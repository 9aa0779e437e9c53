using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Exports;

/// <summary>
/// The registry list pages' tables for export: exactly the rows the page shows for the same query (its filters,
/// every page, the list's own order), limited to the caller's schools (null = all).
/// </summary>
public static class RegistryExports
{
    public static async Task<ExportTable> SchoolsAsync(EduDb db, ListSchools.Query query, IReadOnlyCollection<int>? schoolIds, CancellationToken ct = default)
    {
        var rows = await ListSchools.Filter(db, query, schoolIds)
            .OrderBy(s => s.Type).ThenBy(s => s.Code)
            .Select(s => new { s.Code, s.Name, s.Type, s.Ownership, s.Locality, s.TownshipCode, s.OpenedOn, s.ClosedOn, s.Address })
            .ToListAsync(ct);
        return new ExportTable("学校", "School",
            ["学校标识码", "学校名称", "办学类型", "举办者", "城乡分类", "乡镇区划代码", "开办日期", "停办日期", "地址"],
            rows.Select(s => new object?[] { s.Code, s.Name, Labels.Of(s.Type), Labels.Of(s.Ownership), Labels.Of(s.Locality), s.TownshipCode, s.OpenedOn, s.ClosedOn, s.Address }));
    }

    /// <summary>Students; 身份证号 decrypted here and masked by <see cref="Exporter"/> unless the caller may see it.</summary>
    public static async Task<ExportTable> StudentsAsync(EduDb db, PersonalDataProtector protector, SearchStudents.Query query, IReadOnlyCollection<int>? schoolIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var rows = await SearchStudents.InOrder(db, SearchStudents.Filter(db, protector, query, schoolIds), query.Year)
            .Select(p => new
            {
                p.Student.StudentNumber,
                p.Student.Name,
                p.Student.IdNumberCipher,
                p.Student.Sex,
                p.Student.BirthDate,
                p.Student.EthnicityCode,
                SchoolCode = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Code).FirstOrDefault(),
                SchoolName = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Name).FirstOrDefault(),
                p.Grade,
                p.Student.Status,
            })
            .ToListAsync(ct);
        return new ExportTable("学生", "Student",
            ["学籍号", "姓名", "身份证号", "性别", "出生日期", "民族", "学校标识码", "学校名称", "年级", "学籍状态"],
            rows.Select(s => new object?[]
            {
                s.StudentNumber, s.Name,
                s.IdNumberCipher is null ? null : protector.Decrypt(s.IdNumberCipher),
                Labels.Of(s.Sex), s.BirthDate, s.EthnicityCode, s.SchoolCode, s.SchoolName, Grades.Label(s.Grade), Labels.Of(s.Status),
            }))
        { IdNumberColumns = new HashSet<int> { 2 } };
    }

    public static async Task<ExportTable> StaffAsync(EduDb db, PersonalDataProtector protector, ListStaff.Query query, IReadOnlyCollection<int>? schoolIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var rows = await ListStaff.InOrder(db, ListStaff.Filter(db, query, schoolIds), query.Year)
            .Select(p => new
            {
                p.Staff.StaffNumber,
                p.Staff.Name,
                p.Staff.IdNumberCipher,
                p.Staff.Sex,
                p.Staff.BirthDate,
                SchoolCode = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Code).FirstOrDefault(),
                SchoolName = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Name).FirstOrDefault(),
                p.PostType,
                p.Establishment,
                p.Degree,
                p.Title,
                p.Subjects,
            })
            .ToListAsync(ct);
        return new ExportTable("教职工", "Staff",
            ["教职工号", "姓名", "身份证号", "性别", "出生日期", "学校标识码", "学校名称", "岗位类别", "编制", "学历", "职称", "任教学科"],
            rows.Select(s => new object?[]
            {
                s.StaffNumber, s.Name,
                s.IdNumberCipher is null ? null : protector.Decrypt(s.IdNumberCipher),
                Labels.Of(s.Sex), s.BirthDate, s.SchoolCode, s.SchoolName, Labels.Of(s.PostType), Labels.Of(s.Establishment),
                Labels.Of(s.Degree), Labels.Of(s.Title), s.Subjects,
            }))
        { IdNumberColumns = new HashSet<int> { 2 } };
    }

    /// <summary>学籍与统计核对 (<see cref="ReconcileCensus"/>): one row per school × grade, the tolerance in the title.</summary>
    public static ExportTable Reconciliation(ReconcileCensus.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExportTable($"{result.Year}学年学籍与统计核对", "GradeEnrolment",
            ["学校标识码", "学校名称", "年级", "学籍人数", "统计人数", "统计来源", "差额（学籍−统计）", $"超出容差（{result.Tolerance}）"],
            result.Rows.Select(r => new object?[] { r.SchoolCode, r.SchoolName, r.GradeLabel, r.Records, r.Census, r.CensusSource, r.Difference, r.Flagged }));
    }
}
