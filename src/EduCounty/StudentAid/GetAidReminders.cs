using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>首页 reminders of 学生资助 in the user's scope: applications waiting for 学校审核 (学校管理员) or 县审批 and 发放 (资助).</summary>
public static class GetAidReminders
{
    public sealed record Item(string Text, string Link);

    public static async Task<IReadOnlyList<Item>> HandleAsync(EduDb db, ActingUser user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (!user.HoldsAny(AidAccess.ReminderRoles)) return [];
        // Whatever the 学年: a pending step is pending until someone acts; the link opens the latest 学年 holding one.
        var counts = await db.AidApplications.Where(a => a.Status == AidStatus.Submitted || a.Status == AidStatus.SchoolReviewed || a.Status == AidStatus.Approved)
            .GroupBy(a => a.Status).Select(g => new { g.Key, N = g.Count(), Year = g.Max(a => a.Year) }).ToDictionaryAsync(g => g.Key, ct);
        var list = new List<Item>();
        void Add(AidStatus s, string text)
        {
            if (counts.GetValueOrDefault(s) is { N: > 0 } c)
            {
                list.Add(new Item(text.Replace("{n}", c.N.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    $"/aid/applications?year={new SchoolYear(c.Year)}&status={(int)s}"));
            }
        }
        if (user.HoldsAny(AidAccess.SchoolReviewRoles)) Add(AidStatus.Submitted, "待学校审核的资助申请 {n} 份");
        if (user.HoldsAny(AidAccess.CountyRoles))
        {
            Add(AidStatus.SchoolReviewed, "待县审批的资助申请 {n} 份");
            Add(AidStatus.Approved, "已审批待发放的资助 {n} 份");
        }
        return list;
    }
}
