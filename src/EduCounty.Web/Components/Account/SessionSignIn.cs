using System.Security.Claims;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EduCounty.Web.Components.Account;

/// <summary>
/// Identity's sign-in manager with server-side sessions (issue 13 §8, docs/adr/0023): every sign-in starts a
/// <see cref="UserSession"/> (the oldest end beyond the policy's concurrent limit) and names it in the cookie; a refresh
/// of the cookie (password or two-factor change) keeps the open session of the same account; signing out ends it.
/// </summary>
public sealed class EduSignInManager(UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, EduDb db, SecurityPolicyCache policy)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>The claim naming the server-side session.</summary>
    public const string SessionClaim = "educounty:sid";

    private bool _refreshing;

    public override async Task RefreshSignInAsync(AppUser user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        var list = additionalClaims.Where(c => c.Type != SessionClaim).ToList();
        var values = await policy.GetAsync();
        var current = Context.User.FindFirstValue(SessionClaim);
        var keep = _refreshing && Context.User.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id
            && await Sessions.IsOpenAsync(db, current, user.Id, values);
        var sid = keep ? current! : await Sessions.StartAsync(db, user.Id, Context.Connection.RemoteIpAddress?.ToString(), values);
        list.Add(new Claim(SessionClaim, sid));
        await base.SignInWithClaimsAsync(user, authenticationProperties, list);
    }

    public override async Task SignOutAsync()
    {
        if (Context.User.FindFirstValue(SessionClaim) is { } sid)
        {
            await Sessions.EndAsync(db, sid, "signout");
        }
        await base.SignOutAsync();
    }

    /// <summary>
    /// The cookie's check on every request: its session must be open (not ended, within the absolute lifetime), then
    /// Identity's security stamp check. A refused cookie is removed and the request is anonymous.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        var values = await services.GetRequiredService<SecurityPolicyCache>().GetAsync(context.HttpContext.RequestAborted);
        var principal = context.Principal;
        var sid = principal?.FindFirstValue(SessionClaim);
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var ct = context.HttpContext.RequestAborted;
        // The session is read from the standby when the main database is down (issue 20 §5, docs/adr/0040): sessions
        // are replicated, so one ended on the primary is ended there too.
        var fallback = services.GetRequiredService<PrimaryFallback>();
        var open = await fallback.ReadAsync(services.GetRequiredService<EduDbFactory>(),
            db => Sessions.IsOpenAsync(db, sid, userId, values, ct), primary: services.GetRequiredService<EduDb>());
        if (!open)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (fallback.PrimaryDown)
        {
            // Identity's periodic security-stamp check reads the account through the main database's user store: while
            // that is down the open session (checked above on the standby) is enough, and the stamp is checked again
            // once the main database answers.
            return;
        }
        try
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        catch (Exception ex) when (fallback.HasStandby && PrimaryFallback.IsConnectionFailure(ex))
        {
            fallback.MarkDown(ex);
        }
    }

    /// <summary>Identity's periodic claims refresh keeps the session claim.</summary>
    public static Task KeepSession(SecurityStampRefreshingPrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CurrentPrincipal?.FindFirst(SessionClaim) is { } sid && context.NewPrincipal?.Identity is ClaimsIdentity id && !id.HasClaim(c => c.Type == SessionClaim))
        {
            id.AddClaim(new Claim(SessionClaim, sid.Value));
        }
        return Task.CompletedTask;
    }
}
