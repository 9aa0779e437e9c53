namespace EduCounty.Security;

/// <summary>
/// 三员分立 (GB/T 22239-2019 8.1.4.2 访问控制 c/d: 授予管理用户所需的最小权限，实现管理用户的权限分离):
/// no account holds two of 系统管理员, 安全管理员, 审计管理员.
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>The Chinese reason the roles may not be held together, or null when they may.</summary>
    public static string? Violation(IEnumerable<string> currentRoles, IEnumerable<string> adding)
    {
        var held = currentRoles.Concat(adding).Where(r => Roles.Separated.Contains(r)).Distinct().ToList();
        return held.Count > 1
            ? $"三员分立：同一账号不能同时担任{string.Join("、", held)}（系统管理员、安全管理员、审计管理员须由不同账号担任）"
            : null;
    }
}
