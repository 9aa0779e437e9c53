using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>
/// 留守儿童 关爱 (balance-rules.md §2.4 G15 “留守儿童关爱体系健全”): the child's 结对帮扶 contact teacher
/// (<see cref="AssignAsync"/>) and each care record (<see cref="RecordAsync"/>: date, 家访/谈心/电话, note encrypted).
/// The child must carry the registry's 留守 flag; the scoped context keeps a school to its own children.
/// </summary>
public static class LeftBehindCareRecords
{
    public sealed record RecordCommand(int StudentId, DateOnly Date, string Kind, string? Note);

    public static async Task<int> AssignAsync(EduDb db, int studentId, string teacher, DateOnly today, CancellationToken ct = default)
    {
        var student = await db.Students.Where(s => s.Id == studentId).Select(s => new { s.Id, s.Name, s.SchoolId, s.LeftBehindChild })
            .FirstOrDefaultAsync(ct) ?? throw new RuleException("未找到该学生（或不在您的管理范围内）") { Field = "学生" };
        if (!student.LeftBehindChild) throw new RuleException($"学生“{student.Name}”的学籍中未登记为留守儿童") { Field = "学生" };
        if (string.IsNullOrWhiteSpace(teacher)) throw new RuleException("请填写结对帮扶教师") { Field = "帮扶教师" };
        var care = await db.LeftBehindCares.FirstOrDefaultAsync(c => c.StudentId == studentId, ct);
        if (care is null)
        {
            care = new LeftBehindCare { StudentId = student.Id, SchoolId = student.SchoolId, ContactTeacher = "" };
            db.LeftBehindCares.Add(care);
        }
        care.ContactTeacher = teacher.Trim();
        care.AssignedOn = today;
        await db.SaveChangesAsync(ct);
        return care.Id;
    }

    public static async Task<int> RecordAsync(EduDb db, GroupsRules rules, PersonalDataProtector protector, RecordCommand c, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var kind = rules.CareKind(c.Kind.Trim());
        if (c.Date > today) throw new RuleException($"关爱日期 {c.Date:yyyy-MM-dd} 晚于今天") { Field = "关爱日期" };
        var care = await db.LeftBehindCares.FirstOrDefaultAsync(x => x.StudentId == c.StudentId, ct)
            ?? throw new RuleException("该学生尚未指定结对帮扶教师（或不在您的管理范围内），请先指定") { Field = "学生" };
        var record = new CareRecord
        {
            CareId = care.Id,
            Date = c.Date,
            Kind = kind.Code,
            NoteCipher = string.IsNullOrWhiteSpace(c.Note) ? null : protector.Encrypt(c.Note.Trim()),
            RecordedBy = by.Name,
        };
        db.CareRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return record.Id;
    }
}
