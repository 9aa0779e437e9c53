using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A teacher's year: school, post, title, 骨干 level, 普通话 as the census recorded them, and the cycle status at that year.</summary>
public sealed record TeacherYearRow(int Year, string School, PostType PostType, Establishment Establishment, Stage? Stage, string? Subjects, Title Title,
    KeyTeacherLevel? KeyLevel, MandarinLevel? Mandarin, bool MandarinMeets, double CycleHours, double Required);

/// <summary>
/// A teacher's 5-year record (the national record's tabs 5, 8, 12, 14, 15 of teachers.md §9 for this platform's data): the
/// years, the training with the hours counted in the cycle, rotations, exemptions, certificates and titles.
/// </summary>
public sealed record TeacherRecord(int StaffId, string StaffNumber, string Name, int SchoolId, string School, DateOnly HireDate, int Year,
    int WindowFrom, int WindowTo, IReadOnlyList<TeacherYearRow> Years, IReadOnlyList<TrainingRecord> Training, double CycleHours, double Required,
    IReadOnlyList<RosterRow> Rotations, IReadOnlyList<RotationExemption> Exemptions, IReadOnlyList<TeacherQualification> Certificates,
    IReadOnlyList<DualQualifiedCertification> DualCertifications, IReadOnlyList<KeyTeacherTitle> Titles, RotationVerdict? Pool);

public static class GetTeacherRecord
{
    /// <summary>The record as of school year <paramref name="year"/>, or null when the teacher is not in the reader's scope. Viewing is audited.</summary>
    public static async Task<TeacherRecord?> HandleAsync(EduDb db, int staffId, int year, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var s = await db.Staff.Where(x => x.Id == staffId).Select(x => new { x.Id, x.StaffNumber, x.Name, x.SchoolId, x.HireDate, School = x.School!.Name }).FirstOrDefaultAsync(ct);
        if (s is null)
        {
            return null;
        }
        var (from, to, _) = rules.Window(year);
        var first = Math.Min(from, year - rules.Standards.Training.CycleYears.Value + 1);
        var training = await db.TrainingRecords.AsNoTracking().Where(t => t.StaffId == staffId && t.Year >= first && t.Year <= year)
            .OrderBy(t => t.StartDate).ToListAsync(ct);
        var years = await db.StaffYears.Where(t => t.StaffId == staffId && t.Year >= first && t.Year <= year)
            .Join(db.Schools.IgnoreQueryFilters(), t => t.SchoolId, x => x.Id, (t, x) => new { t, School = x.Name })
            .OrderBy(x => x.t.Year).ToListAsync(ct);
        double Hours(int y)
        {
            var (f, t, _) = rules.Window(y);
            return training.Where(r => r.Year >= f && r.Year <= t && rules.CountsTowardCycle(r.Mode)).Sum(r => r.Hours);
        }
        var rows = years.Select(x => new TeacherYearRow(x.t.Year, x.School, x.t.PostType, x.t.Establishment, x.t.StageTaught, x.t.Subjects, x.t.Title,
            x.t.KeyTeacherLevel, x.t.MandarinLevel, x.t.MandarinMeetsStandard, Math.Round(Hours(x.t.Year), 2), rules.RequiredHours(s.HireDate, x.t.Year, toDate: true))).ToList();
        var history = await GetRotationPlan.RosterAsync(db, db.TeacherRotations.Where(r => r.StaffId == staffId), rules, ct);
        var pool = (await ListRotationPool.HandleAsync(db, s.SchoolId, year, rules, ct)).FirstOrDefault(p => p.StaffId == staffId)?.Verdict;
        await db.AuditAsync("view", nameof(Staff), staffId.ToString(System.Globalization.CultureInfo.InvariantCulture), "查看教师队伍档案（培训、交流、资格、称号）", ct);
        return new TeacherRecord(s.Id, s.StaffNumber, s.Name, s.SchoolId, s.School, s.HireDate, year, from, to, rows,
            [.. training.Where(t => t.Year >= from && t.Year <= to)], Math.Round(Hours(year), 2), rules.RequiredHours(s.HireDate, year, toDate: true),
            history,
            await db.RotationExemptions.AsNoTracking().Where(e => e.StaffId == staffId).OrderBy(e => e.Year).ToListAsync(ct),
            await db.TeacherQualifications.AsNoTracking().Where(x => x.StaffId == staffId).OrderBy(x => x.IssuedOn).ToListAsync(ct),
            await db.DualQualifiedCertifications.AsNoTracking().Where(x => x.StaffId == staffId).OrderBy(x => x.CertifiedOn).ToListAsync(ct),
            await db.KeyTeacherTitles.AsNoTracking().Where(x => x.StaffId == staffId).OrderBy(x => x.AwardedOn).ToListAsync(ct),
            pool);
    }

}
