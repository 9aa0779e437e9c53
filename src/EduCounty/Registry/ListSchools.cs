using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>学校 list with filters and paging.</summary>
public static class ListSchools
{
    public sealed record Query(string? TownshipCode = null, SchoolType? Type = null, Locality? Locality = null, string? Name = null,
        bool IncludeTeachingPoints = true, int Page = 1, int PageSize = 50, int? Year = null);

    public sealed record Row(int Id, string Code, string Name, SchoolType Type, string TypeLabel, string Ownership, string Locality,
        string TownshipCode, string Township, string? Group, bool IsTeachingPoint, string? Parent, int Students, int Staff,
        string? Opened, string? Closed);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total, int Page, int PageSize);

    /// <summary>The schools the list shows (all pages): also what its export writes.</summary>
    public static IQueryable<School> Filter(EduDb db, Query query, IReadOnlyCollection<int>? scope = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Schools.AsNoTracking().AsQueryable();
        if (scope is not null)
        {
            q = q.Where(s => scope.Contains(s.Id));
        }
        if (!string.IsNullOrEmpty(query.TownshipCode))
        {
            q = q.Where(s => s.TownshipCode == query.TownshipCode);
        }
        if (query.Type is { } t)
        {
            q = q.Where(s => s.Type == t);
        }
        if (query.Locality is { } l)
        {
            q = q.Where(s => s.Locality == l);
        }
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            // 名称 or 学校标识码 (the global search links here with either).
            var name = query.Name.Trim();
            q = q.Where(s => s.Name.Contains(name) || s.Code.Contains(name));
        }
        if (!query.IncludeTeachingPoints)
        {
            q = q.Where(s => !s.IsTeachingPoint);
        }
        if (query.Year is { } year)
        {
            // The schools open on that year's census date (issue 21 §9).
            q = q.OpenOn(new SchoolYear(year).CensusDate);
        }
        return q;
    }

    public static async Task<Result> HandleAsync(EduDb db, Query query, IReadOnlyCollection<int>? scope = null, CancellationToken ct = default)
    {
        var q = Filter(db, query, scope);
        var total = await q.CountAsync(ct);
        var year = query.Year ?? await db.GradeEnrolments.MaxAsync(e => (int?)e.Year, ct) ?? 0;
        var page = await q.OrderBy(s => s.Type).ThenBy(s => s.Code)
            .Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize)
            .Select(s => new
            {
                s.Id,
                s.Code,
                s.Name,
                s.Type,
                s.Ownership,
                s.Inclusive,
                s.Locality,
                s.TownshipCode,
                Township = db.Set<Division>().Where(d => d.Code == s.TownshipCode).Select(d => d.Name).FirstOrDefault(),
                Group = s.EducationGroup!.Name,
                s.IsTeachingPoint,
                Parent = s.ParentSchool!.Name,
                Students = db.Set<GradeEnrolment>().Where(e => e.SchoolId == s.Id && e.Year == year).Sum(e => (int?)e.Students) ?? 0,
                Staff = db.Set<StaffYear>().Count(y => y.SchoolId == s.Id && y.Year == year),
                s.OpenedOn,
                s.ClosedOn,
            })
            .ToListAsync(ct);
        var rows = page.Select(s => new Row(s.Id, s.Code, s.Name, s.Type, Labels.Of(s.Type),
            s.Ownership == Ownership.Public ? "公办" : s.Inclusive == true ? "民办（普惠）" : s.Inclusive == false ? "民办" : "民办（普惠性未填写）", Labels.Of(s.Locality),
            s.TownshipCode, s.Township ?? s.TownshipCode, s.Group, s.IsTeachingPoint, s.Parent, s.Students, s.Staff,
            s.OpenedOn?.ToString("yyyy-MM-dd"), s.ClosedOn?.ToString("yyyy-MM-dd"))).ToList();
        return new Result(rows, total, query.Page, query.PageSize);
    }
}
