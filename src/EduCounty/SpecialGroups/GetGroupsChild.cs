using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>
/// One child's special-group record: the 学籍 flags, the placement and 送教上门 plans with visits, the 留守 contact teacher
/// and care records. Disability category, plan and visit content and care notes are sensitive (PIPL art. 28): decrypted
/// only when <c>maySeeSensitive</c> (<see cref="GroupsAccess.SensitiveRoles"/>), otherwise "已遮蔽". Every view of a child's
/// record is an audit entry (<see cref="Viewed"/>), sensitive or not. The read goes through the caller's scoped context:
/// a child of another school is not found (null).
/// </summary>
public static class GetGroupsChild
{
    public const string Viewed = "view-groups-child";
    public const string Masked = "已遮蔽";

    public sealed record Visit(DateOnly Date, decimal Hours, string? Content, string Teacher);

    public sealed record Plan(int Id, int Year, string Teacher, string? Content, int PlannedVisits, decimal PlannedHours, decimal DeliveredHours, IReadOnlyList<Visit> Visits);

    public sealed record Care(DateOnly Date, string Kind, string? Note);

    public sealed record Result(int StudentId, string Name, string StudentNumber, int SchoolId, string School, string Grade, bool Migrant, bool LeftBehind,
        bool Disabled, string? Disability, bool SensitiveShown, Placement? Placement, IReadOnlyList<Plan> Plans, string? ContactTeacher, IReadOnlyList<Care> Cares);

    public static async Task<Result?> HandleAsync(EduDb db, GroupsRules rules, PersonalDataProtector protector, int studentId, bool maySeeSensitive, SchoolYear year,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(protector);
        var s = await db.Students.AsNoTracking().Include(x => x.School).FirstOrDefaultAsync(x => x.Id == studentId, ct);
        if (s is null) return null;
        var plans = await db.HomeTeachingPlans.AsNoTracking().Include(p => p.Visits).Where(p => p.StudentId == studentId).OrderByDescending(p => p.Year).ToListAsync(ct);
        var care = await db.LeftBehindCares.AsNoTracking().Include(c => c.Records).FirstOrDefaultAsync(c => c.StudentId == studentId, ct);
        var snapshot = await db.StudentYears.AsNoTracking().Where(y => y.StudentId == studentId && y.Year == year.StartYear).Select(y => y.Grade).FirstOrDefaultAsync(ct);
        Placement? placement = !s.Disabled ? null
            : snapshot is { } g && g[0] == 'X' ? Placement.SpecialSchool
            : snapshot is { } g2 && Grades.IsCompulsory(g2) ? Placement.Regular
            : plans.Any(p => p.Year == year.StartYear) ? Placement.HomeTeaching
            : s.School?.Type == SchoolType.Special ? Placement.SpecialSchool : Grades.IsCompulsory(s.Grade) ? Placement.Regular : null;
        string? Open(byte[]? cipher) => !maySeeSensitive ? Masked : cipher is null ? null : protector.Decrypt(cipher);
        var result = new Result(s.Id, s.Name, s.StudentNumber, s.SchoolId, s.School?.Name ?? "", s.Grade, s.MigrantChild, s.LeftBehindChild, s.Disabled,
            !s.Disabled ? null : maySeeSensitive ? (s.DisabilityOf(protector) is { } d ? Labels.Of(d) : "未登记类别") : Masked, maySeeSensitive, placement,
            [.. plans.Select(p => new Plan(p.Id, p.Year, p.Teacher, Open(p.ContentCipher), p.PlannedVisits, p.PlannedHours, p.DeliveredHours,
                [.. p.Visits.OrderBy(v => v.Date).ThenBy(v => v.Id).Select(v => new Visit(v.Date, v.Hours, Open(v.ContentCipher), v.Teacher))]))],
            care?.ContactTeacher,
            [.. (care?.Records ?? []).OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).Select(r => new Care(r.Date, rules.CareKindName(r.Kind), Open(r.NoteCipher)))]);
        await db.AuditAsync(Viewed, nameof(Student), studentId.ToString(CultureInfo.InvariantCulture),
            maySeeSensitive ? "查看特殊群体学生档案（含残疾类别、送教内容和关爱记录）" : "查看特殊群体学生档案（敏感信息已遮蔽）", ct);
        return result;
    }

    public static string Label(Placement p) => p switch
    {
        Placement.SpecialSchool => "特教学校就读",
        Placement.Regular => "随班就读",
        _ => "送教上门",
    };
}
