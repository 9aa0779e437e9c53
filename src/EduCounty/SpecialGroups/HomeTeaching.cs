using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>
/// 送教上门 一人一案 (dropout-prevention.md §6): the plan per child and 学年 (<see cref="SavePlanAsync"/>, one per child and
/// year, updated in place) and each visit (<see cref="RecordVisitAsync"/>). The child must be on the 学籍 (纳入学籍管理),
/// have a disability and be of 送教 age (groups-rules.json <c>homeTeachingAge</c>, 6–15 周岁 on 08-31). All through the
/// caller's scoped context: a school plans for its own children only; every save is audited.
/// </summary>
public static class HomeTeaching
{
    public sealed record PlanCommand(int StudentId, SchoolYear Year, string Teacher, string? Content, int? PlannedVisits, decimal? PlannedHours);

    public sealed record VisitCommand(int PlanId, DateOnly Date, decimal Hours, string? Content, string Teacher);

    /// <summary>The 周岁 on 31 August before the school year (the 入学年龄 cut-off, docs/adr/0027).</summary>
    public static int AgeAt(DateOnly birth, int year) => year - birth.Year - (birth.Month > 8 ? 1 : 0);

    public static async Task<int> SavePlanAsync(EduDb db, GroupsRules rules, PersonalDataProtector protector, PlanCommand c, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        var student = await db.Students.Where(s => s.Id == c.StudentId).Select(s => new { s.Id, s.Name, s.SchoolId, s.Disabled, s.BirthDate, s.Status })
            .FirstOrDefaultAsync(ct) ?? throw new RuleException("未找到该学生（或不在您的管理范围内）") { Field = "学生" };
        if (!student.Disabled) throw new RuleException($"学生“{student.Name}”的学籍中没有残疾登记，不能制定送教上门方案") { Field = "学生" };
        if (student.Status != StudentStatus.Enrolled) throw new RuleException($"学生“{student.Name}”当前不在籍，送教上门须纳入学籍管理（dropout-prevention.md §6）") { Field = "学生" };
        var age = AgeAt(student.BirthDate, c.Year.StartYear);
        if (age < rules.HomeTeachingAge.From || age > rules.HomeTeachingAge.To)
        {
            throw new RuleException($"学生“{student.Name}”{c.Year}学年为 {age} 周岁，不在送教上门对象年龄 {rules.HomeTeachingAge.From}—{rules.HomeTeachingAge.To} 周岁内") { Field = "学生" };
        }
        if (string.IsNullOrWhiteSpace(c.Teacher)) throw new RuleException("请填写送教责任教师") { Field = "责任教师" };
        var visits = c.PlannedVisits ?? rules.DefaultVisitsPerYear;
        var hours = c.PlannedHours ?? rules.DefaultHoursPerYear;
        if (visits <= 0 || visits > 400) throw new RuleException($"计划送教次数 {visits} 不在 1—400 之间") { Field = "计划次数" };
        if (hours <= 0 || hours > 2000) throw new RuleException($"计划课时 {hours} 不在 1—2000 之间") { Field = "计划课时" };
        var plan = await db.HomeTeachingPlans.FirstOrDefaultAsync(p => p.StudentId == c.StudentId && p.Year == c.Year.StartYear, ct);
        if (plan is null)
        {
            plan = new HomeTeachingPlan { StudentId = student.Id, SchoolId = student.SchoolId, Year = c.Year.StartYear, Teacher = "", CreatedOn = today };
            db.HomeTeachingPlans.Add(plan);
        }
        plan.Teacher = c.Teacher.Trim();
        plan.PlannedVisits = visits;
        plan.PlannedHours = hours;
        plan.SetContent(protector, c.Content);
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    public static async Task<int> RecordVisitAsync(EduDb db, PersonalDataProtector protector, VisitCommand c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var plan = await db.HomeTeachingPlans.FirstOrDefaultAsync(p => p.Id == c.PlanId, ct)
            ?? throw new RuleException($"未找到送教方案 {c.PlanId}（或不在您的管理范围内）");
        var year = new SchoolYear(plan.Year);
        if (c.Date > today) throw new RuleException($"送教日期 {c.Date:yyyy-MM-dd} 晚于今天") { Field = "送教日期" };
        if (c.Date < year.FirstDay || c.Date > year.LastDay) throw new RuleException($"送教日期 {c.Date:yyyy-MM-dd} 不在方案的 {year} 学年内") { Field = "送教日期" };
        if (c.Hours <= 0 || c.Hours > 8) throw new RuleException($"课时 {c.Hours} 不在 0—8 之间（一次送教）") { Field = "课时" };
        if (string.IsNullOrWhiteSpace(c.Teacher)) throw new RuleException("请填写送教教师") { Field = "送教教师" };
        var visit = new HomeTeachingVisit
        {
            PlanId = plan.Id,
            Date = c.Date,
            Hours = c.Hours,
            ContentCipher = string.IsNullOrWhiteSpace(c.Content) ? null : protector.Encrypt(c.Content.Trim()),
            Teacher = c.Teacher.Trim(),
            RecordedBy = by.Name,
        };
        db.HomeTeachingVisits.Add(visit);
        await db.SaveChangesAsync(ct);
        return visit.Id;
    }
}
