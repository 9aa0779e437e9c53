using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>Records a school's state of a coverage item (明厨亮灶 已建 since …, 一键报警 未建, 不适用 …).</summary>
public static class RecordSafetyFacility
{
    public static async Task HandleAsync(EduDb db, SafetyRules rules, int schoolId, string code, FacilityStatus status, DateOnly? since, string? note,
        ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(by);
        var item = rules.Coverage.FirstOrDefault(c => c.Code == code)
            ?? throw new RuleException($"未知的覆盖项目“{code}”，可选：{string.Join("、", rules.Coverage.Select(c => $"{c.Code}（{c.Name}）"))}");
        if (status == FacilityStatus.Installed && since is null) throw new RuleException($"{item.Name}已建须填写建成日期");
        if (since > today) throw new RuleException($"建成日期 {since:yyyy-MM-dd} 晚于今天");
        if (status == FacilityStatus.NotApplicable && string.IsNullOrWhiteSpace(note)) throw new RuleException($"{item.Name}不适用须说明原因（如：无食堂）");
        await SafetySchools.RequireAsync(db, schoolId, ct);
        var row = await db.SafetyFacilities.SingleOrDefaultAsync(f => f.SchoolId == schoolId && f.Code == code, ct);
        if (row is null)
        {
            row = new SafetyFacility { SchoolId = schoolId, Code = code, RecordedBy = by.Name };
            db.SafetyFacilities.Add(row);
        }
        row.Status = status;
        row.Since = status == FacilityStatus.Installed ? since : null;
        row.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        row.RecordedBy = by.Name;
        row.RecordedOn = today;
        await db.SaveChangesAsync(ct);
    }
}
