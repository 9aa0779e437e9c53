using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>Steps shared by the account administration use cases (Create/Reset/Lock/DisableAccount).</summary>
internal static class AccountSteps
{
    /// <summary>Identity's refusal as a <see cref="RuleException"/> (its Chinese descriptions joined).</summary>
    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new RuleException(string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }

    public static async Task<AppUser> FindAsync(UserManager<AppUser> users, string userId) =>
        (string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId)) ?? throw new RuleException("找不到该账号");

    /// <summary>Locks the account out until <paramref name="end"/> and ends every session at once (issue 13 §8).</summary>
    public static async Task LockOutAsync(EduDb db, UserManager<AppUser> users, AppUser user, DateTimeOffset end, string reason)
    {
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, end));
        Check(await users.UpdateSecurityStampAsync(user));
        await Sessions.EndAllAsync(db, user.Id, reason);
    }

    /// <summary>Lifts a lock or a disable and clears the failure count; returns the user name.</summary>
    public static async Task<string> LiftLockoutAsync(UserManager<AppUser> users, string userId)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = await FindAsync(users, userId);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        return user.UserName ?? user.Id;
    }
}
