using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>A student rated 不及格 in a 学年, who may retake the test once that year (标准: 学年成绩不及格者可补测一次).</summary>
public sealed record RetestStudent(int StudentId, string StudentNumber, string Name, Sex Sex, int SchoolId, string School, string Grade,
    string? ClassName, double TotalScore, double StandardScore);

public static class ListRetestStudents
{
    public static async Task<IReadOnlyList<RetestStudent>> HandleAsync(EduDb db, int year, IReadOnlyCollection<int>? schoolIds = null,
        int? schoolId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.FitnessTests.Where(t => t.Year == year && t.Rating == FitnessRating.Fail);
        if (schoolIds is not null)
        {
            q = q.Where(t => schoolIds.Contains(t.SchoolId));
        }
        if (schoolId is { } sid)
        {
            q = q.Where(t => t.SchoolId == sid);
        }
        var rows = await (from t in q
                          join s in db.Students on t.StudentId equals s.Id
                          join sc in db.Schools on t.SchoolId equals sc.Id
                          join c in db.Classes on t.ClassId equals c.Id into cs
                          from c in cs.DefaultIfEmpty()
                          orderby sc.Code, t.Grade, c.Number, t.TotalScore
                          select new RetestStudent(t.StudentId, s.StudentNumber, s.Name, t.Sex, t.SchoolId, sc.Name, t.Grade,
                              c == null ? null : c.Name, t.TotalScore, t.StandardScore)).ToListAsync(ct);
        return rows;
    }
}
