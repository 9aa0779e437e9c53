using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>
/// 学生 search by name, 学籍号, school and grade, now or in a past school year (issue 21 §9). A 学籍号 matches in full
/// through its keyed hash, or in part against what the list shows of it: the national form (G + 身份证号) is stored
/// masked (G6523**********0024) and encrypted, so only its visible start and last four characters can be searched;
/// other 学籍号 forms are shown whole and match anywhere.
/// </summary>
public static class SearchStudents
{
    /// <param name="Year">A school year's start: the students of that year's census (their school, grade and class then,
    /// left students included); null = the students enrolled now.</param>
    public sealed record Query(string? Name = null, string? StudentNumber = null, int? SchoolId = null, string? Grade = null,
        bool IncludeLeft = false, int Page = 1, int PageSize = 20, int? Year = null);

    public sealed record Row(int Id, string StudentNumber, string Name, string Sex, string BirthDate, int SchoolId, string School,
        string Grade, string? ClassName, string Status);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total);

    /// <summary>A student with the school, grade and class of the asked year (the current ones without a year).</summary>
    public sealed class Placed
    {
        public required Student Student { get; init; }
        public int SchoolId { get; init; }
        public required string Grade { get; init; }
        public int? ClassId { get; init; }
    }

    /// <summary>The students the search shows (all pages): also what its export writes.</summary>
    public static IQueryable<Student> Filter(EduDb db, PersonalDataProtector protector, Query query, IReadOnlyCollection<int>? scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Students.AsNoTracking().AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var name = query.Name.Trim();
            q = q.Where(s => s.Name.Contains(name));
        }
        if (!string.IsNullOrWhiteSpace(query.StudentNumber))
        {
            var number = query.StudentNumber.Trim().ToUpperInvariant();
            var hash = protector.LookupHash(number);
            q = q.Where(s => s.StudentNumberHash == hash || s.StudentNumber.Contains(number));
        }
        if (query.Year is { } year)
        {
            // The year's census snapshots decide who, where and in which grade.
            var snaps = db.StudentYears.Where(y => y.Year == year);
            if (scope is not null)
            {
                snaps = snaps.Where(y => scope.Contains(y.SchoolId));
            }
            if (query.SchoolId is { } ysid)
            {
                snaps = snaps.Where(y => y.SchoolId == ysid);
            }
            if (!string.IsNullOrEmpty(query.Grade))
            {
                snaps = snaps.Where(y => y.Grade == query.Grade);
            }
            return q.Where(s => snaps.Any(y => y.StudentId == s.Id));
        }
        if (scope is not null)
        {
            q = q.Where(s => scope.Contains(s.SchoolId));
        }
        if (!query.IncludeLeft)
        {
            q = q.Where(s => s.Status == StudentStatus.Enrolled || s.Status == StudentStatus.Suspended);
        }
        if (query.SchoolId is { } sid)
        {
            q = q.Where(s => s.SchoolId == sid);
        }
        if (!string.IsNullOrEmpty(query.Grade))
        {
            q = q.Where(s => s.Grade == query.Grade);
        }
        return q;
    }

    /// <summary>The filtered students with their places in the asked year, in the list's order (school, grade, id).</summary>
    public static IQueryable<Placed> InOrder(EduDb db, IQueryable<Student> students, int? year)
    {
        ArgumentNullException.ThrowIfNull(db);
        var placed = year is { } y
            ? from s in students
              join sy in db.Set<StudentYear>().Where(x => x.Year == y) on s.Id equals sy.StudentId
              select new Placed { Student = s, SchoolId = sy.SchoolId, Grade = sy.Grade, ClassId = sy.ClassId }
            : students.Select(s => new Placed { Student = s, SchoolId = s.SchoolId, Grade = s.Grade, ClassId = s.ClassId });
        return placed.OrderBy(p => p.SchoolId).ThenBy(p => p.Grade).ThenBy(p => p.Student.Id);
    }

    public static async Task<Result> HandleAsync(EduDb db, PersonalDataProtector protector, Query query, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var q = Filter(db, protector, query, scope);
        var total = await q.CountAsync(ct);
        var rows = await InOrder(db, q, query.Year)
            .Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize)
            .Select(p => new
            {
                p.Student.Id,
                p.Student.StudentNumber,
                p.Student.Name,
                p.Student.Sex,
                p.Student.BirthDate,
                p.SchoolId,
                School = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Name).FirstOrDefault(),
                p.Grade,
                p.Student.Status,
                ClassName = db.Set<SchoolClass>().Where(c => c.Id == p.ClassId).Select(c => c.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Result(rows.Select(s => new Row(s.Id, s.StudentNumber, s.Name, Labels.Of(s.Sex), s.BirthDate.ToString("yyyy-MM-dd"),
            s.SchoolId, s.School ?? "", Grades.Label(s.Grade), s.ClassName, Labels.Of(s.Status))).ToList(), total);
    }
}

/// <summary>学生 detail with the 学籍异动 history and the per-year census places. Viewing it is audited.</summary>
public static class GetStudent
{
    public sealed record Detail(Student Student, string School, string MaskedIdNumber, string Ethnicity,
        IReadOnlyList<ChangeRow> Changes, IReadOnlyList<YearRow> Years);

    public sealed record ChangeRow(string Date, string Type, string? From, string? To, string? Grade, string? Reason);

    public sealed record YearRow(string Year, string School, string Grade, string? ClassName);

    public static async Task<Detail?> HandleAsync(EduDb db, PersonalDataProtector protector, int id, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var s = await db.Students.AsNoTracking().Include(x => x.School).Include(x => x.Changes).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || (scope is not null && !scope.Contains(s.SchoolId)))
        {
            return null;
        }
        var names = await db.Schools.Select(x => new { x.Id, x.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var years = await db.StudentYears.Where(y => y.StudentId == id).OrderBy(y => y.Year)
            .Select(y => new { y.Year, y.SchoolId, y.Grade, ClassName = db.Set<SchoolClass>().Where(c => c.Id == y.ClassId).Select(c => c.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var masked = s.IdNumberCipher is null ? "" : IdNumber.Mask(protector.Decrypt(s.IdNumberCipher));
        await db.AuditAsync("view", nameof(Student), id.ToString(), "查看学生个人信息", ct);
        return new Detail(s, s.School?.Name ?? "", masked, Ethnicities.Name(s.EthnicityCode),
            s.Changes.OrderBy(c => c.Date).ThenBy(c => c.Id).Select(c => new ChangeRow(c.Date.ToString("yyyy-MM-dd"), Labels.Of(c.Type),
                c.FromSchoolId is { } f ? names.GetValueOrDefault(f) : null, c.ToSchoolId is { } t ? names.GetValueOrDefault(t) : null,
                c.Grade is null ? null : Grades.Label(c.Grade), c.Reason)).ToList(),
            years.Select(y => new YearRow(new SchoolYear(y.Year).ToString(), names.GetValueOrDefault(y.SchoolId) ?? "", Grades.Label(y.Grade), y.ClassName)).ToList());
    }
}
