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
/// two-factor sign-in. Every endpoint is gated — downloads too, whatever their URL looks like (issue 13 §1: a file
/// extension used to pass) — except the pages that do that, sign-out, and the endpoints open to anyone (static assets,
/// the sign-in, error and not-found pages, which carry [AllowAnonymous]).
/// </summary>
public sealed class AccountGate(RequestDelegate next)
{
    private static readonly string[] Open = ["/account/change-password", "/account/two-factor", "/account/logout"];

    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (ctx.User.Identity?.IsAuthenticated == true && !Open.Contains(path.TrimEnd('/'), StringComparer.OrdinalIgnoreCase)
            && ctx.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
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
