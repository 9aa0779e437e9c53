using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>Headcounts of one census year by stage and by school type (the CLI's `stats`, the home page).</summary>
/// <param name="RegularDisabled">随班就读: students with a disability in 小学、初中 grades (already in <see cref="Compulsory"/>).</param>
/// <param name="HomeTeaching">送教上门 students (county statistic <c>enrolment.homeTeaching</c>; 0 for a school-scoped view).</param>
public sealed record CensusStats(SchoolYear Year, IReadOnlyList<StageCount> ByStage, IReadOnlyList<TypeCount> ByType,
    int RegularDisabled = 0, int HomeTeaching = 0)
{
    public int Preschool => Count(Stage.Preschool);
    public int Compulsory => Count(Stage.Primary) + Count(Stage.Junior);
    public int SeniorStage => Count(Stage.Senior) + Count(Stage.Vocational);

    /// <summary>特殊教育学校在校生 and 附设特教班 (the 特教 grades): the stage count, part of <see cref="Total"/>.</summary>
    public int SpecialSchool => Count(Stage.Special);

    /// <summary>
    /// 特殊教育在校生规模 as the plan counts it (docs/adr/0027, 教育事业统计 口径): 特教学校 + 随班就读 + 送教上门.
    /// Not a part of <see cref="Total"/>: 随班就读 are already counted in 义务教育, 送教上门 have no class.
    /// </summary>
    public int Special => SpecialSchool + RegularDisabled + HomeTeaching;
    public int Total => ByStage.Sum(s => s.Students);

    public int Count(Stage stage) => ByStage.FirstOrDefault(s => s.Stage == stage)?.Students ?? 0;
}

public sealed record StageCount(Stage Stage, string Label, int Students, int Male, int Female);

public sealed record TypeCount(SchoolType Type, string Label, int Schools, int Students);

public static class GetCensusStats
{
    /// <summary>The county statistic of 送教上门 students (the data element enrolment.special.home_teaching).</summary>
    public const string HomeTeachingKey = "enrolment.homeTeaching";

    /// <param name="schoolIds">Organisation scope: null = all schools the caller may see.</param>
    public static async Task<CensusStats> HandleAsync(EduDb db, SchoolYear year, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        var q = db.GradeEnrolments.Where(e => e.Year == year.StartYear);
        if (schoolIds is not null)
        {
            q = q.Where(e => schoolIds.Contains(e.SchoolId));
        }
        // Aggregated in the database; the stage follows from (school type, grade), a small set.
        var rows = await q.Join(db.Schools, e => e.SchoolId, s => s.Id, (e, s) => new { s.Type, e.Grade, e.Sex, e.Students, e.SchoolId })
            .GroupBy(x => new { x.Type, x.Grade, x.Sex })
            .Select(g => new { g.Key.Type, g.Key.Grade, g.Key.Sex, Students = g.Sum(x => x.Students) })
            .ToListAsync(ct);
        var byStage = rows.GroupBy(r => Grades.StageOf(r.Grade, r.Type))
            .OrderBy(g => g.Key)
            .Select(g => new StageCount(g.Key, Labels.Of(g.Key), g.Sum(r => r.Students),
                g.Where(r => r.Sex == Sex.Male).Sum(r => r.Students), g.Where(r => r.Sex == Sex.Female).Sum(r => r.Students)))
            .ToList();
        var schoolsByType = await q.Join(db.Schools, e => e.SchoolId, s => s.Id, (e, s) => new { s.Type, s.Id, s.IsTeachingPoint, e.Students })
            .GroupBy(x => x.Type)
            .Select(g => new { Type = g.Key, Schools = g.Where(x => !x.IsTeachingPoint).Select(x => x.Id).Distinct().Count(), Students = g.Sum(x => x.Students) })
            .ToListAsync(ct);
        var byType = schoolsByType.OrderBy(t => t.Type).Select(t => new TypeCount(t.Type, Labels.Of(t.Type), t.Schools, t.Students)).ToList();
        // 随班就读: students with a disability in 小学、初中 grades of the year (docs/adr/0027).
        string[] compulsory = [.. Grades.Primary, .. Grades.Junior];
        var years = db.StudentYears.Where(y => y.Year == year.StartYear && compulsory.Contains(y.Grade));
        if (schoolIds is not null)
        {
            years = years.Where(y => schoolIds.Contains(y.SchoolId));
        }
        var regularDisabled = await years.Join(db.Students, y => y.StudentId, s => s.Id, (y, s) => s.Disabled).CountAsync(d => d, ct);
        // 送教上门 is a county figure: only the county-wide view carries it.
        var homeTeaching = schoolIds is not null ? 0 : (int)Math.Round(await db.YearlyStatistics
            .Where(s => s.Key == HomeTeachingKey && s.Year == year.StartYear && db.Set<Division>().Any(d => d.Code == s.DivisionCode && d.Level == 3))
            .SumAsync(s => s.Value, ct));
        return new CensusStats(year, byStage, byType, regularDisabled, homeTeaching);
    }
}
