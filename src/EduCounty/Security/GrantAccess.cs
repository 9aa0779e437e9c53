using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// 授权 (安全管理员 only; issue 13 §4, docs/adr/0023): sets an account's roles and its scope (乡镇 division codes and/or
/// school ids), granting what is new and revoking what is gone. Refused for one's own account and when the 三员 rule
/// says no (<see cref="SeparationOfDuties"/>). Every session of the account ends (its rights changed). Audited
/// ("user-grant") with both names: the 安全管理员 who granted and the account.
/// </summary>
public static class GrantAccess
{
    public sealed record Command(string UserId, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> Divisions, IReadOnlyCollection<int> Schools);

    /// <exception cref="RuleException">No such account, one's own account, an unknown role, or the 三员 rule.</exception>
    public static async Task<string> HandleAsync(EduDb db, UserManager<AppUser> users, Command command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(command);
        var user = await AccountSteps.FindAsync(users, command.UserId);
        var name = user.UserName ?? user.Id;
        if (string.Equals(name, db.Actor, StringComparison.OrdinalIgnoreCase))
        {
            throw new RuleException("不能为自己的账号授权或撤销权限（须由另一名安全管理员办理）");
        }
        if (command.Roles.FirstOrDefault(r => !Security.Roles.All.Contains(r)) is { } unknown)
        {
            throw new RuleException($"未知角色“{unknown}”") { Field = "Roles" };
        }
        var wanted = command.Roles.Distinct().ToList();
        if (SeparationOfDuties.Violation([], wanted) is { } reason)
        {
            throw new RuleException(reason) { Field = "Roles" };
        }
        var divisions = command.Divisions.Where(d => !string.IsNullOrWhiteSpace(d)).Distinct().ToList();
        var schools = command.Schools.Where(s => s > 0).Distinct().ToList();
        await CheckScopeAsync(db, divisions, schools, ct);
        var current = await users.GetRolesAsync(user);
        var revoked = current.Except(wanted).ToList();
        var granted = wanted.Except(current).ToList();
        if (revoked.Count > 0)
        {
            AccountSteps.Check(await users.RemoveFromRolesAsync(user, revoked));
        }
        if (granted.Count > 0)
        {
            AccountSteps.Check(await users.AddToRolesAsync(user, granted));
        }
        db.UserScopes.RemoveRange(await db.UserScopes.Where(s => s.UserId == user.Id).ToListAsync(ct));
        db.UserScopes.AddRange(divisions.Select(d => new UserScope { UserId = user.Id, DivisionCode = d }));
        db.UserScopes.AddRange(schools.Select(s => new UserScope { UserId = user.Id, SchoolId = s }));
        db.PendingAudit.Add(new AuditItem("user-grant", "User", name, null,
            $"安全管理员 {db.Actor} 为账号 {name}（{user.DisplayName}）授权：角色 {Join(wanted)}；新增 {Join(granted)}；撤销 {Join(revoked)}；乡镇 {Join(divisions)}；学校 {string.Join(",", schools)}"));
        await db.SaveChangesAsync(ct);
        AccountSteps.Check(await users.UpdateSecurityStampAsync(user));
        await Sessions.EndAllAsync(db, user.Id, "roles", ct);
        return $"已更新 {name} 的角色和数据范围";
    }

    /// <summary>Every scope names a school or division that exists (a made-up one would silently grant nothing).</summary>
    private static async Task CheckScopeAsync(EduDb db, List<string> divisions, List<int> schools, CancellationToken ct)
    {
        var knownSchools = await db.Set<Registry.School>().IgnoreQueryFilters().Where(s => schools.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (schools.Except(knownSchools).FirstOrDefault() is > 0 and var school)
        {
            throw new RuleException($"学校（编号 {school}）不存在，无法作为数据范围") { Field = "Schools" };
        }
        var knownDivisions = await db.Set<Registry.Division>().Where(d => divisions.Contains(d.Code)).Select(d => d.Code).ToListAsync(ct);
        if (divisions.Except(knownDivisions).FirstOrDefault() is { } division)
        {
            throw new RuleException($"区划代码“{division}”不存在，无法作为数据范围") { Field = "Divisions" };
        }
    }

    private static string Join(IEnumerable<string> items) => string.Join("、", items) is { Length: > 0 } s ? s : "无";
}
