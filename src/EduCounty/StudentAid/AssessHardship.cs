using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// 家庭经济困难学生认定 for a 学年 (教财〔2018〕16号, student-aid.md §4: 每学年认定一次, 每学期动态调整 — so a second call
/// for the same 学年 adjusts the one assessment). The category defaults to the 学籍 flag the registry already carries
/// (<c>Student.HardshipCipher</c>) and, when given, updates it: one category per student, kept in one place. The student is
/// looked up in the caller's scope (a school assesses its own students).
/// </summary>
public static class AssessHardship
{
    public sealed record Command(string StudentNumber, SchoolYear Year, HardshipLevel Level, FinancialHardship? Category);

    public static async Task<int> HandleAsync(EduDb db, AidRules rules, PersonalDataProtector protector, Command c, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(AidAccess.ApplyRoles)) throw new RuleException("只有学校或县资助中心可以登记家庭经济困难认定");
        if (!Enum.IsDefined(c.Level)) throw new RuleException("请选择认定档次") { Field = "认定档次" };
        if (c.Year.FirstDay > today) throw new RuleException($"{c.Year} 学年尚未开始，不能认定") { Field = "学年" };
        var student = await FindStudentAsync(db, protector, c.StudentNumber, ct);
        var category = c.Category ?? student.HardshipOf(protector);
        if (c.Category is { } given && student.HardshipOf(protector) != given) student.SetHardship(protector, given);
        var a = await db.HardshipAssessments.FirstOrDefaultAsync(x => x.StudentId == student.Id && x.Year == c.Year.StartYear, ct);
        if (a is null)
        {
            a = new HardshipAssessment { StudentId = student.Id, SchoolId = student.SchoolId, Year = c.Year.StartYear, DetailCipher = [], AssessedBy = by.Name };
            db.HardshipAssessments.Add(a);
        }
        a.SetDetail(protector, c.Level, category);
        a.CoverageGroup = rules.InCoverageGroup(category);
        a.AssessedOn = today;
        a.AssessedBy = by.Name;
        await db.SaveChangesAsync(ct);
        return a.Id;
    }

    internal static async Task<Student> FindStudentAsync(EduDb db, PersonalDataProtector protector, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var hash = protector.LookupHash((number ?? "").Trim().ToUpperInvariant());
        return await db.Students.Include(s => s.School).FirstOrDefaultAsync(s => s.StudentNumberHash == hash, ct)
            ?? throw new RuleException($"未找到学籍号“{number}”的学生（或不在您的管理范围内）") { Field = "学籍号" };
    }
}
