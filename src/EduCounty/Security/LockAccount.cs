using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 锁定 / 解锁 (系统管理员): a locked account cannot sign in until an administrator unlocks it; locking also ends its
/// sessions (new security stamp). Audited ("user-lock", "user-unlock"). docs/adr/0016.
/// </summary>
public static class LockAccount
{
    /// <summary>Locks the account (until unlocked); returns the message to show.</summary>
    /// <exception cref="RuleException">No such account, or Identity refused.</exception>
    public static async Task<string> LockAsync(EduDb db, UserManager<AppUser> users, string userId, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(clock);
        var user = await AccountSteps.FindAsync(users, userId);
        await AccountSteps.LockOutAsync(db, users, user, clock.GetUtcNow().AddYears(100), "locked");
        var name = user.UserName ?? user.Id;
        await db.AuditAsync("user-lock", "User", name, "锁定（至管理员解锁）", ct);
        return $"已锁定 {name}";
    }

    /// <summary>Unlocks the account (and clears its failure count); returns the message to show.</summary>
    /// <exception cref="RuleException">No such account, or Identity refused.</exception>
    public static async Task<string> UnlockAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var name = await AccountSteps.LiftLockoutAsync(users, userId);
        await db.AuditAsync("user-unlock", "User", name, null, ct);
        return $"已解锁 {name}";
    }
}
