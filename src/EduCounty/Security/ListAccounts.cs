using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// 账号管理's list (系统管理员): every account with its roles, its scope in words and its status, and the choices of a
/// scope (乡镇 and schools). School and division names are organisation structure, read past the school scope filter
/// on purpose: the 系统管理员 sees accounts, never business data (issue 6 §1).
/// </summary>
public static class ListAccounts
{
    /// <summary>One account.</summary>
    public sealed record Row(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Scope, AccountStatus Status,
        bool TwoFactor = false)
    {
        /// <summary>正常 / 锁定 / 停用.</summary>
        public string StatusLabel => AccountStatuses.Label(Status);
    }

    /// <summary>The accounts (by user name) and the scope choices (乡镇 by code, schools by 学校标识码).</summary>
    public sealed record Result(IReadOnlyList<Row> Accounts, IReadOnlyList<(string Code, string Name)> Townships, IReadOnlyList<(int Id, string Name)> Schools);

    public static async Task<Result> HandleAsync(EduDb db, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var scopes = await db.UserScopes.AsNoTracking().ToListAsync(ct);
        var schools = await db.Schools.IgnoreQueryFilters().OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var townships = await db.Divisions.Where(d => d.Level == 4).OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        var schoolName = schools.ToDictionary(s => s.Id, s => s.Name);
        var divisionName = townships.ToDictionary(d => d.Code, d => d.Name);
        string ScopeOf(string userId) =>
            string.Join("、", scopes.Where(s => s.UserId == userId).Select(s => s.SchoolId is { } id
                ? schoolName.GetValueOrDefault(id, $"学校#{id}")
                : divisionName.GetValueOrDefault(s.DivisionCode ?? "", s.DivisionCode ?? ""))) is { Length: > 0 } text ? text : "全县/无";
        var rows = users.Select(u => new Row(u.Id, u.UserName ?? "", u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name ?? "").OrderBy(n => n, StringComparer.Ordinal)],
            ScopeOf(u.Id), AccountStatuses.Of(u, now), u.TwoFactorEnabled)).ToList();
        return new Result(rows, [.. townships.Select(d => (d.Code, d.Name))], [.. schools.Select(s => (s.Id, s.Name))]);
    }
}
