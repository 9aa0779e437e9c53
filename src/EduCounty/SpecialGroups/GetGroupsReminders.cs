using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.SpecialGroups;

/// <summary>
/// 首页 reminders of the special groups for <see cref="GroupsAccess.ReminderRoles"/>, in the user's scope: 送教上门 plans
/// whose last visit is older than the gap (groups-rules.json <c>visitGapDays</c>), and 留守儿童 without a contact teacher or
/// without a care record in the term. Nothing when there is nothing to do.
/// </summary>
public static class GetGroupsReminders
{
    public sealed record Item(string Text, string Link);

    public static async Task<IReadOnlyList<Item>> HandleAsync(EduDb db, GroupsRules rules, ActingUser user, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.HoldsAny(GroupsAccess.ReminderRoles)) return [];
        var year = SchoolYear.Containing(today);
        var r = await GetGroupsReport.HandleAsync(db, rules, year, today, showNames: false, ct: ct);
        var list = new List<Item>();
        void Add(int n, string text, string link)
        {
            if (n > 0) list.Add(new Item(text.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), link));
        }
        var y = year.StartYear.ToString(CultureInfo.InvariantCulture);
        Add(r.OverdueHomeTeaching, $"超过 {rules.VisitGapDays} 天未送教上门的残疾儿童 {{n}} 名", $"/groups?year={y}#home-teaching");
        Add(r.LeftBehind.Flagged.Count, "未指定帮扶教师或本学期无关爱记录的留守儿童 {n} 名", $"/groups?year={y}#left-behind");
        return list;
    }
}
