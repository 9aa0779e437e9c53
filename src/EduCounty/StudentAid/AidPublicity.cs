using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// The 公示 period as a record (student-aid.md §5: 拟资助名单 公示 ≥ 5 个工作日 in school, then withdrawn; issue 17 item 2).
/// Generating a list (<see cref="GetAidPublicity.WriteXlsxAsync"/>) records one <see cref="AidPublicNotice"/> per school on
/// it, unless that school's list of the programme, 学年 and 学期 is already on 公示 or was. The period ends
/// <see cref="AidPublicityRule.WorkingDays"/> working days after the day it starts — the start day itself not counted, as
/// 民法典 第二百零一条 counts periods (开始的当日不计入) — with Saturdays and Sundays skipped. Public holidays and the
/// 调休 working weekends are not modelled (there is no calendar of them in the product): a 公示 over 国庆 ends too early by
/// the holidays, and the school extends it by hand (withdraws later).
/// </summary>
public static class AidPublicity
{
    /// <summary>The last day of a 公示 starting on <paramref name="start"/>: the <paramref name="workingDays"/>-th Monday–Friday after it.</summary>
    public static DateOnly EndOf(DateOnly start, int workingDays)
    {
        var d = start;
        for (var n = 0; n < workingDays;)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        }
        return d;
    }

    /// <summary>Where a notice stands on a day: 公示中, 公示期满应撤下, or 已撤下.</summary>
    public static string StateOf(AidPublicNotice n, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(n);
        return n.WithdrawnOn is { } w ? $"已于 {w:yyyy-MM-dd} 撤下" : today > n.EndsOn ? "公示期满应撤下" : "公示中";
    }

    /// <summary>
    /// Records the 公示 of a generated list: for each school on it (school id → students) a notice starting today, unless
    /// one of the programme, 学年 and 学期 exists for that school. Returns the notices created.
    /// </summary>
    public static async Task<int> RecordAsync(EduDb db, AidRules rules, string programme, SchoolYear year, AidTerm? term,
        IReadOnlyDictionary<int, int> studentsBySchool, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(studentsBySchool);
        var y = year.StartYear;
        var schools = studentsBySchool.Keys.ToList();
        var have = await db.AidPublicNotices.Where(n => n.Programme == programme && n.Year == y && n.Term == term && schools.Contains(n.SchoolId))
            .Select(n => n.SchoolId).ToListAsync(ct);
        var created = 0;
        foreach (var (school, students) in studentsBySchool.Where(p => !have.Contains(p.Key)))
        {
            db.AidPublicNotices.Add(new AidPublicNotice
            {
                Programme = programme,
                Year = y,
                Term = term,
                SchoolId = school,
                Students = students,
                StartsOn = today,
                EndsOn = EndOf(today, rules.PublicityRule.WorkingDays),
                CreatedBy = db.Actor ?? "（未知）",
            });
            created++;
        }
        await db.SaveChangesAsync(ct);
        return created;
    }

    public sealed record Row(int Id, string Programme, string ProgrammeName, SchoolYear Year, AidTerm? Term, string TermLabel, string School, int Students,
        DateOnly StartsOn, DateOnly EndsOn, string State, bool Overdue);

    /// <summary>The notices of a 学年 in the caller's scope, newest first; <see cref="Row.Overdue"/>: the period is over and the list not withdrawn.</summary>
    public static async Task<IReadOnlyList<Row>> ListAsync(EduDb db, AidRules rules, SchoolYear year, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var y = year.StartYear;
        var raw = await db.AidPublicNotices.AsNoTracking().Where(n => n.Year == y)
            .Select(n => new { Notice = n, School = db.Set<School>().Where(s => s.Id == n.SchoolId).Select(s => s.Name).First() })
            .ToListAsync(ct);
        return [.. raw.OrderByDescending(x => x.Notice.StartsOn).ThenBy(x => x.School, StringComparer.Ordinal).ThenBy(x => x.Notice.Programme, StringComparer.Ordinal)
            .Select(x => new Row(x.Notice.Id, x.Notice.Programme, rules.ProgrammeName(x.Notice.Programme), year, x.Notice.Term,
                x.Notice.Term is { } t ? AidLabels.Of(t) : "全学年", x.School, x.Notice.Students, x.Notice.StartsOn, x.Notice.EndsOn,
                StateOf(x.Notice, today), x.Notice.WithdrawnOn is null && today > x.Notice.EndsOn))];
    }

    /// <summary>撤下: a list is withdrawn by the school or 资助 once its period is over (before, it is refused: the period is the minimum).</summary>
    public static async Task WithdrawAsync(EduDb db, int id, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(AidAccess.ApplyRoles)) throw new RuleException("只有学校或县资助中心可以撤下公示");
        var n = await db.AidPublicNotices.FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new RuleException($"未找到公示记录 {id}（或不在您的管理范围内）");
        if (n.WithdrawnOn is { } w) throw new RuleException($"该公示已于 {w:yyyy-MM-dd} 撤下");
        if (today <= n.EndsOn) throw new RuleException($"公示期至 {n.EndsOn:yyyy-MM-dd}（不少于 5 个工作日，student-aid.md §5），期满后才能撤下");
        n.WithdrawnOn = today;
        n.WithdrawnBy = by.Name;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A payment on <paramref name="paidOn"/> for a term of a school's programme whose list is still on 公示 (that day is not
    /// after the period's last day): the message, or null when there is no such 公示. Whether it refuses or warns is the
    /// rules' <see cref="AidPublicityRule.BeforeEnd"/>.
    /// </summary>
    public static async Task<string?> PendingAsync(EduDb db, string programme, int year, AidTerm term, int schoolId, DateOnly paidOn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var end = await db.AidPublicNotices.AsNoTracking()
            .Where(n => n.Programme == programme && n.Year == year && (n.Term == null || n.Term == term) && n.SchoolId == schoolId && n.EndsOn >= paidOn)
            .OrderByDescending(n => n.EndsOn).Select(n => (DateOnly?)n.EndsOn).FirstOrDefaultAsync(ct);
        return end is { } e
            ? $"该校本项目{new SchoolYear(year)} 学年{AidLabels.Of(term)}的资助名单公示期至 {e:yyyy-MM-dd}，发放日期 {paidOn:yyyy-MM-dd} 尚在公示期内（公示不少于 5 个工作日，期满后发放，student-aid.md §5）"
            : null;
    }
}
