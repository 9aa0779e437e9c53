using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// 首页 reminders of 控辍保学 for the signed-in user's roles (<see cref="DropoutAccess.ReminderRoles"/>), in their scope:
/// cases whose 劝返 step is overdue, and those escalated to the user's level (乡镇: 已报乡镇; 基教 and 局领导: 已报县).
/// Text and link pairs, nothing when there is nothing to do.
/// </summary>
public static class GetDropoutReminders
{
    public sealed record Item(string Text, string Link);

    public static async Task<IReadOnlyList<Item>> HandleAsync(EduDb db, DropoutRules rules, ActingUser user, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.HoldsAny(DropoutAccess.ReminderRoles)) return [];
        var open = await ListDropoutCases.HandleAsync(db, rules, new ListDropoutCases.Query(today, OpenOnly: true), ct);
        var list = new List<Item>();
        void Add(int n, string text, string link)
        {
            if (n > 0) list.Add(new Item(text.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), link));
        }
        Add(open.Count(r => r.Overdue), "逾期未劝返的控辍保学个案 {n} 个", "/dropout/cases?overdue=true");
        if (user.Holds(Security.Roles.Township)) Add(open.Count(r => r.Level == CaseLevel.Township), "已报乡镇、须联控联保劝返的个案 {n} 个", "/dropout/cases?open=true");
        if (user.HoldsAny([Security.Roles.BasicEducation, Security.Roles.Leader])) Add(open.Count(r => r.Level == CaseLevel.County), "已报县的控辍保学个案 {n} 个", "/dropout/cases?open=true");
        return list;
    }
}
