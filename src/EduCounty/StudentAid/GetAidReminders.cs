using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>首页 reminders of 学生资助 in the user's scope: applications waiting for 学校审核 (学校管理员) or 县审批 and 发放 (资助).</summary>
public static class GetAidReminders
{
    public sealed record Item(string Text, string Link);

    public static async Task<IReadOnlyList<Item>> HandleAsync(EduDb db, ActingUser user, SchoolYear year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (!user.HoldsAny(AidAccess.ReminderRoles)) return [];
        var y = year.StartYear;
        var counts = await db.AidApplications.Where(a => a.Year == y && (a.Status == AidStatus.Submitted || a.Status == AidStatus.SchoolReviewed || a.Status == AidStatus.Approved))
            .GroupBy(a => a.Status).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        var list = new List<Item>();
        void Add(AidStatus s, string text)
        {
            if (counts.GetValueOrDefault(s) is var n and > 0)
            {
                list.Add(new Item(text.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    $"/aid/applications?year={year}&status={(int)s}"));
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
