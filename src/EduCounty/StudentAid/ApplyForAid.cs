using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// 个人申请 (student-aid.md §4 工作程序): a student × programme × 学年 × 学期. Checked against aid-rules.json: the
/// programme covers the student's stage (and grade), a standard is in force on the term's first day (the amount is half
/// the annual standard), the student qualifies (the 学年's 认定: level or category), no other application of the same
/// stacking group for that term (student-aid.md §3: never double-pay), one application per programme and term. Every
/// refusal names the reason in Chinese.
/// </summary>
public static class ApplyForAid
{
    public sealed record Command(string StudentNumber, string Programme, SchoolYear Year, AidTerm Term);

    public static async Task<int> HandleAsync(EduDb db, AidRules rules, PersonalDataProtector protector, Command c, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(AidAccess.ApplyRoles)) throw new RuleException("只有学校或县资助中心可以提交资助申请");
        if (!Enum.IsDefined(c.Term)) throw new RuleException("请选择学期") { Field = "学期" };
        var p = rules.Programme(c.Programme);
        var student = await AssessHardship.FindStudentAsync(db, protector, c.StudentNumber, ct);
        if (student.Status != StudentStatus.Enrolled)
        {
            throw new RuleException($"学生“{student.Name}”当前状态为{Labels.Of(student.Status)}，不能申请资助") { Field = "学籍号" };
        }
        var stage = Grades.StageOf(student.Grade, student.School!.Type);
        if (!p.Stages.Contains(stage.ToString()))
        {
            throw new RuleException($"“{p.Name}”只资助{string.Join("、", p.Stages.Select(s => Labels.Of(Enum.Parse<Stage>(s))))}学生，该生为{Labels.Of(stage)}{Grades.Label(student.Grade)}") { Field = "资助项目" };
        }
        var start = AidRules.TermStart(c.Year, c.Term);
        var standard = AidRules.StandardOn(p, stage, student.Grade, start)
            ?? throw new RuleException($"“{p.Name}”在 {c.Year} 学年{AidLabels.Of(c.Term)}（{start:yyyy-MM-dd}）没有适用于{Grades.Label(student.Grade)}的资助标准") { Field = "学期" };
        var assessment = await db.HardshipAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.StudentId == student.Id && a.Year == c.Year.StartYear, ct);
        var detail = assessment?.DetailOf(protector);
        if (AidRules.Ineligibility(p, detail?.Level, detail?.Category) is { } why) throw new RuleException(why) { Field = "资助项目" };
        var clash = await db.AidApplications.Where(a => a.StudentId == student.Id && a.Year == c.Year.StartYear && a.Term == c.Term
                && a.StackGroup == p.StackGroup && a.Status != AidStatus.Rejected)
            .Select(a => a.Programme).FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new RuleException(clash == p.Code
                ? $"该生 {c.Year} 学年{AidLabels.Of(c.Term)}已申请“{p.Name}”，不能重复申请"
                : $"该生 {c.Year} 学年{AidLabels.Of(c.Term)}已申请“{rules.ProgrammeName(clash)}”，与“{p.Name}”资助同一项费用，不得重复资助（student-aid.md §3）")
            { Field = "资助项目" };
        }
        var app = new AidApplication
        {
            StudentId = student.Id,
            SchoolId = student.SchoolId,
            Grade = student.Grade,
            Programme = p.Code,
            StackGroup = p.StackGroup,
            Year = c.Year.StartYear,
            Term = c.Term,
            Amount = AidRules.TermAmount(standard),
            SubmittedOn = today,
            SubmittedBy = by.Name,
        };
        db.AidApplications.Add(app);
        await db.SaveChangesAsync(ct);
        return app.Id;
    }
}
