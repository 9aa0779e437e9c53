using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Components.Account;

/// <summary>Sign-in, accounts and the 三员's pages (docs/adr/0015, 0020): Identity with the 等保 三级 policy, cookies, policies.</summary>
public static class AccountsWeb
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // 等保 三级: 8+ characters from three classes (validator below), lockout after 5 failures for 15 minutes.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<EduDb>()
            .AddPasswordValidator<ThreeOfFourPasswordValidator>()
            .AddPasswordValidator<PasswordHistoryValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddUserManager<EduUserManager>()
            .AddSignInManager<EduSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OnceTotpTokenProvider>(OnceTotpTokenProvider.Name);
        // Two-factor codes within ±1 step and once only (issue 13, low).
        services.Configure<IdentityOptions>(o => o.Tokens.AuthenticatorTokenProvider = OnceTotpTokenProvider.Name);
        // Identity's periodic claims refresh keeps the server-side session's claim (issue 13 §8).
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = EduSignInManager.KeepSession);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "educounty.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("EduCounty:IdleTimeoutMinutes", 30));
            o.SlidingExpiration = true;
            // Every request: the server-side session must still be open (sign-out, disable, lock, role or password
            // change end it at once; absolute lifetime), then Identity's security stamp (issue 13 §8).
            o.Events.OnValidatePrincipal = EduSignInManager.ValidateAsync;
        });
        // "Password verified, code pending" (Identity's 5-minute cookie): the same flags, and the login page when it is missing.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.LoginPath = "/account/login";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<SignInFlow>();
        services.AddRequestLimits();
        services.AddAuthorizationBuilder()
            // The second sign-in step: a password verified in this browser in the last 5 minutes (not yet a signed-in user).
            .AddPolicy(Policies.SecondFactor, p => p.AddAuthenticationSchemes(IdentityConstants.TwoFactorUserIdScheme).RequireAuthenticatedUser())
            .AddPolicy(Policies.AdminUsers, p => p.RequireRole(Roles.SystemAdmin))
            .AddPolicy(Policies.SecurityAdmin, p => p.RequireRole(Roles.SecurityAdmin))
            .AddPolicy(Policies.AuditRead, p => p.RequireRole(Roles.AuditAdmin));
        return builder;
    }

    /// <summary>
    /// Authentication, then the account gate (before authorization: a user who must change the password or enrol in
    /// two-factor sign-in is sent there even from a page their roles could not open), then authorization.
    /// </summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<AccountGate>();
        app.UseAuthorization();
        return app;
    }
}
