using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Records a 骨干教师 / 学科带头人 / 教学能手 … title with its level and term (teachers.md §7).</summary>
public sealed record RecordKeyTeacherTitle(int StaffId, KeyTitleKind Kind, AuthorityLevel Level, string? Subject, string? AwardedBy, DateOnly AwardedOn, DateOnly? ValidUntil);

public static class RecordKeyTeacherTitleHandler
{
    /// <summary>
    /// Saves the title (audited); a 骨干教师 title of 县级 or above also raises the registry's 骨干 level (the summary the
    /// census snapshots and 优质均衡 L2 read) when it is higher than the one recorded. Overlapping terms of the same kind are refused.
    /// </summary>
    public static async Task<int> HandleAsync(EduDb db, RecordKeyTeacherTitle cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (cmd.ValidUntil is { } until && until < cmd.AwardedOn)
        {
            throw new RuleException($"有效期至 {until:yyyy-MM-dd} 早于认定日期 {cmd.AwardedOn:yyyy-MM-dd}") { Field = "validUntil" };
        }
        var same = await db.KeyTeacherTitles.Where(k => k.StaffId == staff.Id && k.Kind == cmd.Kind).ToListAsync(ct);
        if (same.FirstOrDefault(k => k.AwardedOn <= (cmd.ValidUntil ?? DateOnly.MaxValue) && (k.ValidUntil ?? DateOnly.MaxValue) >= cmd.AwardedOn) is { } overlap)
        {
            throw new RuleException($"{staff.Name} 已有{TeacherLabels.Of(overlap.Level)}{TeacherLabels.Of(cmd.Kind)}称号（{overlap.AwardedOn:yyyy-MM-dd} 起），任期重叠") { Field = "awardedOn" };
        }
        var title = new KeyTeacherTitle
        {
            StaffId = staff.Id,
            Kind = cmd.Kind,
            Level = cmd.Level,
            Subject = RecordQualificationHandler.Clean(cmd.Subject),
            AwardedBy = RecordQualificationHandler.Clean(cmd.AwardedBy),
            AwardedOn = cmd.AwardedOn,
            ValidUntil = cmd.ValidUntil,
        };
        db.KeyTeacherTitles.Add(title);
        if (cmd.Kind == KeyTitleKind.KeyTeacher && cmd.Level >= AuthorityLevel.County && (staff.KeyTeacherLevel is null || (int)staff.KeyTeacherLevel < (int)cmd.Level))
        {
            staff.KeyTeacherLevel = (KeyTeacherLevel)(int)cmd.Level;
            staff.KeyTeacherYear = cmd.AwardedOn.Year;
        }
        await db.SaveChangesAsync(ct);
        return title.Id;
    }
}
