using EduCounty.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// Every authorisation failure of a signed-in user (a page, download or command their roles do not allow) is written to
/// the audit trail as "access-denied" with the method and path (issue 13, low; GB/T 22239-2019 8.1.4.3), then answered
/// as before (the denied page).
/// </summary>
public sealed class AuditedAuthorizationResults(IServiceScopeFactory scopes) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestricted();
            db.Actor = context.User.Identity.Name;
            var path = context.Request.Path.Value ?? "";
            await db.AuditAsync("access-denied", null, null,
                $"{context.Request.Method} {(path.Length > 150 ? path[..150] : path)}；IP {context.Connection.RemoteIpAddress?.ToString() ?? "未知"}", context.RequestAborted);
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
