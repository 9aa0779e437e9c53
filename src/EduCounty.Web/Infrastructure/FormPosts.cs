using EduCounty.Common;
using Microsoft.AspNetCore.Antiforgery;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The web's one form style (docs/adr/0019). A page's command form — a change whose outcome is a message — posts to its
/// feature's endpoint with the antiforgery token; the endpoint calls one library use case and redirects back to the
/// page with <c>?msg=</c> (Post/Redirect/Get), a <see cref="RuleException"/>'s Chinese message coming back the same way.
/// Forms whose response must carry what may not go into a URL (a one-time password, a revealed 身份证号, a checked
/// table's report, the sign-in steps) post back to their page as named forms instead.
/// </summary>
public static class FormPosts
{
    private static readonly RequireAntiforgeryTokenAttribute Antiforgery = new();

    /// <summary>The answer to a post without a valid antiforgery token (400).</summary>
    public const string InvalidToken = "表单已失效或来源不明（防伪令牌无效），请刷新页面后重试";

    /// <summary>
    /// Declares a POST endpoint as a form command: the antiforgery token is validated and an invalid one answered 400
    /// before the handler runs — also where the endpoint binds nothing from the form (the framework enforces the token
    /// by itself only for form-bound parameters; a handler reading the form by hand would fail with a server error).
    /// </summary>
    public static RouteHandlerBuilder FormCommand(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(Antiforgery).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? Results.Text(InvalidToken, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
    }

    /// <summary>The page URL with the message to show (<c>msg</c>, added to its query string).</summary>
    public static string Back(string page, string message)
    {
        ArgumentNullException.ThrowIfNull(page);
        var sep = page.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{page}{sep}msg={Uri.EscapeDataString(message)}";
    }

    /// <summary>
    /// Reads the form, runs the command as the signed-in user and redirects back: to the form's own <c>back</c> field
    /// when it is a local path under <paramref name="backPrefix"/>, else to <paramref name="pageOf"/>'s page for the
    /// form (its filters), else to <paramref name="page"/>.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpContext ctx, EduDb db, CurrentUser user, string page, string backPrefix,
        Func<IFormCollection, Task<string>> command, Func<IFormCollection, string>? pageOf = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(command);
        db.Actor = user.Name;
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var to = form["back"].ToString() is { Length: > 0 } b && b.StartsWith(backPrefix, StringComparison.Ordinal) && !b.StartsWith("//", StringComparison.Ordinal)
            ? b : pageOf?.Invoke(form) ?? page;
        string message;
        try
        {
            message = await command(form);
        }
        catch (RuleException e)
        {
            message = e.Message;
        }
        return Results.Redirect(Back(to, message));
    }
}

/// <summary>
/// A <see cref="RuleException"/> that no page or endpoint turned into a message itself is answered 400 with its Chinese
/// message (plain text), not as a server error. So is input the framework cannot read (issue 13, low: these gave blank
/// 500s): a query value of the wrong type for a page's parameter (<c>/students?page=abc</c>,
/// <c>/admin/audit?page=x</c>, <c>/students?school=abc</c>), a NUL character PostgreSQL refuses
/// (<c>/students?grade=%00</c>), and a malformed request body or form.
/// </summary>
public sealed class RuleRefusals(RequestDelegate next)
{
    /// <summary>PostgreSQL's refusal of a NUL character in text (SQLSTATE 22021), e.g. <c>/students?grade=%00</c>.</summary>
    private static bool IsNulCharacter(Exception e) =>
        (e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException) is { SqlState: "22021" };

    /// <summary>Blazor's refusal of a query value it cannot convert to the parameter's type.</summary>
    private static bool IsBadQueryValue(Exception e) =>
        e is InvalidOperationException && e.Message.StartsWith("Cannot parse the value", StringComparison.Ordinal);

    private static Task AnswerAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.Clear();
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync(message, ctx.RequestAborted);
    }

    public async Task InvokeAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            await next(ctx);
        }
        catch (RuleException e) when (!ctx.Response.HasStarted)
        {
            await AnswerAsync(ctx, StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && IsBadQueryValue(e))
        {
            await AnswerAsync(ctx, StatusCodes.Status400BadRequest, "网址中的参数格式不对（例如页码应为数字），请从页面上的链接重新进入");
        }
        catch (Exception e) when (!ctx.Response.HasStarted && IsNulCharacter(e))
        {
            await AnswerAsync(ctx, StatusCodes.Status400BadRequest, "输入中含有不允许的控制字符（如 %00），请检查后重试");
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            await AnswerAsync(ctx, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "提交的内容超过大小上限，已拒收" : "请求格式不对，无法读取（表单或上传内容不完整），请刷新页面后重试");
        }
        catch (InvalidDataException) when (!ctx.Response.HasStarted)
        {
            await AnswerAsync(ctx, StatusCodes.Status400BadRequest, "请求格式不对，无法读取（表单或上传内容不完整），请刷新页面后重试");
        }
    }
}
