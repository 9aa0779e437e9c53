using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 重置密码 (系统管理员): a new one-time password, to be changed at the next sign-in (docs/adr/0015). Audited
/// ("user-reset-password"); the password itself is never written anywhere but the result.
/// </summary>
public static class ResetAccountPassword
{
    /// <summary>The account and its new one-time password, to be shown once.</summary>
    public sealed record Result(string UserName, string OneTimePassword);

    /// <exception cref="RuleException">No such account, or Identity refused the password.</exception>
    public static async Task<Result> HandleAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = await AccountSteps.FindAsync(users, userId);
        var password = OneTimePassword.New();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        AccountSteps.Check(await users.ResetPasswordAsync(user, token, password));
        user.MustChangePassword = true;
        AccountSteps.Check(await users.UpdateAsync(user));
        await Sessions.EndAllAsync(db, user.Id, "password", ct);
        var name = user.UserName ?? user.Id;
        await db.AuditAsync("user-reset-password", "User", name, "系统管理员重置密码（一次性密码，须首次登录修改）", ct);
        return new Result(name, password);
    }
}
