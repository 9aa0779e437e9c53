using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The page each role lands on after signing in and from 首页 (issue 21 §8): the county overview for those who read
/// business data, 账号管理 for the 系统管理员, 审计记录 for the 审计管理员, and otherwise the user's own sign-in history.
/// </summary>
public static class Landing
{
    private static readonly (string Page, string Policy)[] Pages =
    [
        ("/", Policies.RegistryRead), ("/admin/users", Policies.AdminUsers), ("/admin/audit", Policies.AuditRead),
    ];

    public const string Fallback = "/account/history";

    public static async Task<string> ForAsync(IAuthorizationService auth, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(auth);
        foreach (var (page, policy) in Pages)
        {
            if ((await auth.AuthorizeAsync(user, policy)).Succeeded)
            {
                return page;
            }
        }
        return Fallback;
    }
}
