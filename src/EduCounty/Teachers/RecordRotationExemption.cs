using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Records that a teacher is exempt from the year's 交流轮岗 pool for a reason in the standards' list.</summary>
public sealed record RecordRotationExemption(int StaffId, int Year, string Code, string? Note);

public static class RecordRotationExemptionHandler
{
    public static async Task HandleAsync(EduDb db, RecordRotationExemption cmd, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        if (!rules.RecordedExemptionCodes.Contains(cmd.Code))
        {
            throw new RuleException($"“{cmd.Code}”不是可登记的免于交流情形；可选：{string.Join("、", rules.Standards.ActiveExemptions.Where(e => e.Check == ExemptionCheck.Recorded).Select(e => $"{e.Code}（{e.Name}）"))}") { Field = "code" };
        }
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (await db.RotationExemptions.AnyAsync(e => e.StaffId == staff.Id && e.Year == cmd.Year && e.Code == cmd.Code, ct))
        {
            throw new RuleException($"{staff.Name} 在 {new SchoolYear(cmd.Year)} 学年已登记此情形") { Field = "code" };
        }
        db.RotationExemptions.Add(new RotationExemption { StaffId = staff.Id, Year = cmd.Year, Code = cmd.Code, Note = string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim() });
        await db.SaveChangesAsync(ct);
    }
}
