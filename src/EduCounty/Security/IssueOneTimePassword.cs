using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// 签发一次性密码 (安全管理员 only; issue 13 §4, docs/adr/0029): an account the 系统管理员 created or reset has no usable
/// password; the 安全管理员 issues its one-time password (to be changed at the first sign-in), normally together with
/// its roles (<see cref="GrantAccess"/>). Refused for one's own account and for an account that already has a password —
/// so the 安全管理员 cannot take over an account in use, and the 系统管理员, who never sees a password, cannot sign in
/// as anyone: an account with roles and a known password needs both. Audited ("user-issue-password") with both names.
/// </summary>
public static class IssueOneTimePassword
{
    /// <summary>The account and its one-time password, to be shown once.</summary>
    public sealed record Result(string UserName, string OneTimePassword);

    /// <exception cref="RuleException">No such account, one's own account, or the account has a password already.</exception>
    public static async Task<Result> HandleAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = await AccountSteps.FindAsync(users, userId);
        var name = user.UserName ?? user.Id;
        if (string.Equals(name, db.Actor, StringComparison.OrdinalIgnoreCase))
        {
            throw new RuleException("不能为自己的账号签发一次性密码（须由另一名安全管理员办理）");
        }
        if (await users.HasPasswordAsync(user))
        {
            throw new RuleException($"账号 {name} 已有密码，不能签发一次性密码（须先由系统管理员重置密码）");
        }
        var password = OneTimePassword.New();
        AccountSteps.Check(await users.AddPasswordAsync(user, password));
        user.MustChangePassword = true;
        AccountSteps.Check(await users.UpdateAsync(user));
        await Sessions.EndAllAsync(db, user.Id, "password", ct);
        await db.AuditAsync("user-issue-password", "User", name, $"安全管理员 {db.Actor} 为账号 {name}（{user.DisplayName}）签发一次性密码（须首次登录修改）", ct);
        return new Result(name, password);
    }

    /// <summary>Whether the account waits for its one-time password (created or reset, no usable password).</summary>
    public static bool Awaits(AppUser user) => user.PasswordHash is null;

    /// <summary>The accounts waiting for their one-time password, by user name.</summary>
    public static Task<List<AppUser>> AwaitingAsync(EduDb db, CancellationToken ct = default) =>
        db.Users.AsNoTracking().Where(u => u.PasswordHash == null).OrderBy(u => u.UserName).ToListAsync(ct);
}
