using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Puts a teacher on the year's 交流轮岗 plan: from the teacher's current school to another school of the county.</summary>
public sealed record PlanRotation(int StaffId, int Year, int ToSchoolId, RotationKind Kind, DateOnly StartDate, DateOnly? EndDate, string? Note);

/// <summary>The planned rotation and whether the teacher is in the year's pool (a teacher outside it may still go, e.g. 自愿).</summary>
public sealed record PlannedRotation(int Id, RotationVerdict Verdict);

public static class PlanRotationHandler
{
    /// <summary>Checks and adds the rotation (audited with the change); refusals in Chinese name the field.</summary>
    public static async Task<PlannedRotation> HandleAsync(EduDb db, PlanRotation cmd, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        var year = new SchoolYear(cmd.Year);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (staff.PostType != PostType.FullTimeTeacher)
        {
            throw new RuleException($"{staff.Name} 不是专任教师，不列入交流轮岗") { Field = "staff" };
        }
        if (staff.LeftOn is { } left && left < cmd.StartDate)
        {
            throw new RuleException($"{staff.Name} 已于 {left:yyyy-MM-dd} 离岗") { Field = "staff" };
        }
        if (cmd.StartDate < year.FirstDay || cmd.StartDate > year.LastDay)
        {
            throw new RuleException($"开始日期 {cmd.StartDate:yyyy-MM-dd} 不在 {year} 学年内（{year.FirstDay:yyyy-MM-dd} 至 {year.LastDay:yyyy-MM-dd}）") { Field = "start" };
        }
        if (cmd.EndDate is { } end && end < cmd.StartDate)
        {
            throw new RuleException($"结束日期 {end:yyyy-MM-dd} 早于开始日期 {cmd.StartDate:yyyy-MM-dd}") { Field = "end" };
        }
        if (cmd.ToSchoolId == staff.SchoolId)
        {
            throw new RuleException("交流学校与现任教学校相同") { Field = "to" };
        }
        var from = await db.Schools.SingleAsync(s => s.Id == staff.SchoolId, ct);
        var to = await db.Schools.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == cmd.ToSchoolId, ct)
            ?? throw new RuleException("找不到交流学校") { Field = "to" };
        if (to.CountyCode != from.CountyCode)
        {
            throw new RuleException($"{to.Name} 不在本县域内：交流轮岗在县域内进行（teachers.md §2）") { Field = "to" };
        }
        if (!to.IsOpenOn(cmd.StartDate))
        {
            throw new RuleException($"{to.Name} 在 {cmd.StartDate:yyyy-MM-dd} 未开办") { Field = "to" };
        }
        if (await db.TeacherRotations.AnyAsync(r => r.StaffId == staff.Id && r.Year == cmd.Year && r.State != RotationState.Cancelled, ct))
        {
            throw new RuleException($"{staff.Name} 在 {year} 学年已有交流安排（取消后才能另行安排）") { Field = "staff" };
        }
        var rotation = new TeacherRotation
        {
            StaffId = staff.Id,
            Year = cmd.Year,
            FromSchoolId = staff.SchoolId,
            ToSchoolId = to.Id,
            Kind = cmd.Kind,
            StartDate = cmd.StartDate,
            EndDate = cmd.EndDate,
            Note = string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim(),
        };
        db.TeacherRotations.Add(rotation);
        await db.SaveChangesAsync(ct);
        var pool = await ListRotationPool.HandleAsync(db, staff.SchoolId, cmd.Year, rules, ct);
        var verdict = pool.FirstOrDefault(p => p.StaffId == staff.Id)?.Verdict ?? new RotationVerdict(false, false, $"{year} 学年没有该教师的年度记录");
        return new PlannedRotation(rotation.Id, verdict);
    }
}
