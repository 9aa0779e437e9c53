using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Records a 教师资格 a teacher holds (type, subject, number, date, authority; teachers.md §5, §9 tab 8).</summary>
public sealed record RecordQualification(int StaffId, TeacherCertificateType Type, string? Subject, string? CertificateNumber, DateOnly? IssuedOn, string? IssuedBy);

public static class RecordQualificationHandler
{
    /// <summary>Saves the certificate (audited) and keeps the registry's flag "教师资格证 有" in step; the same type twice is refused.</summary>
    public static async Task<int> HandleAsync(EduDb db, RecordQualification cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (await db.TeacherQualifications.AnyAsync(q => q.StaffId == staff.Id && q.Type == cmd.Type, ct))
        {
            throw new RuleException($"{staff.Name} 已登记{TeacherLabels.Of(cmd.Type)}") { Field = "type" };
        }
        if (cmd.IssuedOn is { } d && d > SchoolYear.Today(db.Clock))
        {
            throw new RuleException($"认定日期 {d:yyyy-MM-dd} 晚于今天") { Field = "issuedOn" };
        }
        var q = new TeacherQualification
        {
            StaffId = staff.Id,
            Type = cmd.Type,
            Subject = Clean(cmd.Subject),
            CertificateNumber = Clean(cmd.CertificateNumber),
            IssuedOn = cmd.IssuedOn,
            IssuedBy = Clean(cmd.IssuedBy),
        };
        db.TeacherQualifications.Add(q);
        staff.TeacherCertificate = true;
        await db.SaveChangesAsync(ct);
        return q.Id;
    }

    internal static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
