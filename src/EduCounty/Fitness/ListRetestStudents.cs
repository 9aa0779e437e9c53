using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>A student rated 不及格 in a 学年, who may retake the test once that year (标准: 学年成绩不及格者可补测一次).</summary>
public sealed record RetestStudent(int StudentId, string StudentNumber, string Name, Sex Sex, int SchoolId, string School, string Grade,
    string? ClassName, double TotalScore, double StandardScore);

/// <summary>
/// The 补测 list: the students rated 不及格 in a 学年, filtered by school, grade, sex and name, in the list's order
/// (school code, grade, class, score); the page shows it a page at a time, the export whole (issue 21 §9).
/// </summary>
public static class ListRetestStudents
{
    public sealed record Filter(int Year, int? SchoolId = null, string? Grade = null, Sex? Sex = null, string? Name = null);

    public sealed record Page(IReadOnlyList<RetestStudent> Rows, int Total);

    public static Task<IReadOnlyList<RetestStudent>> HandleAsync(EduDb db, int year, IReadOnlyCollection<int>? schoolIds = null,
        int? schoolId = null, CancellationToken ct = default) =>
        HandleAsync(db, new Filter(year, schoolId), schoolIds, ct);

    public static async Task<IReadOnlyList<RetestStudent>> HandleAsync(EduDb db, Filter filter, IReadOnlyCollection<int>? schoolIds,
        CancellationToken ct = default) =>
        await Ordered(db, Tests(db, filter, schoolIds)).ToListAsync(ct);

    /// <summary>One page of the list and the number of students in it all.</summary>
    public static async Task<Page> PageAsync(EduDb db, Filter filter, IReadOnlyCollection<int>? schoolIds, int page, int pageSize,
        CancellationToken ct = default)
    {
        var tests = Tests(db, filter, schoolIds);
        var total = await tests.CountAsync(ct);
        var rows = await Ordered(db, tests).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page(rows, total);
    }

    private static IQueryable<FitnessTest> Tests(EduDb db, Filter f, IReadOnlyCollection<int>? schoolIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var q = db.FitnessTests.Where(t => t.Year == f.Year && t.Rating == FitnessRating.Fail);
        if (schoolIds is not null)
        {
            q = q.Where(t => schoolIds.Contains(t.SchoolId));
        }
        if (f.SchoolId is { } sid)
        {
            q = q.Where(t => t.SchoolId == sid);
        }
        if (!string.IsNullOrEmpty(f.Grade))
        {
            q = q.Where(t => t.Grade == f.Grade);
        }
        if (f.Sex is { } sex)
        {
            q = q.Where(t => t.Sex == sex);
        }
        if (!string.IsNullOrWhiteSpace(f.Name))
        {
            var name = f.Name.Trim();
            q = q.Where(t => db.Set<Student>().Any(s => s.Id == t.StudentId && s.Name.Contains(name)));
        }
        return q;
    }

    private static IQueryable<RetestStudent> Ordered(EduDb db, IQueryable<FitnessTest> q) =>
        from t in q
        join s in db.Students on t.StudentId equals s.Id
        join sc in db.Schools on t.SchoolId equals sc.Id
        join c in db.Classes on t.ClassId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        orderby sc.Code, t.Grade, c.Number, t.TotalScore, t.StudentId
        select new RetestStudent(t.StudentId, s.StudentNumber, s.Name, t.Sex, t.SchoolId, sc.Name, t.Grade,
            c == null ? null : c.Name, t.TotalScore, t.StandardScore);
}
