using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;

namespace EduCounty.Safety;

/// <summary>A reminder on 首页: what needs doing and the page where it is done.</summary>
public sealed record Reminder(string Text, string Link);

/// <summary>
/// 首页 reminders about hazards for the signed-in user, in their scope: what awaits their 销号 (by the grade's approver
/// roles), what is escalated to them (乡镇: to the township; 安全 and 局领导: to the county), 挂牌督办 hazards, overdue ones
/// and 待评估 ones of their schools, and a missing monthly 排查 report of the last month due.
/// </summary>
public static class GetSafetyReminders
{
    public static async Task<IReadOnlyList<Reminder>> HandleAsync(EduDb db, SafetyRules rules, ActingUser user, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(user);
        var open = await ListHazards.HandleAsync(db, rules, new ListHazards.Query(today, OpenOnly: true), ct);
        var list = new List<Reminder>();
        void Add(int n, string text, string link)
        {
            if (n > 0) list.Add(new Reminder(text.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), link));
        }

        var mine = rules.Grades.Where(g => g.ApproverRoles.Any(user.Holds)).Select(g => g.Code).ToHashSet();
        Add(open.Count(h => h.State == HazardState.Verified && h.Grade is { } g && mine.Contains(g)), "待你验收销号的隐患 {n} 项", "/safety/hazards?state=5");
        var county = user.HoldsAny([Roles.Safety, Roles.Leader]);
        if (county)
        {
            Add(open.Count(h => h.Escalation == EscalationLevel.County), "逾期已报县的隐患 {n} 项", "/safety/hazards?overdue=true");
            Add(open.Count(h => h.Supervised), "挂牌督办的重大隐患 {n} 项未销号", "/safety/hazards?open=true&grade=Major");
        }
        if (user.Holds(Roles.Township))
        {
            Add(open.Count(h => h.Escalation >= EscalationLevel.Township), "逾期已报乡镇的隐患 {n} 项", "/safety/hazards?overdue=true");
        }
        if (user.HoldsAny([Roles.SchoolAdmin, Roles.SchoolClerk]))
        {
            Add(open.Count(h => h.Overdue), "本校逾期未销号的隐患 {n} 项", "/safety/hazards?overdue=true");
            Add(open.Count(h => h.State == HazardState.Found), "本校待评估的隐患 {n} 项", "/safety/hazards?state=1");
            var compliance = await GetInspectionCompliance.HandleAsync(db, rules, SchoolYear.Containing(today), today, ct);
            if (compliance.DueMonths.Count > 0)
            {
                var last = compliance.DueMonths[^1];
                Add(compliance.Schools.Count(s => s.Missing.Contains(last)), $"{last.Year} 年 {last.Month} 月安全排查报告未报送（{{n}} 所学校）", "/safety/inspections");
            }
        }
        return list;
    }
}
