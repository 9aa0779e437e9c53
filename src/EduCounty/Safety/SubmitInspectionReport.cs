using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>月度排查报告: a school reports its month (resubmitting the same month replaces it); not for a month still to come.</summary>
public static class SubmitInspectionReport
{
    public sealed record Command(int SchoolId, int Year, int Month, DateOnly InspectedOn, int Checks, int HazardsFound, string Summary);

    public static async Task<int> HandleAsync(EduDb db, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (c.Month is < 1 or > 12) throw new RuleException($"月份 {c.Month} 无效");
        var first = new DateOnly(c.Year, c.Month, 1);
        if (first > today) throw new RuleException($"{c.Year} 年 {c.Month} 月尚未开始，不能报送排查报告");
        if (c.InspectedOn < first || c.InspectedOn > first.AddMonths(1).AddDays(-1) || c.InspectedOn > today)
        {
            throw new RuleException($"排查日期 {c.InspectedOn:yyyy-MM-dd} 不在 {c.Year} 年 {c.Month} 月内或晚于今天");
        }
        if (c.Checks < 1) throw new RuleException("排查次数至少为 1");
        if (c.HazardsFound < 0) throw new RuleException("发现隐患数不能为负数");
        if (string.IsNullOrWhiteSpace(c.Summary)) throw new RuleException("请填写排查情况（未发现隐患也须说明）");
        await SafetySchools.RequireAsync(db, c.SchoolId, ct);
        var row = await db.SafetyInspectionReports.SingleOrDefaultAsync(r => r.SchoolId == c.SchoolId && r.Year == c.Year && r.Month == c.Month, ct);
        if (row is null)
        {
            row = new SafetyInspectionReport { SchoolId = c.SchoolId, Year = c.Year, Month = c.Month, Summary = "", SubmittedBy = "" };
            db.SafetyInspectionReports.Add(row);
        }
        row.InspectedOn = c.InspectedOn;
        row.Checks = c.Checks;
        row.HazardsFound = c.HazardsFound;
        row.Summary = c.Summary.Trim();
        row.SubmittedBy = by.Name;
        row.SubmittedOn = today;
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
