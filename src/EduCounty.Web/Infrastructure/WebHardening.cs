using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// Transport and size hardening (issue 6 §6; OWASP ASVS 9.1, 12.1): HTTPS redirect, HSTS and secure-only cookies
/// when the server is configured to serve https; request body and upload limits from EduCounty:MaxUploadMegabytes.
/// Everything is read from the configuration when the options are built (tests apply settings after Program runs).
/// </summary>
public static class WebHardening
{
    public const int DefaultMaxUploadMegabytes = 100;

    /// <summary>An https URL is configured: urls / ASPNETCORE_URLS, a Kestrel endpoint, or EduCounty:PublicUrl (TLS ended by a proxy).</summary>
    public static bool ServesHttps(IConfiguration c) => HttpsUrls(c).Any();

    private static IEnumerable<string> HttpsUrls(IConfiguration c) =>
        new[] { c["EduCounty:PublicUrl"] ?? "" }
            .Concat((c["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(c.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""))
            .Where(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The port plain-http requests are redirected to: that of the first https URL (PublicUrl first), else 443.</summary>
    public static int HttpsPort(IConfiguration c) =>
        HttpsUrls(c).Select(u => Uri.TryCreate(u.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : 443)
            .FirstOrDefault(443);

    public static long MaxUploadBytes(IConfiguration c) =>
        Math.Max(1, c.GetValue("EduCounty:MaxUploadMegabytes", DefaultMaxUploadMegabytes)) * 1024L * 1024L;

    /// <summary>Room for the multipart framing and the other form fields around the file.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    public static void AddWebHardening(this IServiceCollection services)
    {
        // One year, sub-domains included (OWASP HSTS cheat sheet); localhost is excluded by the middleware's defaults.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IConfiguration>((o, c) => o.HttpsPort = HttpsPort(c));
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((o, c) => o.Limits.MaxRequestBodySize = MaxUploadBytes(c) + FormOverheadBytes);
        services.AddOptions<FormOptions>().Configure<IConfiguration>((o, c) => o.MultipartBodyLengthLimit = MaxUploadBytes(c) + FormOverheadBytes);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<IConfiguration>((o, c) =>
        {
            if (ServesHttps(c))
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
        services.AddOptions<AntiforgeryOptions>().PostConfigure<IConfiguration>((o, c) =>
        {
            if (ServesHttps(c))
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
    }

    /// <summary>HTTPS redirect and HSTS only when served over TLS (a plain-http intranet install keeps working).</summary>
    public static void UseWebHardening(this WebApplication app)
    {
        if (ServesHttps(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // An upload larger than its page's limit is refused before anything reads its body, with a Chinese message on
        // that page; a body without a length (chunked) is cut off by Kestrel at the same size.
        app.Use(async (ctx, next) =>
        {
            if (HttpMethods.IsPost(ctx.Request.Method) && UploadLimit(ctx) is { } upload)
            {
                var (page, limit) = upload;
                if (ctx.Request.ContentLength > limit + FormOverheadBytes)
                {
                    var message = page == "/imports" ? TooLarge(limit) : $"文件超过上传上限 {limit / 1048576} MB，已拒收";
                    ctx.Response.Redirect($"{page}?{(page == "/balance/check" ? "error" : "msg")}={Uri.EscapeDataString(message)}");
                    return;
                }
                if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
                {
                    body.MaxRequestBodySize = limit + FormOverheadBytes;
                }
            }
            await next();
        });
    }

    /// <summary>The page an upload path reports to and its size limit (imports, the 优质均衡 table, the survey).</summary>
    private static (string Page, long Limit)? UploadLimit(HttpContext ctx)
    {
        var c = ctx.RequestServices.GetRequiredService<IConfiguration>();
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/imports/upload"))
        {
            return ("/imports", MaxUploadBytes(c));
        }
        if (path.Equals("/balance/check", StringComparison.OrdinalIgnoreCase))
        {
            return ("/balance/check", TabularSettings.SchoolTable(c).MaxFileBytes);
        }
        if (path.Equals("/balance/survey", StringComparison.OrdinalIgnoreCase))
        {
            return ("/balance/record", TabularSettings.Survey(c).MaxFileBytes);
        }
        // A school's form upload: /periods/{form}/{school}/upload, back to that form's page.
        if (path.StartsWithSegments("/periods") && path.Value is { } p && p.EndsWith("/upload", StringComparison.OrdinalIgnoreCase))
        {
            return (p[..^"/upload".Length], TabularSettings.SchoolForm(c).MaxFileBytes);
        }
        return null;
    }

    public static string TooLarge(long limit) => $"文件超过网页上传上限 {limit / 1048576} MB，已拒收（可用命令行导入）";
}
