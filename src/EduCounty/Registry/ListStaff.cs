using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>教职工 list (current staff) with filters.</summary>
public static class ListStaff
{
    public sealed record Query(string? Name = null, int? SchoolId = null, PostType? Post = null, int Page = 1, int PageSize = 20);

    public sealed record Row(int Id, string StaffNumber, string Name, string Sex, string School, int SchoolId, string Post,
        string? Subjects, string Degree, string Title, string Establishment, string? Key);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total);

    /// <summary>The staff the list shows (all pages): also what its export writes.</summary>
    public static IQueryable<Staff> Filter(EduDb db, Query query, IReadOnlyCollection<int>? scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Staff.AsNoTracking().Where(s => s.LeftOn == null);
        if (scope is not null)
        {
            q = q.Where(s => scope.Contains(s.SchoolId));
        }
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var name = query.Name.Trim();
            q = q.Where(s => s.Name.Contains(name));
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

    public static async Task<Result> HandleAsync(EduDb db, Query query, IReadOnlyCollection<int>? scope, CancellationToken ct = default)
    {
        var q = Filter(db, query, scope);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(s => s.SchoolId).ThenBy(s => s.PostType).ThenBy(s => s.Id)
            .Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize)
            .Select(s => new { s.Id, s.StaffNumber, s.Name, s.Sex, School = s.School!.Name, s.SchoolId, s.PostType, s.Subjects, s.Degree, s.Title, s.Establishment, s.KeyTeacherLevel })
            .ToListAsync(ct);
        return new Result(rows.Select(s => new Row(s.Id, s.StaffNumber, s.Name, Labels.Of(s.Sex), s.School, s.SchoolId, Labels.Of(s.PostType), s.Subjects,
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
