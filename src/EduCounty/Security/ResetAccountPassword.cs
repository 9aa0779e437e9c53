using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 重置密码 (系统管理员; docs/adr/0015, 0029): the account's password is removed (no password signs in) and every session
/// ends; the 安全管理员 then issues a new one-time password (<see cref="IssueOneTimePassword"/>), to be changed at the next
/// sign-in. The 系统管理员 never sees a password, so a reset cannot be used to sign in as the account. Audited
/// ("user-reset-password").
/// </summary>
public static class ResetAccountPassword
{
    /// <summary>The account, now waiting for the 安全管理员's one-time password.</summary>
    public sealed record Result(string UserName);

    /// <exception cref="RuleException">No such account, or Identity refused the password.</exception>
    public static async Task<Result> HandleAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = await AccountSteps.FindAsync(users, userId);
        if (await users.HasPasswordAsync(user))
        {
            AccountSteps.Check(await users.RemovePasswordAsync(user));
        }
        user.MustChangePassword = true;
        AccountSteps.Check(await users.UpdateAsync(user));
        await Sessions.EndAllAsync(db, user.Id, "password", ct);
        var name = user.UserName ?? user.Id;
        await db.AuditAsync("user-reset-password", "User", name, $"系统管理员 {db.Actor} 重置密码（原密码作废，待安全管理员签发一次性密码）", ct);
        return new Result(name);
    }
}
