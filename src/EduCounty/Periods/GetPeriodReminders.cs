using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// 首页 reminders of the open 填报期 (issue 22 §1 "overdue schools are listed and reminded on their home page"), read
/// through the context's school scope: a school user is reminded of each of its forms overdue (past the deadline, not
/// submitted) or returned; a 乡镇 user of the forms waiting for its review; the county of those waiting for its approval
/// and of the overdue schools. Nothing when there is nothing to do.
/// </summary>
public static class GetPeriodReminders
{
    public sealed record Item(string Text, string Link);

    public static async Task<IReadOnlyList<Item>> HandleAsync(EduDb db, PeriodActor? actor, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (actor is null)
        {
            return [];
        }
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.State == PeriodState.Open)
            .OrderBy(p => p.Year).ThenBy(p => p.Form).ToListAsync(ct);
        var list = new List<Item>();
        foreach (var p in periods)
        {
            var name = $"{new SchoolYear(p.Year)} 学年{PeriodForms.Label(p.Form)}";
            var deadline = p.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var status = $"/periods?year={new SchoolYear(p.Year)}&form={p.Form}";
            var s = await GetPeriodStatus.HandleAsync(db, p.Year, p.Form, ct);
            bool Overdue(GetPeriodStatus.SchoolRow x) => today > p.Deadline && x.State is SubmissionState.NotFilled or SubmissionState.Returned;
            if (actor.Level == ReviewLevel.School)
            {
                foreach (var x in s.Schools)
                {
                    var link = p.Form == PeriodForms.Census ? $"/periods/census/{x.SchoolId}?year={new SchoolYear(p.Year)}" : status;
                    if (Overdue(x))
                    {
                        list.Add(new($"{name}已逾期未提交（截止 {deadline}）：{x.Name}", link));
                    }
                    else if (x.State == SubmissionState.Returned)
                    {
                        list.Add(new($"{name}被退回，请按意见修改后重新提交：{x.Name}", link));
                    }
                }
                continue;
            }
            var waiting = s.Count(actor.Level == ReviewLevel.Township ? SubmissionState.Submitted : SubmissionState.TownshipApproved);
            if (waiting > 0)
            {
                list.Add(new($"{name}待{(actor.Level == ReviewLevel.Township ? "乡镇审核" : "县级审核")}的学校 {waiting} 所", status));
            }
            if (s.Schools.Count(Overdue) is > 0 and var overdue)
            {
                list.Add(new($"{name}逾期未提交的学校 {overdue} 所（截止 {deadline}）", status + "#overdue"));
            }
        }
        return list;
    }
}
