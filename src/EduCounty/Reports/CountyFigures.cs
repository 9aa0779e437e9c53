using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Reports;

/// <summary>One stage's basic figures at the autumn census: students, 专任教师, 生师比, classes, 平均班额, 大班额.</summary>
/// <param name="Stage">学前教育, 小学, 初中, 普通高中, 中等职业教育, 特殊教育.</param>
/// <param name="Students">在校生 (census).</param>
/// <param name="Teachers">专任教师 teaching the stage.</param>
/// <param name="Classes">班级数.</param>
/// <param name="LargeClasses">大班额 (56 人及以上) classes (balance-rules.md: 56–65 大班额, ≥ 66 超大班额).</param>
public sealed record StageFigures(string Stage, int Students, int Teachers, int Classes, int LargeClasses, int ClassHeadcount)
{
    /// <summary>生师比 as x:1 at one decimal (在校生 ÷ 专任教师), or null without teachers.</summary>
    public decimal? Ratio => Teachers == 0 ? null : Math.Round((decimal)Students / Teachers, 1, MidpointRounding.AwayFromZero);

    /// <summary>平均班额 (人) at one decimal, or null without classes.</summary>
    public decimal? AverageClass => Classes == 0 ? null : Math.Round((decimal)ClassHeadcount / Classes, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The county's basic statistics of a year, as a bureau's report opens with them (学校数, 专任教师, 生师比, 班额).</summary>
public sealed record CountyFigures(int Year, int Schools, int TeachingPoints, IReadOnlyList<(string Type, int Count)> SchoolsByType,
    int FullTimeTeachers, int Staff, IReadOnlyList<StageFigures> Stages)
{
    /// <summary>Loads the figures of the county in the school year starting in <paramref name="year"/> (open at its census date).</summary>
    public static async Task<CountyFigures> LoadAsync(EduDb db, string county, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var census = new SchoolYear(year).CensusDate;
        var schools = (await db.Schools.Where(s => s.CountyCode == county).Select(s => new { s.Id, s.Type, s.IsTeachingPoint, s.OpenedOn, s.ClosedOn }).ToListAsync(ct))
            .Where(s => OpenSchools.IsOpen(s.OpenedOn, s.ClosedOn, census)).ToList();
        var typeOf = schools.ToDictionary(s => s.Id, s => s.Type);
        var ids = typeOf.Keys.ToList();
        var students = await db.GradeEnrolments.Where(g => g.Year == year && ids.Contains(g.SchoolId))
            .GroupBy(g => new { g.SchoolId, g.Grade }).Select(g => new { g.Key.SchoolId, g.Key.Grade, Students = g.Sum(x => x.Students) }).ToListAsync(ct);
        var classes = await db.Classes.Where(c => c.Year == year && ids.Contains(c.SchoolId)).Select(c => new { c.SchoolId, c.Grade, c.Headcount }).ToListAsync(ct);
        var staff = await db.StaffYears.Where(s => s.Year == year && ids.Contains(s.SchoolId))
            .GroupBy(s => new { s.PostType, s.StageTaught }).Select(g => new { g.Key.PostType, g.Key.StageTaught, Count = g.Count() }).ToListAsync(ct);
        string StageName(Stage s) => s switch
        {
            Stage.Preschool => "学前教育",
            Stage.Primary => "小学",
            Stage.Junior => "初中",
            Stage.Senior => "普通高中",
            Stage.Vocational => "中等职业教育",
            _ => "特殊教育学校",
        };
        var stages = Enum.GetValues<Stage>().Select(stage =>
        {
            var c = classes.Where(x => Grades.StageOf(x.Grade, typeOf[x.SchoolId]) == stage).ToList();
            return new StageFigures(StageName(stage),
                students.Where(x => Grades.StageOf(x.Grade, typeOf[x.SchoolId]) == stage).Sum(x => x.Students),
                staff.Where(x => x.PostType == PostType.FullTimeTeacher && x.StageTaught == stage).Sum(x => x.Count),
                c.Count, c.Count(x => x.Headcount >= 56), c.Sum(x => x.Headcount));
        }).Where(s => s.Students > 0).ToList();
        var byType = schools.Where(s => !s.IsTeachingPoint).GroupBy(s => Labels.Of(s.Type)).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList();
        return new CountyFigures(year, schools.Count(s => !s.IsTeachingPoint), schools.Count(s => s.IsTeachingPoint), byType,
            staff.Where(s => s.PostType == PostType.FullTimeTeacher).Sum(s => s.Count), staff.Sum(s => s.Count), stages);
    }
}
