using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>Headcounts of one census year by stage and by school type (the CLI's `stats`, the home page).</summary>
public sealed record CensusStats(SchoolYear Year, IReadOnlyList<StageCount> ByStage, IReadOnlyList<TypeCount> ByType)
{
    public int Preschool => Count(Stage.Preschool);
    public int Compulsory => Count(Stage.Primary) + Count(Stage.Junior);
    public int SeniorStage => Count(Stage.Senior) + Count(Stage.Vocational);
    public int Special => Count(Stage.Special);
    public int Total => ByStage.Sum(s => s.Students);

    public int Count(Stage stage) => ByStage.FirstOrDefault(s => s.Stage == stage)?.Students ?? 0;
}

public sealed record StageCount(Stage Stage, string Label, int Students, int Male, int Female);

public sealed record TypeCount(SchoolType Type, string Label, int Schools, int Students);

public static class GetCensusStats
{
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
        return new CensusStats(year, byStage, byType);
    }
}
