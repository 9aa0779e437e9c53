using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// Opens a case by hand (dropout-prevention.md §5 发现途径: 学校月报 “一月一报告”, 摸排, 举报, 督导) for a student of the
/// registry — 疑似辍学 (长期未到校, 名在人不在) or 辍学 — and sets the 联控联保 responsible persons (§4). One open case per
/// student: a second is refused. The student is looked up in the caller's scope (a school opens cases for its own).
/// </summary>
public static class OpenDropoutCase
{
    public sealed record Command(string StudentNumber, CaseKind Kind, DateOnly LeftOn, IReadOnlyList<string> Causes, string? SchoolResponsible,
        string? TownshipResponsible, string? VillageResponsible, string? Notes, CaseSource Source = CaseSource.SchoolReport);

    public static async Task<int> HandleAsync(EduDb db, DropoutRules rules, PersonalDataProtector protector, Command c, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        if (c.Source is CaseSource.RegistryDropout or CaseSource.SuspensionOverdue)
        {
            throw new RuleException("学籍异动产生的个案由系统自动建立，不能手工登记");
        }
        if (c.LeftOn > today) throw new RuleException($"离校日期 {c.LeftOn:yyyy-MM-dd} 晚于今天") { Field = "离校日期" };
        var hash = protector.LookupHash(c.StudentNumber.Trim().ToUpperInvariant());
        var student = await db.Students.Where(s => s.StudentNumberHash == hash).Select(s => new { s.Id, s.SchoolId, s.Grade, s.Name }).FirstOrDefaultAsync(ct)
            ?? throw new RuleException($"未找到学籍号“{c.StudentNumber}”的学生（或不在您的管理范围内）") { Field = "学籍号" };
        if (!SyncDropoutCases.Compulsory.Contains(student.Grade))
        {
            throw new RuleException($"学生“{student.Name}”不在义务教育阶段（小学、初中），不属于控辍保学对象") { Field = "学籍号" };
        }
        if (await db.DropoutCases.AnyAsync(k => k.StudentId == student.Id && !k.Closed, ct))
        {
            throw new RuleException($"学生“{student.Name}”已有未销号的控辍保学个案");
        }
        var k = new DropoutCase
        {
            StudentId = student.Id,
            SchoolId = student.SchoolId,
            Grade = student.Grade,
            Kind = c.Kind,
            Source = c.Source,
            LeftOn = c.LeftOn,
            OpenedOn = today,
            Causes = rules.CheckCauses(c.Causes),
            SchoolResponsible = Trim(c.SchoolResponsible),
            TownshipResponsible = Trim(c.TownshipResponsible),
            VillageResponsible = Trim(c.VillageResponsible),
        };
        k.SetNotes(protector, c.Notes);
        db.DropoutCases.Add(k);
        await db.SaveChangesAsync(ct);
        return k.Id;
    }

    internal static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
