using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>
/// The global search box (issue 21 §9): schools by name or 学校标识码, students by name or 学籍号 (in full, or the part a
/// list shows of it — see <see cref="SearchStudents"/>), staff by name or 教职工号; a few of each within the caller's
/// schools, with the total so the page can link to the full list.
/// </summary>
public static class SearchEverything
{
    public sealed record Hit(int Id, string Title, string Detail);

    public sealed record Group(int Total, IReadOnlyList<Hit> Hits);

    public sealed record Result(string Text, Group Schools, Group Students, Group Staff);

    /// <summary>Shortest text searched (one Chinese character is a name already).</summary>
    public const int MinLength = 1;

    public static async Task<Result> HandleAsync(EduDb db, PersonalDataProtector protector, string? text, IReadOnlyCollection<int>? scope,
        int take = 10, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = (text ?? "").Trim();
        if (q.Length < MinLength)
        {
            return new Result(q, new(0, []), new(0, []), new(0, []));
        }
        var schools = ListSchools.Filter(db, new ListSchools.Query(Name: q), scope);
        var schoolHits = await schools.OrderBy(s => s.Type).ThenBy(s => s.Code).Take(take)
            .Select(s => new { s.Id, s.Name, s.Code, s.Type }).ToListAsync(ct);

        // A student matches by name or by 学籍号; both go through the list's own filter (scope, current students).
        var byName = SearchStudents.Filter(db, protector, new SearchStudents.Query(Name: q), scope).Select(s => s.Id);
        var byNumber = SearchStudents.Filter(db, protector, new SearchStudents.Query(StudentNumber: q), scope).Select(s => s.Id);
        var students = db.Students.AsNoTracking().Where(s => byName.Contains(s.Id) || byNumber.Contains(s.Id));
        var studentHits = await students.OrderBy(s => s.SchoolId).ThenBy(s => s.Grade).ThenBy(s => s.Id).Take(take)
            .Select(s => new { s.Id, s.Name, s.StudentNumber, School = s.School!.Name, s.Grade }).ToListAsync(ct);

        var staff = ListStaff.Filter(db, new ListStaff.Query(Name: q), scope);
        var staffHits = await staff.OrderBy(s => s.SchoolId).ThenBy(s => s.Id).Take(take)
            .Select(s => new { s.Id, s.Name, s.StaffNumber, School = s.School!.Name, s.PostType }).ToListAsync(ct);

        return new Result(q,
            new(await schools.CountAsync(ct), [.. schoolHits.Select(s => new Hit(s.Id, s.Name, $"{Labels.Of(s.Type)} · {s.Code}"))]),
            new(await students.CountAsync(ct), [.. studentHits.Select(s => new Hit(s.Id, s.Name, $"{s.School} · {Grades.Label(s.Grade)} · 学籍号 {s.StudentNumber}"))]),
            new(await staff.CountAsync(ct), [.. staffHits.Select(s => new Hit(s.Id, s.Name, $"{s.School} · {Labels.Of(s.PostType)} · 工号 {s.StaffNumber}"))]));
    }
}
