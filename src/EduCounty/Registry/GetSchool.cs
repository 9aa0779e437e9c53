using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>学校 detail: the school, its census for a year (enrolment by grade and sex, classes, staff) and facilities by year.</summary>
public static class GetSchool
{
    public sealed record Detail(
        School School, string Township, string? Group, string? Parent, IReadOnlyList<(int Id, string Name)> TeachingPoints,
        int Year, IReadOnlyList<int> Years, IReadOnlyList<GradeRow> Enrolment, IReadOnlyList<ClassRow> Classes,
        IReadOnlyList<StaffRow> Staff, IReadOnlyList<Facility> Facilities, IReadOnlyList<AffiliationRow> History)
    {
        /// <summary>Where the year's census rows come from: 统计上报, 学籍推算 or both (null without rows).</summary>
        public string? CensusSource { get; init; }
    }

    public sealed record GradeRow(string Grade, string Label, int Male, int Female, int NewEntrants, int? Graduates)
    {
        public int Total => Male + Female;
    }

    public sealed record ClassRow(int Id, string Grade, string Name, int Headcount, int Limit)
    {
        public bool OverLimit => Limit > 0 && Headcount > Limit;
    }

    public sealed record StaffRow(int Id, string Name, string Sex, string Post, string? Subjects, string Degree, string Title, string? Key, string Establishment);

    public sealed record AffiliationRow(string What, string From, string? To, string? Reason);

    /// <summary>Returns null when the school does not exist or is outside the caller's scope.</summary>
    public static async Task<Detail?> HandleAsync(EduDb db, int id, int? year, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        if (scope is not null && !scope.Contains(id))
        {
            return null;
        }
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (school is null)
        {
            return null;
        }
        var township = await db.Divisions.Where(d => d.Code == school.TownshipCode).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? school.TownshipCode;
        var group = school.EducationGroupId is null ? null : await db.EducationGroups.Where(g => g.Id == school.EducationGroupId).Select(g => g.Name).FirstOrDefaultAsync(ct);
        var parent = school.ParentSchoolId is null ? null : await db.Schools.Where(s => s.Id == school.ParentSchoolId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var points = (await db.Schools.Where(s => s.ParentSchoolId == id).OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name)).ToList();
        var years = await db.GradeEnrolments.Where(e => e.SchoolId == id).Select(e => e.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        var y = year is { } wanted && years.Contains(wanted) ? wanted : years.Count > 0 ? years[^1] : 0;
        var rows = await db.GradeEnrolments.Where(e => e.SchoolId == id && e.Year == y).ToListAsync(ct);
        var enrolment = rows
            .GroupBy(e => e.Grade).OrderBy(g => Grades.Order(g.Key))
            .Select(g => new GradeRow(g.Key, Grades.Label(g.Key), g.Where(e => e.Sex == Sex.Male).Sum(e => e.Students),
                g.Where(e => e.Sex == Sex.Female).Sum(e => e.Students), g.Sum(e => e.NewEntrants), g.Any(e => e.Graduates is null) ? null : g.Sum(e => e.Graduates)))
            .ToList();
        var classes = (await db.Classes.Where(c => c.SchoolId == id && c.Year == y).ToListAsync(ct))
            .OrderBy(c => Grades.Order(c.Grade)).ThenBy(c => c.Number)
            // 班额 standard (task 21; 优质均衡 G5): 小学 45, 初中 50.
            .Select(c => new ClassRow(c.Id, c.Grade, c.Name, c.Headcount, c.Grade[0] == 'P' ? 45 : c.Grade[0] == 'J' ? 50 : 0))
            .ToList();
        var staff = (await db.StaffYears.Where(s => s.SchoolId == id && s.Year == y)
                .Join(db.Staff, sy => sy.StaffId, s => s.Id, (sy, s) => new { s.Id, s.Name, s.Sex, sy.PostType, sy.Subjects, sy.Degree, sy.Title, sy.KeyTeacherLevel, sy.Establishment })
                .ToListAsync(ct))
            .OrderBy(s => s.PostType).ThenBy(s => s.Id)
            .Select(s => new StaffRow(s.Id, s.Name, Labels.Of(s.Sex), Labels.Of(s.PostType), s.Subjects, Labels.Of(s.Degree), Labels.Of(s.Title),
                s.KeyTeacherLevel is { } k ? Labels.Of(k) + "骨干" : null, Labels.Of(s.Establishment)))
            .ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.SchoolId == id).OrderBy(f => f.Year).ToListAsync(ct);
        var history = (await db.SchoolAffiliations.Where(a => a.SchoolId == id).OrderBy(a => a.EffectiveFrom).ToListAsync(ct))
            .Select(a => new AffiliationRow(a.EducationGroupId is not null ? "教育集团" : "隶属学校", a.EffectiveFrom.ToString("yyyy-MM-dd"),
                a.EffectiveTo?.ToString("yyyy-MM-dd"), a.Reason))
            .ToList();
        return new Detail(school, township, group, parent, points, y, years, enrolment, classes, staff, facilities, history)
        {
            CensusSource = rows.Count == 0 ? null : string.Join("、", rows.Select(e => e.Source).Distinct().Order().Select(CensusSources.Label)),
        };
    }
}
