using System.Text.Encodings.Web;
using System.Text.Unicode;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Web.Components;
using EduCounty.Web.Components.Balance;
using EduCounty.Web.Infrastructure;
using EduCounty.Web.Plan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

builder.Services.AddSerilog((sp, lc) => lc.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext().WriteTo.Console());
// Chinese served as characters, not HTML entities (STACK.md §1).
builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddAntDesign();
builder.Services.AddHttpContextAccessor();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddSingleton<ImportUploads>();
builder.Services.AddSingleton<ImportJobs>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
builder.Services.AddEduDb();
builder.Services.AddSingleton(sp =>
{
    var config = sp.GetRequiredService<IConfiguration>();
    return Platform.Protector(DbSetup.DatabaseSetting(config), config["EduCounty:KeysFile"]);
});
// Cookie and antiforgery keys live beside the database, not in the user's profile.
builder.Services.AddDataProtection().SetApplicationName("EduCounty");
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
    o.XmlRepository = new FileSystemXmlRepository(
        new DirectoryInfo(Path.Combine(Database.DataFolder(DbSetup.DatabaseSetting(sp.GetRequiredService<IConfiguration>())), "dp-keys")),
        sp.GetRequiredService<ILoggerFactory>())));

builder.Services.AddIdentity<AppUser, IdentityRole>(o =>
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
    .AddClaimsPrincipalFactory<AppClaimsFactory>()
    .AddUserManager<EduUserManager>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(o =>
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
});
// "Password verified, code pending" (Identity's 5-minute cookie): the same flags, and the login page when it is missing.
builder.Services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
{
    o.LoginPath = "/account/login";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Strict;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});
builder.Services.AddScoped<SignInFlow>();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddWebHardening();
// Framing is refused by CSP frame-ancestors 'none' and X-Frame-Options: DENY on every response; antiforgery's own
// "SAMEORIGIN" would contradict the latter on pages with forms.
builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
builder.Services.AddAuthorizationBuilder()
    // Deny by default: every endpoint needs a signed-in user unless it says otherwise.
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Policies.RegistryRead, p => p.RequireRole([.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk]))
    .AddPolicy(Policies.Import, p => p.RequireRole(Roles.Planning, Roles.BasicEducation, Roles.Personnel))
    // The second sign-in step: a password verified in this browser in the last 5 minutes (not yet a signed-in user).
    .AddPolicy(Policies.SecondFactor, p => p.AddAuthenticationSchemes(IdentityConstants.TwoFactorUserIdScheme).RequireAuthenticatedUser())
    .AddPolicy(Policies.AdminUsers, p => p.RequireRole(Roles.SystemAdmin))
    .AddPolicy(Policies.AuditRead, p => p.RequireRole(Roles.AuditAdmin))
    .AddPolicy(Policies.PlanRead, p => p.RequireRole(Roles.CountyReaders))
    .AddPolicy(Policies.PlanWrite, p => p.RequireRole(Roles.Planning))
    .AddPolicy(Policies.LedgerWrite, p => p.RequireRole(Roles.Planning, Roles.Supervision));

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.Use(async (ctx, next) =>
{
    var h = ctx.Response.Headers;
    h.XContentTypeOptions = "nosniff";
    h["Referrer-Policy"] = "same-origin";
    h["X-Frame-Options"] = "DENY";
    h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; connect-src 'self' ws: wss:; frame-ancestors 'none'";
    await next();
});
// A refusal by a business rule that no page or endpoint showed itself: 400 with its Chinese message (docs/adr/0019).
app.UseMiddleware<RuleRefusals>();
app.UseWebHardening();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
// Before authorization: a user who must change the password or enrol in two-factor sign-in is sent there even from a
// page their roles could not open (otherwise they would see "无权访问" instead).
app.UseMiddleware<AccountGate>();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
// Deny by default, declared on every endpoint (pages, the circuit hub, Blazor's own endpoints); the sign-in,
// denied, error and not-found pages opt out with [AllowAnonymous], which takes precedence.
// Our CSP already says frame-ancestors 'none'; Blazor's own "frame-ancestors 'self'" header would be a second, looser CSP.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).RequireAuthorization();
app.MapAccountEndpoints();
app.MapBalanceEndpoints();
app.MapFitnessEndpoints();
app.MapPlanExports();
app.MapPlanProgressEndpoints();
app.MapImportEndpoints();

await Startup.InitialiseAsync(app);
app.Run();

public partial class Program;
