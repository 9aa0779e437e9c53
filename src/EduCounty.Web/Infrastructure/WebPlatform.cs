using System.Text.Encodings.Web;
using System.Text.Unicode;
using EduCounty.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// What every feature's pages stand on (docs/adr/0020): logging, Razor components, the clock, the signed-in user, the
/// database with its scope, personal-data protection, cookie keys, hardening and deny-by-default authorization. Features
/// add their own services and policies with one Add… call and their endpoints with one Map… call in Program.cs.
/// </summary>
public static class WebPlatform
{
    /// <summary>
    /// The host's options: the content root (appsettings.json, wwwroot) is the folder of the app's own files, so a
    /// published build started from any working directory serves its assets and applies its log levels. A content root
    /// given explicitly (--contentRoot, ASPNETCORE_CONTENTROOT; the test host passes one) wins.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var given = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return new WebApplicationOptions { Args = args, ContentRootPath = given ? null : AppContext.BaseDirectory };
    }

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // An unpublished build (bin/…) finds its assets through the build's manifest in every environment, not only in
        // Development; a published build has no such manifest and serves wwwroot beside the app (issue 21 §1).
        builder.WebHost.UseStaticWebAssets();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        // Secrets logged with their structure are redacted by the declared list (issue 13 §2).
        services.AddSerilog((sp, lc) => lc.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext().Destructure.With<SecretRedaction>().WriteTo.Console());
        // Chinese served as characters, not HTML entities (STACK.md §1).
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddHttpContextAccessor();
        // One time zone for every time shown (EduCounty:TimeZone, default Asia/Shanghai; issue 21 §3).
        LocalTime.Configure(builder.Configuration["EduCounty:TimeZone"]);
        services.TryAddSingleton(LocalTime.Clock);
        services.AddScoped<CurrentUser>();
        services.AddSingleton<SecurityPolicyCache>();
        services.AddSingleton<AuditCheckpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointService>());
        // The county-wide results of the most viewed pages, computed once the server has started (issue 20 §1).
        services.AddSingleton<CacheWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheWarmup>());
        // Authorisation failures are audited (issue 13, low).
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditedAuthorizationResults>();
        services.AddEduDb();
        services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            return Platform.Protector(DbSetup.DatabaseSetting(config), config["EduCounty:KeysFile"]);
        });
        // Cookie and antiforgery keys live beside the database, not in the user's profile.
        services.AddDataProtection().SetApplicationName("EduCounty");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(
                // Owner-only folder (issue 13, low): the cookie and antiforgery keys are in it.
                OwnerOnlyFiles.Folder(Path.Combine(Database.DataFolder(DbSetup.DatabaseSetting(sp.GetRequiredService<IConfiguration>())), "dp-keys")),
                sp.GetRequiredService<ILoggerFactory>())));
        services.AddCascadingAuthenticationState();
        services.AddWebHardening();
        services.AddSessionTimeout();
        // Framing is refused by CSP frame-ancestors 'none' and X-Frame-Options: DENY on every response; antiforgery's own
        // "SAMEORIGIN" would contradict the latter on pages with forms.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        // Deny by default: every endpoint needs a signed-in user unless it says otherwise.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>The response headers and error handling that come before everything else.</summary>
    public static WebApplication UsePlatformHeaders(this WebApplication app)
    {
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
            // No 'unsafe-inline' or 'unsafe-eval' (issue 13, low): scripts are files, styles are classes (SVG bars carry their
            // width as an attribute); object-src/base-uri/form-action closed to other origins.
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            await next();
        });
        // A refusal by a business rule that no page or endpoint showed itself: 400 with its Chinese message (docs/adr/0019).
        app.UseMiddleware<RuleRefusals>();
        app.UseWebHardening();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        return app;
    }

    /// <summary>Static assets and the Razor components, every one behind the fallback policy.</summary>
    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapSessionTimeout();
        // Deny by default, declared on every endpoint (pages, the circuit hub, Blazor's own endpoints); the sign-in,
        // denied, error and not-found pages opt out with [AllowAnonymous], which takes precedence.
        // Our CSP already says frame-ancestors 'none'; Blazor's own "frame-ancestors 'self'" header would be a second, looser CSP.
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).RequireAuthorization();
        return app;
    }
}
