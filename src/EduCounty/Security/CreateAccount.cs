using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 新建账号 (系统管理员; issue 6 §1, issue 13 §4, docs/adr/0015/0016/0023/0029): a user name and a name. The account is
/// made without any role or scope and without a usable password — granting roles and issuing the one-time password are
/// the 安全管理员's part (<see cref="GrantAccess"/>, <see cref="IssueOneTimePassword"/>), so the 系统管理员 never knows a
/// password of an account, and neither administrator alone makes an account that has roles and a known password.
/// Audited ("user-create").
/// </summary>
public static class CreateAccount
{
    /// <summary>The new account.</summary>
    public sealed record Command(string UserName, string DisplayName);

    /// <summary>The new account (no password yet).</summary>
    public sealed record Result(string UserId, string UserName);

    /// <exception cref="RuleException">Empty names, or Identity refused the account.</exception>
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
        var user = new AppUser { UserName = userName, DisplayName = displayName, MustChangePassword = true, LockoutEnabled = true };
        AccountSteps.Check(await users.CreateAsync(user));
        await db.AuditAsync("user-create", "User", userName, $"系统管理员 {db.Actor} 新建账号（无角色、无密码，待安全管理员授权并签发一次性密码）", ct);
        return new Result(user.Id, userName);
    }
}
