using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// The security policy the 安全管理员 sets (issue 13 §4; GB/T 22239-2019 8.1.4.1/8.1.4.2): password age, lockout, who may
/// reveal 身份证号 and see 残疾/家庭经济困难, session lifetime and count, unmasked export rows a day, password checks a
/// minute per user name. One row (Id 1); until
/// it is saved the host's configuration gives the values (<see cref="SecurityPolicyValues"/>).
/// </summary>
[OutsideDataVersion("安全策略不是评估读取的业务数据（缓存的列表只含掩码后的身份证号）")]
public sealed class SecurityPolicy
{
    public int Id { get; set; } = 1;
    public int PasswordMaxAgeDays { get; set; }
    public int LockoutThreshold { get; set; }
    public int LockoutMinutes { get; set; }
    /// <summary>Comma-separated role names holding the 身份证号 right (besides the role 查看身份证号).</summary>
    public string IdNumberRevealRoles { get; set; } = "";
    /// <summary>Comma-separated role names that see a student's 残疾类别 and 家庭经济困难 (docs/adr/0024).</summary>
    public string SensitiveAttributeRoles { get; set; } = "";
    public int SessionAbsoluteHours { get; set; }
    public int MaxConcurrentSessions { get; set; }
    public int UnmaskedExportRowsPerDay { get; set; }
    /// <summary>Password checks a minute for one user name, whatever the addresses (issue 13 §9; <see cref="SignInThrottles"/>).</summary>
    public int SignInChecksPerNamePerMinute { get; set; } = SignInThrottles.DefaultChecksPerMinute;
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>The policy's values (the stored row, or the host's defaults).</summary>
public sealed record SecurityPolicyValues(
    int PasswordMaxAgeDays,
    int LockoutThreshold,
    int LockoutMinutes,
    IReadOnlyList<string> IdNumberRevealRoles,
    IReadOnlyList<string> SensitiveAttributeRoles,
    int SessionAbsoluteHours,
    int MaxConcurrentSessions,
    int UnmaskedExportRowsPerDay,
    int SignInChecksPerNamePerMinute = SignInThrottles.DefaultChecksPerMinute)
{
    /// <summary>The defaults of 等保 三级 and of this platform (README "Security").</summary>
    public static SecurityPolicyValues Default { get; } = new(90, 5, 15, Roles.DefaultIdNumberRevealRoles, Roles.DefaultSensitiveAttributeRoles, 8, 3, 5000);

    public TimeSpan LockoutDuration => TimeSpan.FromMinutes(LockoutMinutes);
    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionAbsoluteHours);

    /// <summary>Role names from a comma-separated setting.</summary>
    public static IReadOnlyList<string> RoleList(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
}

/// <summary>
/// Reads the policy in force: the stored row when the 安全管理员 saved one, else the given defaults. A row saved before the
/// per-name limit was part of the policy holds 0 there (the migration's default) and keeps the host's value.
/// </summary>
public static class ReadSecurityPolicy
{
    public static async Task<SecurityPolicyValues> HandleAsync(EduDb db, SecurityPolicyValues defaults, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var p = await db.SecurityPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == 1, ct);
        return p is null ? defaults : new SecurityPolicyValues(p.PasswordMaxAgeDays, p.LockoutThreshold, p.LockoutMinutes,
            SecurityPolicyValues.RoleList(p.IdNumberRevealRoles), SecurityPolicyValues.RoleList(p.SensitiveAttributeRoles),
            p.SessionAbsoluteHours, p.MaxConcurrentSessions, p.UnmaskedExportRowsPerDay,
            p.SignInChecksPerNamePerMinute > 0 ? p.SignInChecksPerNamePerMinute : defaults.SignInChecksPerNamePerMinute);
    }
}

/// <summary>
/// 安全策略 (安全管理员 only; the web's policy security.admin): validates and stores the policy, audited ("policy-set",
/// besides the row's own change entry). Ranges: 等保 三级 asks for periodic password change and lockout; the 三员 never
/// hold a data right.
/// </summary>
public static class SetSecurityPolicy
{
    /// <exception cref="RuleException">A value outside its range, or an unknown or 三员 role named.</exception>
    public static async Task<string> HandleAsync(EduDb db, SecurityPolicyValues values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(values);
        Range(values.PasswordMaxAgeDays, 1, 180, "密码最长使用天数", "PasswordMaxAgeDays");
        Range(values.LockoutThreshold, 3, 10, "锁定前允许的连续失败次数", "LockoutThreshold");
        Range(values.LockoutMinutes, 5, 1440, "锁定时长（分钟）", "LockoutMinutes");
        Range(values.SessionAbsoluteHours, 1, 24, "会话最长时长（小时）", "SessionAbsoluteHours");
        Range(values.MaxConcurrentSessions, 1, 20, "每个账号同时在线的会话数", "MaxConcurrentSessions");
        Range(values.UnmaskedExportRowsPerDay, 0, 1_000_000, "每人每天明文导出行数", "UnmaskedExportRowsPerDay");
        Range(values.SignInChecksPerNamePerMinute, 3, 1_000_000, "同一用户名每分钟登录尝试次数", "SignInChecksPerNamePerMinute");
        foreach (var (list, field) in new[] { (values.IdNumberRevealRoles, "IdNumberRevealRoles"), (values.SensitiveAttributeRoles, "SensitiveAttributeRoles") })
        {
            if (list.FirstOrDefault(r => !Roles.All.Contains(r) || Roles.Separated.Contains(r)) is { } bad)
            {
                throw new RuleException($"角色“{bad}”不存在或属于三员，不能授予数据权限") { Field = field };
            }
        }
        var p = await db.SecurityPolicies.FirstOrDefaultAsync(x => x.Id == 1, ct);
        if (p is null)
        {
            p = new SecurityPolicy();
            db.SecurityPolicies.Add(p);
        }
        p.PasswordMaxAgeDays = values.PasswordMaxAgeDays;
        p.LockoutThreshold = values.LockoutThreshold;
        p.LockoutMinutes = values.LockoutMinutes;
        p.IdNumberRevealRoles = string.Join(",", values.IdNumberRevealRoles);
        p.SensitiveAttributeRoles = string.Join(",", values.SensitiveAttributeRoles);
        p.SessionAbsoluteHours = values.SessionAbsoluteHours;
        p.MaxConcurrentSessions = values.MaxConcurrentSessions;
        p.UnmaskedExportRowsPerDay = values.UnmaskedExportRowsPerDay;
        p.SignInChecksPerNamePerMinute = values.SignInChecksPerNamePerMinute;
        p.UpdatedBy = db.Actor;
        p.UpdatedAt = db.Clock.GetUtcNow();
        db.PendingAudit.Add(new AuditItem("policy-set", nameof(SecurityPolicy), "1",
            null, $"安全管理员 {db.Actor} 设置安全策略"));
        await db.SaveChangesAsync(ct);
        return "安全策略已保存";
    }

    private static void Range(int value, int min, int max, string label, string field)
    {
        if (value < min || value > max)
        {
            throw new RuleException($"{label}应在 {min}–{max} 之间，给定 {value}") { Field = field };
        }
    }
}
