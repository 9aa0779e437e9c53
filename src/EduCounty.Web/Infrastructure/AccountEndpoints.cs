using EduCounty.Common;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Infrastructure;

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
        }).RequireAuthorization();
    }
}

/// <summary>Sends a user who must change the one-time password to the change page before anything else.</summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (ctx.User.Identity?.IsAuthenticated == true && ctx.User.HasClaim(AppClaimsFactory.MustChangePassword, "1")
            && !path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/_", StringComparison.Ordinal)
            && !Path.HasExtension(path))
        {
            ctx.Response.Redirect("/account/change-password");
            return;
        }
        await next(ctx);
    }
}
