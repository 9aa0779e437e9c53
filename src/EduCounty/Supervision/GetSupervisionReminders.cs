using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Safety;
using EduCounty.Security;

namespace EduCounty.Supervision;

/// <summary>
/// 首页 reminders about supervision for the signed-in user, in their scope: a 督学's schools 逾期未督导 or due this period,
/// rectification reports awaiting their 复查 (and those past the review period); a school's findings past their 整改期限
/// and still open; for the 督导 office and 局领导 the county's overdue schools, schools without a 责任督学 and overdue findings.
/// </summary>
public static class GetSupervisionReminders
{
    public static async Task<IReadOnlyList<Reminder>> HandleAsync(EduDb db, SupervisionRules rules, ActingUser user, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(user);
        var list = new List<Reminder>();
        void Add(int n, string text, string link)
        {
            if (n > 0) list.Add(new Reminder(text.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), link));
        }

        var year = SchoolYear.Containing(today);
        var supervisor = user.Holds(Roles.SchoolSupervisor) && !user.Holds(Roles.Supervision);
        var office = user.HoldsAny([Roles.Supervision, Roles.Leader]);
        if (supervisor || office)
        {
            var cadence = await GetVisitCadence.HandleAsync(db, rules, year, today, supervisor ? user.UserId : null, ct);
            Add(cadence.Schools.Count(s => s.State == CadenceState.Overdue), "逾期未督导的学校 {n} 所", "/supervision");
            Add(cadence.Schools.Count(s => s.State == CadenceState.DueSoon), "本期尚未督导、即将到期的学校 {n} 所", "/supervision");
            if (office) Add(cadence.Schools.Count(s => s.State == CadenceState.Unassigned), "未配备责任督学的学校 {n} 所", "/supervision/supervisors");
        }
        var findings = await GetSupervisionDashboard.FindingsAsync(db, rules, null, today, supervisor ? user.UserId : null, ct);
        if (supervisor || office)
        {
            Add(findings.Count(f => f.State == FindingState.Reported), "待复查的整改报告 {n} 份", "/supervision/findings?state=2");
            Add(findings.Count(f => f.ReviewOverdue), "超过复查期限的整改报告 {n} 份", "/supervision/findings?state=2");
        }
        if (office || user.HoldsAny([Roles.SchoolAdmin, Roles.SchoolClerk]))
        {
            Add(findings.Count(f => f.Overdue), office ? "逾期未整改的督导问题 {n} 个" : "本校逾期未整改的督导问题 {n} 个", "/supervision/findings?overdue=true");
        }
        if (user.HoldsAny([Roles.SchoolAdmin, Roles.SchoolClerk]))
        {
            Add(findings.Count(f => f.State == FindingState.Open && !f.Overdue), "本校待整改的督导问题 {n} 个", "/supervision/findings?state=1");
        }
        return list;
    }
}
