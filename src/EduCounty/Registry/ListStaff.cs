using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>教职工 list with filters: the current staff, or those of a past school year's census (issue 21 §9).</summary>
public static class ListStaff
{
    /// <param name="Year">A school year's start: the staff of that year's census with their school, post and title
    /// then (StaffYear); null = the staff employed now.</param>
    public sealed record Query(string? Name = null, int? SchoolId = null, PostType? Post = null, int Page = 1, int PageSize = 20, int? Year = null);

    public sealed record Row(int Id, string StaffNumber, string Name, string Sex, string School, int SchoolId, string Post,
        string? Subjects, string Degree, string Title, string Establishment, string? Key);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total);

    /// <summary>A staff member with the situation of the asked year (the current one without a year).</summary>
    public sealed class Placed
    {
        public required Staff Staff { get; init; }
        public int SchoolId { get; init; }
        public PostType PostType { get; init; }
        public Establishment Establishment { get; init; }
        public string? Subjects { get; init; }
        public Degree Degree { get; init; }
        public Title Title { get; init; }
        public KeyTeacherLevel? KeyTeacherLevel { get; init; }
    }

    /// <summary>The staff the list shows (all pages): also what its export writes.</summary>
    public static IQueryable<Staff> Filter(EduDb db, Query query, IReadOnlyCollection<int>? scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Staff.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            // 姓名 or 教职工号 (the global search links here with either).
            var name = query.Name.Trim();
            q = q.Where(s => s.Name.Contains(name) || s.StaffNumber.Contains(name));
        }
        if (query.Year is { } year)
        {
            var snaps = db.StaffYears.Where(y => y.Year == year);
            if (scope is not null)
            {
                snaps = snaps.Where(y => scope.Contains(y.SchoolId));
            }
            if (query.SchoolId is { } ysid)
            {
                snaps = snaps.Where(y => y.SchoolId == ysid);
            }
            if (query.Post is { } yp)
            {
                snaps = snaps.Where(y => y.PostType == yp);
            }
            return q.Where(s => snaps.Any(y => y.StaffId == s.Id));
        }
        q = q.Where(s => s.LeftOn == null);
        if (scope is not null)
        {
            q = q.Where(s => scope.Contains(s.SchoolId));
        }
        if (query.SchoolId is { } sid)
        {
            q = q.Where(s => s.SchoolId == sid);
        }
        if (query.Post is { } p)
        {
            q = q.Where(s => s.PostType == p);
        }
        return q;
    }

    /// <summary>The filtered staff with their situation in the asked year, in the list's order (school, post, id).</summary>
    public static IQueryable<Placed> InOrder(EduDb db, IQueryable<Staff> staff, int? year)
    {
        ArgumentNullException.ThrowIfNull(db);
        var placed = year is { } y
            ? from s in staff
              join sy in db.Set<StaffYear>().Where(x => x.Year == y) on s.Id equals sy.StaffId
              select new Placed
              {
                  Staff = s,
                  SchoolId = sy.SchoolId,
                  PostType = sy.PostType,
                  Establishment = sy.Establishment,
                  Subjects = sy.Subjects,
                  Degree = sy.Degree,
                  Title = sy.Title,
                  KeyTeacherLevel = sy.KeyTeacherLevel,
              }
            : staff.Select(s => new Placed
            {
                Staff = s,
                SchoolId = s.SchoolId,
                PostType = s.PostType,
                Establishment = s.Establishment,
                Subjects = s.Subjects,
                Degree = s.Degree,
                Title = s.Title,
                KeyTeacherLevel = s.KeyTeacherLevel,
            });
        return placed.OrderBy(p => p.SchoolId).ThenBy(p => p.PostType).ThenBy(p => p.Staff.Id);
    }

    public static async Task<Result> HandleAsync(EduDb db, Query query, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var q = Filter(db, query, scope);
        var total = await q.CountAsync(ct);
        var rows = await InOrder(db, q, query.Year)
            .Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize)
            .Select(p => new
            {
                p.Staff.Id,
                p.Staff.StaffNumber,
                p.Staff.Name,
                p.Staff.Sex,
                School = db.Set<School>().Where(x => x.Id == p.SchoolId).Select(x => x.Name).FirstOrDefault(),
                p.SchoolId,
                p.PostType,
                p.Subjects,
                p.Degree,
                p.Title,
                p.Establishment,
                p.KeyTeacherLevel,
            })
            .ToListAsync(ct);
        return new Result(rows.Select(s => new Row(s.Id, s.StaffNumber, s.Name, Labels.Of(s.Sex), s.School ?? "", s.SchoolId, Labels.Of(s.PostType), s.Subjects,
            Labels.Of(s.Degree), Labels.Of(s.Title), Labels.Of(s.Establishment), s.KeyTeacherLevel is { } k ? Labels.Of(k) : null)).ToList(), total);
    }
}

/// <summary>教职工 detail with assignment history and yearly situation. Viewing it is audited.</summary>
public static class GetStaff
{
    public sealed record Detail(Staff Staff, string School, string MaskedIdNumber, string Ethnicity, IReadOnlyList<AssignmentRow> Assignments, IReadOnlyList<StaffYear> Years);

    public sealed record AssignmentRow(string School, string From, string? To, string? Reason);

    public static async Task<Detail?> HandleAsync(EduDb db, PersonalDataProtector protector, int id, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var s = await db.Staff.AsNoTracking().Include(x => x.School).Include(x => x.Assignments).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || (scope is not null && !scope.Contains(s.SchoolId)))
        {
            return null;
        }
        var names = await db.Schools.Select(x => new { x.Id, x.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var years = await db.StaffYears.AsNoTracking().Where(y => y.StaffId == id).OrderBy(y => y.Year).ToListAsync(ct);
        var masked = s.IdNumberCipher is null ? "" : IdNumber.Mask(protector.Decrypt(s.IdNumberCipher));
        await db.AuditAsync("view", nameof(Staff), id.ToString(), "查看教职工个人信息", ct);
        return new Detail(s, s.School?.Name ?? "", masked, Ethnicities.Name(s.EthnicityCode),
            s.Assignments.OrderBy(a => a.From).Select(a => new AssignmentRow(names.GetValueOrDefault(a.SchoolId) ?? "", a.From.ToString("yyyy-MM-dd"), a.To?.ToString("yyyy-MM-dd"), a.Reason)).ToList(),
            years);
    }
}
