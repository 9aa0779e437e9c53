using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 新建账号 (系统管理员; issue 6 §1, docs/adr/0015/0016): a user name, a name, roles (at least one; the 三员 never two on
/// one account) and a scope (乡镇 division codes and/or school ids). The account gets a one-time password that must be
/// changed at the first sign-in; nothing half-made is left when a step is refused. Audited ("user-create").
/// </summary>
public static class CreateAccount
{
    /// <summary>The new account.</summary>
    public sealed record Command(string UserName, string DisplayName, IReadOnlyCollection<string> Roles,
        IReadOnlyCollection<string> Divisions, IReadOnlyCollection<int> Schools);

    /// <summary>The account and its one-time password, to be shown once.</summary>
    public sealed record Result(string UserId, string UserName, string OneTimePassword);

    /// <exception cref="RuleException">Empty names, no (known) role, two of the 三员, or Identity refused the account.</exception>
    public static async Task<Result> HandleAsync(EduDb db, UserManager<AppUser> users, Command command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(command);
        var userName = command.UserName.Trim();
        var displayName = command.DisplayName.Trim();
        if (userName.Length == 0 || displayName.Length == 0)
        {
            throw new RuleException("用户名和姓名不能为空") { Field = userName.Length == 0 ? "UserName" : "DisplayName" };
        }
        var roles = command.Roles.Where(Security.Roles.All.Contains).Distinct().ToList();
        if (roles.Count == 0)
        {
            throw new RuleException("请至少选择一个角色") { Field = "Roles" };
        }
        // Checked before creating so that no half-made account is left; the host's user manager may enforce it again.
        if (SeparationOfDuties.Violation([], roles) is { } reason)
        {
            throw new RuleException(reason) { Field = "Roles" };
        }
        var user = new AppUser { UserName = userName, DisplayName = displayName, MustChangePassword = true, LockoutEnabled = true };
        var password = OneTimePassword.New();
        AccountSteps.Check(await users.CreateAsync(user, password));
        try
        {
            AccountSteps.Check(await users.AddToRolesAsync(user, roles));
        }
        catch (RuleException)
        {
            await users.DeleteAsync(user);
            throw;
        }
        var divisions = command.Divisions.Where(d => !string.IsNullOrWhiteSpace(d)).Distinct().ToList();
        var schools = command.Schools.Where(s => s > 0).Distinct().ToList();
        db.UserScopes.AddRange(divisions.Select(d => new UserScope { UserId = user.Id, DivisionCode = d }));
        db.UserScopes.AddRange(schools.Select(s => new UserScope { UserId = user.Id, SchoolId = s }));
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("user-create", "User", userName,
            $"角色：{string.Join("、", roles)}；乡镇：{string.Join(",", divisions)}；学校：{string.Join(",", schools)}", ct);
        return new Result(user.Id, userName, password);
    }
}
