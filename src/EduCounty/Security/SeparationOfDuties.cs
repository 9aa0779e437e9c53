namespace EduCounty.Security;

/// <summary>
/// 三员分立 (GB/T 22239-2019 8.1.4.2 访问控制 c/d: 授予管理用户所需的最小权限，实现管理用户的权限分离): an account holding
/// 系统管理员, 安全管理员 or 审计管理员 holds exactly that one role — not a second of the three, and no business role
/// (issue 13 §3: 审计管理员 + 基教 read and exported every student).
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>The Chinese reason the roles may not be held together, or null when they may.</summary>
    public static string? Violation(IEnumerable<string> currentRoles, IEnumerable<string> adding)
    {
        var all = currentRoles.Concat(adding).Distinct().ToList();
        var held = all.Where(r => Roles.Separated.Contains(r)).ToList();
        if (held.Count > 1)
        {
            return $"三员分立：同一账号不能同时担任{string.Join("、", held)}（系统管理员、安全管理员、审计管理员须由不同账号担任）";
        }
        if (held.Count == 1 && all.Count > 1)
        {
            return $"三员分立：{held[0]}账号只能担任这一个角色，不能兼任{string.Join("、", all.Where(r => r != held[0]))}";
        }
        return null;
    }

    /// <summary>
    /// The roles an account may act with: all of them, unless a 三员 role is mixed with others (data from before this
    /// rule): then none, fail closed, until the 安全管理员 corrects the account.
    /// </summary>
    public static IReadOnlyList<string> Effective(IReadOnlyCollection<string> roles) =>
        Violation(roles, []) is null ? [.. roles] : [];
}
