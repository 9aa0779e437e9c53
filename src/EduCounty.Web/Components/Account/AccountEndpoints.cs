using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Components.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, EduDb db, HttpContext ctx) =>
        {
            var name = ctx.User.Identity?.Name;
            await signIn.SignOutAsync();
            db.Actor = name;
            await db.AuditAsync("signout", "User", name, null);
            return Results.Redirect("/account/login");
        }).RequireAuthorization().FormCommand();
    }
}

/// <summary>
/// Before anything else a signed-in user must change a one-time or expired password, then (三员 roles) enrol in
/// two-factor sign-in. Only the pages that do that, sign-out and the framework's own files stay reachable.
/// </summary>
public sealed class AccountGate(RequestDelegate next)
{
    private static readonly string[] Open =
        ["/account/change-password", "/account/two-factor", "/account/logout", "/account/login", "/account/login-2fa", "/account/denied"];

    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (ctx.User.Identity?.IsAuthenticated == true && !Open.Contains(path.TrimEnd('/'), StringComparer.OrdinalIgnoreCase)
            && !path.StartsWith("/_", StringComparison.Ordinal) && !Path.HasExtension(path))
        {
            if (ctx.User.HasClaim(c => c.Type == AppClaimsFactory.MustChangePassword))
            {
                ctx.Response.Redirect("/account/change-password");
                return;
            }
            if (ctx.User.HasClaim(AppClaimsFactory.MustEnrolTwoFactor, "1"))
            {
                ctx.Response.Redirect("/account/two-factor");
                return;
            }
        }
        await next(ctx);
    }
}
