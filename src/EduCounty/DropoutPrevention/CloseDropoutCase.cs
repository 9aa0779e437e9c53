using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// 销号 (dropout-prevention.md §4 动态销号, §5 "销号 only with evidence"): never by hand alone. 已劝返复学 needs a 返校
/// record in 学籍 after the 离校日期 (a 复学/转入/入学 异动 with the student 在读 now, or an autumn census row of a later
/// school year); 特教学校就读 the same record at a 特殊教育学校; 送教上门 the 学籍 record too (§6: a 送教上门 child is
/// enrolled when the 学籍 exists) and the 送教 arrangement; 依法延缓入学/休学 the approval's 文号 (义务教育法§11: 乡镇人民政府
/// or 县级教育行政部门). Refusals name what is missing, in Chinese.
/// </summary>
public static class CloseDropoutCase
{
    public sealed record Command(int CaseId, CaseClosure Closure, DateOnly ClosedOn, string? Evidence);

    public static async Task HandleAsync(EduDb db, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var k = await RecordPersuasion.FindAsync(db, c.CaseId, ct);
        k.RequireOpen();
        if (c.ClosedOn > today) throw new RuleException($"销号日期 {c.ClosedOn:yyyy-MM-dd} 晚于今天") { Field = "销号日期" };
        if (c.ClosedOn < k.LeftOn) throw new RuleException($"销号日期 {c.ClosedOn:yyyy-MM-dd} 早于离校日期 {k.LeftOn:yyyy-MM-dd}") { Field = "销号日期" };
        var record = await EvidenceAsync(db, k, c.Closure, c.Evidence, ct);
        k.Closed = true;
        k.Closure = c.Closure;
        k.ClosedOn = c.ClosedOn;
        k.ClosedBy = by.Name;
        k.ClosureEvidence = record.Length > 2000 ? record[..2000] : record;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The 销号 evidence of <paramref name="closure"/> for a case (its student and 离校日期): the 学籍 返校 record and the
    /// text given, or a <see cref="RuleException"/> naming what is missing. Shared by the form and the 台账 import.
    /// </summary>
    public static async Task<string> EvidenceAsync(EduDb db, DropoutCase k, CaseClosure closure, string? evidenceText, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(k);
        var evidence = OpenDropoutCase.Trim(evidenceText);
        if (closure == CaseClosure.LegalExemption)
        {
            return evidence ?? throw new RuleException("依法延缓入学或休学须填写乡镇人民政府或县教育局的批准文号，不能仅凭人工销号") { Field = "证据" };
        }
        var back = await ReturnRecordAsync(db, k, ct)
            ?? throw new RuleException($"学籍中没有该生 {k.LeftOn:yyyy-MM-dd} 离校后的返校记录（复学、转入或新学年在籍），不能销号；请先在学籍中办理复学") { Field = "证据" };
        if (closure == CaseClosure.SpecialSchool && back.Type != SchoolType.Special)
        {
            throw new RuleException($"该生现就读于“{back.School}”，不是特殊教育学校，不能以特教学校就读销号") { Field = "销号方式" };
        }
        if (closure == CaseClosure.HomeTeaching && evidence is null)
        {
            throw new RuleException("送教上门须填写送教学校、送教教师和一人一案安排") { Field = "证据" };
        }
        return evidence is null ? back.Text : $"{back.Text}；{evidence}";
    }

    /// <summary>A 返校 record of the case's student after it left: where, and what shows it.</summary>
    public sealed record ReturnRecord(string School, SchoolType Type, string Text);

    public static async Task<ReturnRecord?> ReturnRecordAsync(EduDb db, DropoutCase k, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(k);
        StatusChangeType[] back = [StatusChangeType.Resumption, StatusChangeType.TransferIn, StatusChangeType.Enrolment];
        var now = await db.Students.Where(s => s.Id == k.StudentId)
            .Select(s => new { s.Status, School = s.School!.Name, s.School.Type }).FirstOrDefaultAsync(ct);
        if (now is null) return null;
        var change = now.Status != StudentStatus.Enrolled ? null
            : await db.StatusChanges.Where(x => x.StudentId == k.StudentId && x.Date > k.LeftOn && back.Contains(x.Type))
                .OrderByDescending(x => x.Date).Select(x => new { x.Date, x.Type }).FirstOrDefaultAsync(ct);
        if (change is not null)
        {
            return new ReturnRecord(now.School, now.Type, $"学籍 {change.Date:yyyy-MM-dd} {Labels.Of(change.Type)}，现就读{now.School}");
        }
        // A census row of a school year whose census date falls after the 离校日期 (the student was on a roll again).
        var firstYear = k.LeftOn.Month > 9 || (k.LeftOn.Month == 9 && k.LeftOn.Day >= 30) ? k.LeftOn.Year + 1 : k.LeftOn.Year;
        var year = await db.StudentYears.Where(y => y.StudentId == k.StudentId && y.Year >= firstYear)
            .OrderByDescending(y => y.Year).Select(y => new { y.Year, y.Grade, y.SchoolId })
            .FirstOrDefaultAsync(ct);
        if (year is null) return null;
        var school = await db.Schools.Where(s => s.Id == year.SchoolId).Select(s => new { s.Name, s.Type }).FirstAsync(ct);
        return new ReturnRecord(school.Name, school.Type,
                $"学籍 {new SchoolYear(year.Year)} 学年秋季统计在{school.Name}{Grades.Label(year.Grade)}（{year.Year.ToString(CultureInfo.InvariantCulture)}-09-30）");
    }
}
