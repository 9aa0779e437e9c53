using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Teachers in service holding a title of one kind at one level at the census.</summary>
public sealed record LadderCell(KeyTitleKind Kind, AuthorityLevel Level, int Teachers);

/// <summary>
/// 骨干梯队 at the census of a year: teachers in service by title kind and level, and the ladder's three counts at or above
/// the level the plan's targets mean (plan task 34: 学科带头人 100, 骨干教师 200, 教学能手 300 by 2025; teachers.md §7).
/// </summary>
public sealed record KeyTeacherLadder(int Year, AuthorityLevel MinimumLevel, IReadOnlyList<LadderCell> Cells,
    int SubjectLeaders, int KeyTeachers, int TeachingExperts, bool HasRecords);

public static class GetKeyTeacherLadder
{
    public static async Task<KeyTeacherLadder> HandleAsync(EduDb db, string countyCode, int year, TeacherRules rules,
        IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var schools = TeacherScope.Schools(db, countyCode, schoolIds);
        var census = new SchoolYear(year).CensusDate;
        var cells = await db.KeyTeacherTitles.Where(k => k.AwardedOn <= census && (k.ValidUntil == null || k.ValidUntil >= census))
            .Join(db.StaffYears.Where(t => t.Year == year), k => k.StaffId, t => t.StaffId, (k, t) => new { k.Kind, k.Level, k.StaffId, t.SchoolId })
            .Join(schools, x => x.SchoolId, s => s.Id, (x, s) => x)
            .GroupBy(x => new { x.Kind, x.Level })
            .Select(g => new LadderCell(g.Key.Kind, g.Key.Level, g.Select(x => x.StaffId).Distinct().Count()))
            .ToListAsync(ct);
        var f = await CountTeacherFigures.HandleAsync(db, schools, [year], [TeacherFigure.SubjectLeaders, TeacherFigure.KeyTeachers, TeacherFigure.TeachingExperts], rules, ct);
        return new KeyTeacherLadder(year, rules.Standards.KeyTeachers.TargetMinimumLevel.Value,
            [.. cells.OrderBy(c => c.Kind).ThenByDescending(c => c.Level)],
            f.Total(TeacherFigure.SubjectLeaders, year) ?? 0, f.Total(TeacherFigure.KeyTeachers, year) ?? 0, f.Total(TeacherFigure.TeachingExperts, year) ?? 0,
            f.Present(TeacherFigure.KeyTeachers, year));
    }
}
