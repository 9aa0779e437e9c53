using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>
/// 停用 / 启用 (系统管理员): a disabled account is locked out for ever (LockoutEnd = max) and its sessions end; enabling
/// lifts that. Accounts are disabled, never deleted, so the audit trail keeps its names. Audited ("user-disable",
/// "user-enable"). docs/adr/0016.
/// </summary>
public static class DisableAccount
{
    /// <summary>Disables the account; returns the message to show.</summary>
    /// <exception cref="RuleException">No such account, or Identity refused.</exception>
    public static async Task<string> DisableAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = await AccountSteps.FindAsync(users, userId);
        await AccountSteps.LockOutAsync(db, users, user, DateTimeOffset.MaxValue, "disabled");
        var name = user.UserName ?? user.Id;
        await db.AuditAsync("user-disable", "User", name, "停用", ct);
        return $"已停用 {name}";
    }

    /// <summary>Enables the account again; returns the message to show.</summary>
    /// <exception cref="RuleException">No such account, or Identity refused.</exception>
    public static async Task<string> EnableAsync(EduDb db, UserManager<AppUser> users, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var name = await AccountSteps.LiftLockoutAsync(users, userId);
        await db.AuditAsync("user-enable", "User", name, null, ct);
        return $"已启用 {name}";
    }
}
