using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>学生 search by name, 学籍号 (exact, through its keyed hash), school and grade.</summary>
public static class SearchStudents
{
    public sealed record Query(string? Name = null, string? StudentNumber = null, int? SchoolId = null, string? Grade = null,
        bool IncludeLeft = false, int Page = 1, int PageSize = 20);

    public sealed record Row(int Id, string StudentNumber, string Name, string Sex, string BirthDate, int SchoolId, string School,
        string Grade, string? ClassName, string Status);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total);

    /// <summary>The students the search shows (all pages): also what its export writes.</summary>
    public static IQueryable<Student> Filter(EduDb db, PersonalDataProtector protector, Query query, IReadOnlyCollection<int>? scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Students.AsNoTracking().AsQueryable();
        if (scope is not null)
        {
            q = q.Where(s => scope.Contains(s.SchoolId));
        }
        if (!query.IncludeLeft)
        {
            q = q.Where(s => s.Status == StudentStatus.Enrolled || s.Status == StudentStatus.Suspended);
        }
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var name = query.Name.Trim();
            q = q.Where(s => s.Name.Contains(name));
        }
        if (!string.IsNullOrWhiteSpace(query.StudentNumber))
        {
            var hash = protector.LookupHash(query.StudentNumber);
            q = q.Where(s => s.StudentNumberHash == hash);
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

    public static async Task<Result> HandleAsync(EduDb db, PersonalDataProtector protector, Query query, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var q = Filter(db, protector, query, scope);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(s => s.SchoolId).ThenBy(s => s.Grade).ThenBy(s => s.Id)
            .Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize)
            .Select(s => new
            {
                s.Id,
                s.StudentNumber,
                s.Name,
                s.Sex,
                s.BirthDate,
                s.SchoolId,
                School = s.School!.Name,
                s.Grade,
                s.Status,
                ClassName = db.Set<SchoolClass>().Where(c => c.Id == s.ClassId).Select(c => c.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Result(rows.Select(s => new Row(s.Id, s.StudentNumber, s.Name, Labels.Of(s.Sex), s.BirthDate.ToString("yyyy-MM-dd"),
            s.SchoolId, s.School, Grades.Label(s.Grade), s.ClassName, Labels.Of(s.Status))).ToList(), total);
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
