using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Records a 双师型 认定 of a 中职专业课教师 with its level and date (教师厅〔2022〕2号; teachers.md §8).</summary>
public sealed record RecordDualQualification(int StaffId, DualQualifiedLevel Level, DateOnly CertifiedOn, DateOnly? ValidUntil, string? Authority);

public static class RecordDualQualificationHandler
{
    /// <summary>Saves the 认定 (audited) for a 中职专业课教师 and sets the registry's 双师型 flag (and that of the census snapshots it covers).</summary>
    public static async Task<int> HandleAsync(EduDb db, RecordDualQualification cmd, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (!rules.IsSpecialtyTeacher(staff.StageTaught, staff.Subjects))
        {
            throw new RuleException($"{staff.Name} 不是中职专业课教师：“双师型”认定对象为专业课教师（含实习指导教师，teachers.md §8）") { Field = "staff" };
        }
        if (cmd.ValidUntil is { } until && until < cmd.CertifiedOn)
        {
            throw new RuleException($"有效期至 {until:yyyy-MM-dd} 早于认定日期 {cmd.CertifiedOn:yyyy-MM-dd}") { Field = "validUntil" };
        }
        if (cmd.CertifiedOn > SchoolYear.Today(db.Clock))
        {
            throw new RuleException($"认定日期 {cmd.CertifiedOn:yyyy-MM-dd} 晚于今天") { Field = "certifiedOn" };
        }
        var d = new DualQualifiedCertification
        {
            StaffId = staff.Id,
            Level = cmd.Level,
            CertifiedOn = cmd.CertifiedOn,
            ValidUntil = cmd.ValidUntil,
            Authority = RecordQualificationHandler.Clean(cmd.Authority),
        };
        db.DualQualifiedCertifications.Add(d);
        var today = SchoolYear.Today(db.Clock);
        if (d.ActiveOn(today))
        {
            staff.DualQualified = true;
        }
        // The census snapshots of the years the 认定 covers follow: the plan's 双师型比例 reads them (as the import does).
        foreach (var y in await db.StaffYears.Where(y => y.StaffId == staff.Id && !y.DualQualified).ToListAsync(ct))
        {
            y.DualQualified = y.DualQualified || d.ActiveOn(new SchoolYear(y.Year).CensusDate);
        }
        await db.SaveChangesAsync(ct);
        return d.Id;
    }
}
