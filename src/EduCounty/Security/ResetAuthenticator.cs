using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 重置动态验证码 (系统管理员; docs/adr/0044): for a user who lost the phone holding the authenticator. Two-factor sign-in
/// is turned off, the authenticator key replaced (codes of the lost phone no longer match) and every session ended. The
/// password is untouched and stays unknown to the administrator, so the reset does not let anyone else sign in; an
/// account of the three administrator roles must bind a new authenticator at its next sign-in (the enrolment gate), a
/// business account may. Never on one's own account (someone who lost their phone cannot sign in to do it, and someone
/// who can needs no reset). Audited ("user-reset-2fa").
/// </summary>
public static class ResetAuthenticator
{
    /// <summary>The account and whether it must bind a new authenticator at its next sign-in.</summary>
    public sealed record Result(string UserName, bool MustEnrol);

    /// <exception cref="RuleException">No such account, one's own account, or no authenticator bound.</exception>
    public static async Task<Result> HandleAsync(EduDb db, UserManager<AppUser> users, string userId, string actingUserName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = await AccountSteps.FindAsync(users, userId);
        var name = user.UserName ?? user.Id;
        if (string.Equals(name, actingUserName, StringComparison.OrdinalIgnoreCase))
        {
            throw new RuleException("不能重置自己账号的动态验证码");
        }
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            throw new RuleException($"账号 {name} 未绑定动态验证码，无需重置");
        }
        AccountSteps.Check(await users.SetTwoFactorEnabledAsync(user, false));
        AccountSteps.Check(await users.ResetAuthenticatorKeyAsync(user));
        await Sessions.EndAllAsync(db, user.Id, "2fa-reset", ct);
        var mustEnrol = (await users.GetRolesAsync(user)).Any(r => Roles.Separated.Contains(r));
        await db.AuditAsync("user-reset-2fa", "User", name,
            $"系统管理员 {db.Actor} 重置动态验证码（原验证器作废{(mustEnrol ? "，下次登录须重新绑定" : "")}）", ct);
        return new Result(name, mustEnrol);
    }
}
