using EduCounty.Web.Components.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The idle timeout as the user meets it (issue 21 §6): the page knows when the sign-in cookie runs out (the warning in
/// js/app.js two minutes before, with 继续使用 calling <c>/account/keep-alive</c>), and a form posted after the timeout
/// sends the user, once signed in again, back to the page the form was on with a message — not to the form's endpoint.
/// </summary>
public static class SessionTimeout
{
    /// <summary>The query parameter that tells the page it was reached again after a timeout.</summary>
    public const string QueryKey = "session";

    public const string ExpiredMarker = "expired";

    /// <summary>
    /// Seconds until the sign-in cookie of this request expires when nothing else happens: the cookie handler renews a
    /// sliding cookie on a request after half its lifetime, so such a request starts the full period again.
    /// </summary>
    public static long RemainingSeconds(HttpContext? http, IConfiguration config, TimeProvider clock)
    {
        var timeout = TimeSpan.FromMinutes(config.GetValue("EduCounty:IdleTimeoutMinutes", 30));
        var properties = http?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties;
        if (properties is not { IssuedUtc: { } issued, ExpiresUtc: { } expires })
        {
            return (long)timeout.TotalSeconds;
        }
        var now = clock.GetUtcNow();
        var remaining = expires - now;
        var renewed = remaining < now - issued;
        return (long)Math.Max(0, (renewed ? timeout : remaining).TotalSeconds);
    }

    public static void AddSessionTimeout(this IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure(o =>
        {
            var inner = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = ctx =>
            {
                // A form posted after the timeout: come back to the page it was on (the endpoint has no page to show).
                if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
                {
                    ctx.RedirectUri = o.LoginPath + QueryString.Create(o.ReturnUrlParameter, ReturnPage(ctx.Request));
                }
                return inner(ctx);
            };
        });

    /// <summary>The same-site page that posted the form (its Referer), marked as reached again after a timeout.</summary>
    public static string ReturnPage(HttpRequest request)
    {
        var page = "/";
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            page = Login.LocalReturnUrl(referer.PathAndQuery);
        }
        var path = page.Split('?')[0];
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(page.Contains('?') ? page[page.IndexOf('?')..] : "");
        var kept = query.Where(q => q.Key != QueryKey && q.Key != "msg").SelectMany(q => q.Value.Select(v => (q.Key, v)));
        return Components.Shared.Query.Url(path, [.. kept.Select(k => (k.Key, (object?)k.v)), (QueryKey, ExpiredMarker)]);
    }

    /// <summary>GET /account/keep-alive: a signed-in request (which renews the sliding cookie), answering the seconds left.</summary>
    public static void MapSessionTimeout(this WebApplication app) =>
        app.MapGet("/account/keep-alive", (HttpContext http, IConfiguration config, TimeProvider clock) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { seconds = RemainingSeconds(http, config, clock) });
        }).RequireAuthorization();
}
