using System.Threading.RateLimiting;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// Limits per request kind (issue 13 §6, §9), answered with a Chinese message before the request is read:
/// <list type="bullet">
/// <item>sign-in steps: EduCounty:SignInAttemptsPerMinute (default 30) POSTs per client address in a fixed one-minute
/// window (110 attempts in 8 s went through); the per-account lockout stays the defence of one account, this one slows
/// down guessing across many;</item>
/// <item>the 优质均衡 table check (open to school users; three checks at once ran the server out of memory before the
/// tabular guards): EduCounty:Tabular:SchoolTable:MaxConcurrent (default 2) at a time, the rest refused at once.</item>
/// </list>
/// </summary>
public static class RequestLimits
{
    public const int DefaultSignInsPerMinute = 30;
    public const int DefaultConcurrentChecks = 2;
    public const string SignInMessage = "登录尝试过于频繁，请 1 分钟后再试";
    public const string BusyMessage = "服务器正在检查其他数据表，请稍后再试";

    private static readonly string[] SignInSteps = ["/account/login", "/account/login-2fa"];

    public static void AddRequestLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var check = IsCheck(context.HttpContext.Request);
                context.HttpContext.Response.StatusCode = check ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(check ? BusyMessage : SignInMessage, ct);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var config = ctx.RequestServices.GetRequiredService<IConfiguration>();
                if (HttpMethods.IsPost(ctx.Request.Method) && SignInSteps.Contains(ctx.Request.Path.Value?.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("signin:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, config.GetValue("EduCounty:SignInAttemptsPerMinute", DefaultSignInsPerMinute)),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
                }
                return IsCheck(ctx.Request)
                    ? RateLimitPartition.GetConcurrencyLimiter("balance-check", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = Math.Max(1, config.GetValue("EduCounty:Tabular:SchoolTable:MaxConcurrent", DefaultConcurrentChecks)),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("none");
            });
        });

    private static bool IsCheck(HttpRequest r) =>
        HttpMethods.IsPost(r.Method) && r.Path.Equals("/balance/check", StringComparison.OrdinalIgnoreCase);
}
