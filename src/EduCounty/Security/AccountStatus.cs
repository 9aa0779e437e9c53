using EduCounty.Common.Identity;

namespace EduCounty.Security;

/// <summary>State of an account as the administrator sees it (docs/adr/0016).</summary>
public enum AccountStatus
{
    /// <summary>正常: may sign in.</summary>
    Active = 1,

    /// <summary>锁定: locked out until an administrator unlocks it (or Identity's 15-minute lockout after failures).</summary>
    Locked = 2,

    /// <summary>停用: locked out for ever (LockoutEnd = max) until enabled again.</summary>
    Disabled = 3,
}

/// <summary>The status rule and its labels.</summary>
public static class AccountStatuses
{
    /// <summary>Disabled = locked out for ever (LockoutEnd = max); locked = locked out until a time still to come.</summary>
    public static AccountStatus Of(AppUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnd == DateTimeOffset.MaxValue ? AccountStatus.Disabled
            : user.LockoutEnd is { } end && end > now ? AccountStatus.Locked
            : AccountStatus.Active;
    }

    /// <summary>正常 / 锁定 / 停用.</summary>
    public static string Label(AccountStatus status) => status switch
    {
        AccountStatus.Locked => "锁定",
        AccountStatus.Disabled => "停用",
        _ => "正常",
    };
}
