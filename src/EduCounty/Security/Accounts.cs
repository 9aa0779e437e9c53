using Microsoft.AspNetCore.Identity;

namespace EduCounty.Security;

/// <summary>A platform account (ASP.NET Core Identity user with the platform's own fields).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The password was set by someone else (one-time password) and must be changed at sign-in.</summary>
    public bool MustChangePassword { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    /// <summary>
    /// Start (UTC) of the current 15-minute window of failed sign-ins counted in AccessFailedCount (issue 6 §3:
    /// 5 failures within 15 minutes lock the account). A DateTime rather than a DateTimeOffset because the
    /// counting UPDATE compares it in SQL, which EF Core's SQLite provider refuses for DateTimeOffset.
    /// </summary>
    public DateTime? FirstFailureAtUtc { get; set; }
    public List<UserScope> Scopes { get; set; } = [];
}

/// <summary>One element of a user's organisation scope: a division (and all below it) or a school.</summary>
public sealed class UserScope
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public string? DivisionCode { get; set; }
    public int? SchoolId { get; set; }
}

/// <summary>Role names (Chinese, as the bureau says them); see issue 6 for the full matrix.</summary>
public static class Roles
{
    public const string SystemAdmin = "系统管理员";
    public const string SecurityAdmin = "安全管理员";
    public const string AuditAdmin = "审计管理员";
    public const string Leader = "局领导";
    public const string Planning = "规划";
    public const string BasicEducation = "基教";
    public const string Personnel = "人事";
    public const string HealthSportsArts = "体卫艺";
    public const string Aid = "资助";
    public const string Safety = "安全";
    public const string Supervision = "督导";
    public const string Township = "乡镇";
    public const string SchoolAdmin = "学校管理员";
    public const string SchoolClerk = "学校填报员";
    /// <summary>
    /// A right, not a job: may reveal a full 身份证号 (detail pages, unmasked exports). Holders: this role, plus the roles
    /// named in the configuration EduCounty:IdNumberRevealRoles (default 人事, 基教). docs/adr/0016.
    /// </summary>
    public const string RevealIdNumber = "查看身份证号";

    public static readonly string[] All =
    [
        SystemAdmin, SecurityAdmin, AuditAdmin, Leader, Planning, BasicEducation, Personnel,
        HealthSportsArts, Aid, Safety, Supervision, Township, SchoolAdmin, SchoolClerk, RevealIdNumber,
    ];

    /// <summary>Roles holding the 身份证号 right when the configuration does not say (人事 and 基教 handle staff and student files).</summary>
    public static readonly string[] DefaultIdNumberRevealRoles = [Personnel, BasicEducation];

    /// <summary>The 三员 roles: no account may hold two of them.</summary>
    public static readonly string[] Separated = [SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>Roles that read business data county-wide.</summary>
    public static readonly string[] CountyReaders =
        [Leader, Planning, BasicEducation, Personnel, HealthSportsArts, Aid, Safety, Supervision];
}

/// <summary>Append-only audit trail entry; each carries the hash of the previous one (tamper evidence).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserName { get; set; }
    /// <summary>create / update / delete / view / export / signin / signin-failed / import / demo …</summary>
    public required string Action { get; set; }
    public string? Entity { get; set; }
    public string? EntityId { get; set; }
    /// <summary>JSON of the changed fields: {"Name":["old","new"]}.</summary>
    public string? Changes { get; set; }
    public string? Detail { get; set; }
    public string? PreviousHash { get; set; }
    public required string Hash { get; set; }
}
