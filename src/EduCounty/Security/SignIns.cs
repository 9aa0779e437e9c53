using EduCounty.Common;

namespace EduCounty.Security;

/// <summary>
/// A password an account had before its current one (issue 6 §3: none of the last 5 passwords reused). Only the
/// Identity hash is kept, marked secret so that the audit trail shows it as (保密).
/// </summary>
[OutsideDataVersion("密码历史不是评估读取的业务数据")]
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    [Secret]
    public required string PasswordHash { get; set; }
    /// <summary>When this password stopped being the current one.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// One sign-in attempt, kept for the account holder's own history page (/account/history). The audit trail holds
/// the same event (hash-chained); this table is the per-user index for display.
/// </summary>
[NotAudited("每次登录尝试另有一条显式的登录审计记录（含用户名与 IP）")]
[OutsideDataVersion("登录记录不是评估读取的业务数据")]
public sealed class SignInEvent
{
    public long Id { get; set; }
    /// <summary>Null when the typed user name matches no account.</summary>
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>One of <see cref="SignInResults"/>.</summary>
    public required string Result { get; set; }
    public string? Reason { get; set; }
    public string? Ip { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>Results of a sign-in attempt; also the audit action names.</summary>
public static class SignInResults
{
    public const string SignedIn = "signin";
    public const string Failed = "signin-failed";
    /// <summary>Refused because the account is locked (whatever the password).</summary>
    public const string Locked = "locked";
    public const string TwoFactorFailed = "2fa-failed";

    public static string Label(string result) => result switch
    {
        SignedIn => "登录成功",
        Failed => "登录失败",
        Locked => "账号已锁定",
        TwoFactorFailed => "动态验证码错误",
        _ => result,
    };
}
