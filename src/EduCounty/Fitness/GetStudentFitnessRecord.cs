using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>One 学年 of a student's 体质健康档案: the stored test, rescored to show every item with its table row.</summary>
public sealed record StudentFitnessYear(FitnessTest Test, string School, string? ClassName, FitnessScore Score, VisionScreening? Vision);

/// <summary>毕业成绩 of one stage (小学、初中、高中): the graduation year's total × 50% + the other years' mean × 50%.</summary>
public sealed record StageGraduation(string Stage, int GraduationYear, GraduationScore Score, int OtherYears);

/// <summary>A student's 体质健康档案 (task 11: 健全学生体质健康档案).</summary>
public sealed record StudentFitnessRecord(int StudentId, string StudentNumber, string Name, Sex Sex, DateOnly BirthDate,
    IReadOnlyList<StudentFitnessYear> Years, IReadOnlyList<StageGraduation> Graduations);

public static class GetStudentFitnessRecord
{
    /// <summary>Null when the student does not exist or none of the student's records lie in <paramref name="schoolIds"/>.</summary>
    public static async Task<StudentFitnessRecord?> HandleAsync(EduDb db, int studentId, IReadOnlyCollection<int>? schoolIds = null,
        FitnessScorer? scorer = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        scorer ??= FitnessScorer.Default;
        var student = await db.Students.Where(s => s.Id == studentId)
            .Select(s => new { s.Id, s.StudentNumber, s.Name, s.Sex, s.BirthDate, s.SchoolId }).FirstOrDefaultAsync(ct);
        if (student is null)
        {
            return null;
        }
        var tests = await db.FitnessTests.AsNoTracking().Where(t => t.StudentId == studentId).OrderBy(t => t.Year).ToListAsync(ct);
        var visions = await db.VisionScreenings.AsNoTracking().Where(v => v.StudentId == studentId).ToListAsync(ct);
        if (schoolIds is not null && !schoolIds.Contains(student.SchoolId) && !tests.Any(t => schoolIds.Contains(t.SchoolId)))
        {
            return null;
        }
        var schoolIdsUsed = tests.Select(t => t.SchoolId).Distinct().ToList();
        var schools = await db.Schools.Where(s => schoolIdsUsed.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var classIds = tests.Select(t => t.ClassId).OfType<int>().ToList();
        var classes = await db.Classes.Where(c => classIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var years = tests.Select(t => new StudentFitnessYear(
            t, schools.GetValueOrDefault(t.SchoolId, ""), t.ClassId is { } c ? classes.GetValueOrDefault(c) : null,
            scorer.Score(t.ToResult(student.StudentNumber)), visions.FirstOrDefault(v => v.Year == t.Year))).ToList();

        // 毕业成绩 per stage, once the graduation grade (P6, J3, S3) is on record; the other years are that stage's.
        var graduations = new List<StageGraduation>();
        foreach (var (stage, letter, last) in new[] { ("小学", 'P', "P6"), ("初中", 'J', "J3"), ("高中", 'S', "S3") })
        {
            var final = years.LastOrDefault(y => y.Test.Grade == last);
            if (final is null)
            {
                continue;
            }
            var others = years.Where(y => y.Test.Grade[0] == letter && y != final).Select(y => y.Score.TotalScore).ToList();
            graduations.Add(new StageGraduation(stage, final.Test.Year, scorer.Graduation(final.Score.TotalScore, others), others.Count));
        }
        return new StudentFitnessRecord(student.Id, student.StudentNumber, student.Name, student.Sex, student.BirthDate, years, graduations);
    }
}
