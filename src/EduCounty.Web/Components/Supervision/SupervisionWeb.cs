using EduCounty.Common;
using EduCounty.Security;
using EduCounty.Supervision;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Supervision;

/// <summary>
/// 责任督学 挂牌督导 on the web (docs/adr/0020): policies, the rules (EduCounty:SupervisionRules = an override file), the
/// visit form's autosave and submit, the school's rectification report, the 督学's 复查, 挂牌 and 专项督导. A 督学 sees
/// and acts on their assigned schools only (the data layer's scope and the library's check).
/// </summary>
public static class SupervisionWeb
{
    /// <summary>Read visits, findings and the cadence: county readers, 督学, 乡镇 and schools (each in their scope).</summary>
    public const string Read = "supervision.read";

    /// <summary>Record visits and review findings: 督学 and the 督导 office.</summary>
    public const string Visit = "supervision.visit";

    /// <summary>Report a finding's rectification: the school.</summary>
    public const string School = "supervision.school";

    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:SupervisionRules"] is { Length: > 0 } path
            ? SupervisionRules.WithOverride(File.ReadAllText(path)) : SupervisionRules.Default());
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole([.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor]))
            .AddPolicy(Visit, p => p.RequireRole(Roles.SchoolSupervisor, Roles.Supervision))
            .AddPolicy(School, p => p.RequireRole(Roles.SchoolAdmin, Roles.SchoolClerk));
        return services;
    }

    /// <summary>What a notice download needs.</summary>
    internal sealed record NoticeCtx(EduDb Db, CurrentUser User, SupervisionRules Rules, TimeProvider Clock, Plan.PdfPool Pool);

    private static async Task<IResult> NoticeAsync(int id, bool pdf, NoticeCtx c, CancellationToken ct)
    {
        if (pdf && !EduCounty.Reports.ChromiumPdf.Available)
        {
            return Results.Problem(EduCounty.Reports.ChromiumPdf.MissingMessage, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        GetVisit.Result visit;
        try
        {
            visit = await GetVisit.HandleAsync(c.Db, c.Rules, id, SafetyWeb.Today(c.Clock), ct);
        }
        catch (RuleException e)
        {
            return Results.NotFound(e.Message);
        }
        var notice = EduCounty.Reports.SupervisionNotice.Build(visit, c.Rules);
        byte[] bytes;
        try
        {
            bytes = pdf ? await c.Pool.PrintAsync(EduCounty.Reports.ReportHtml.Render(notice), null, ct) : EduCounty.Reports.ReportDocx.ToBytes(notice);
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var ext = pdf ? ".pdf" : ".docx";
        c.Db.Actor ??= c.User.Name;
        await c.Db.AuditAsync("export", nameof(SupervisionVisit), id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"督导意见书{(visit.Visit.NoticeNumber is { } n ? " " + n : "")} {ext}", ct);
        return Results.File(bytes, pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            $"督导意见书_{visit.School}_{visit.Visit.VisitDate:yyyy-MM-dd}{ext}");
    }

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/supervision", act);

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        // The 督导意见书 as a 公文, .docx or PDF (the bounded Chromium pool): whoever reads the visit (the data layer's scope: a
        // 督学 their schools, a school its own; another's visit is not found), audited as an export.
        app.MapGet("/supervision/visits/{id:int}/notice.docx", (int id, [AsParameters] NoticeCtx c, CancellationToken ct) => NoticeAsync(id, false, c, ct))
            .RequireAuthorization(Read);
        app.MapGet("/supervision/visits/{id:int}/notice.pdf", (int id, [AsParameters] NoticeCtx c, CancellationToken ct) => NoticeAsync(id, true, c, ct))
            .RequireAuthorization(Read);


        // Autosave: the form's fields (script wwwroot/js/visit-draft.js), answered with the time saved.
        app.MapPost("/supervision/drafts", async (HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var form = await ctx.Request.ReadFormAsync(ct);
            var saved = await SaveVisitDraft.HandleAsync(db, SafetyWeb.Acting(user).UserId, form["draftKey"].ToString(), VisitForm.ToJson(form), ct);
            return Results.Json(new { savedAt = saved.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) });
        }).RequireAuthorization(Visit).FormCommand();

        // Submit: the draft is saved first, so a refusal (or a dropped answer) loses nothing; a repeated submit gives the same visit.
        app.MapPost("/supervision/visits", async (HttpContext ctx, EduDb db, CurrentUser user, SupervisionRules rules, TimeProvider clock, CancellationToken ct) =>
        {
            var form = await ctx.Request.ReadFormAsync(ct);
            var by = SafetyWeb.Acting(user);
            db.Actor = user.Name;
            var key = form["draftKey"].ToString();
            try
            {
                var photos = await SafetyWeb.FilesAsync(form, "photos", "现场照片", ct);
                var command = VisitForm.Command(form, rules, photos);
                if (!await db.SupervisionVisits.AnyAsync(v => v.ClientKey == SaveVisitDraft.Key(key), ct))
                {
                    await SaveVisitDraft.HandleAsync(db, by.UserId, key, VisitForm.ToJson(form), ct);
                }
                var outcome = await SubmitVisit.HandleAsync(db, rules, command, by, SafetyWeb.Today(clock), ct);
                var msg = outcome.AlreadySubmitted ? "该督导记录此前已提交（未重复保存）" : "督导记录已提交" + (outcome.NoticeNumber is { } n ? $"，督导意见书 {n}" : "");
                return Results.Redirect(FormPosts.Back($"/supervision/visits/{outcome.VisitId}", msg));
            }
            catch (RuleException e)
            {
                return Results.Redirect(FormPosts.Back($"/supervision/visit?draft={Uri.EscapeDataString(key)}", e.Message));
            }
        }).RequireAuthorization(Visit).FormCommand().WithMetadata(SafetyWeb.UploadLimit);

        app.MapPost("/supervision/findings/{id:int}/report", (int id, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/supervision/findings", async f =>
            {
                await ReviewFinding.ReportAsync(db, id, f["measures"].ToString(), await SafetyWeb.FilesAsync(f, "evidence", "整改证据", ct), SafetyWeb.Acting(user),
                    SafetyWeb.Today(clock), ct);
                return "整改报告已报送";
            })).RequireAuthorization(School).FormCommand().WithMetadata(SafetyWeb.UploadLimit);

        app.MapPost("/supervision/findings/{id:int}/review", (int id, HttpContext ctx, EduDb db, CurrentUser user, SupervisionRules rules, TimeProvider clock,
            CancellationToken ct) => Run(ctx, db, user, "/supervision/findings", async f =>
            {
                var conclusion = Enum.TryParse<ReviewConclusion>(f["conclusion"], out var c) ? c : throw new RuleException("请选择复查结论");
                await ReviewFinding.ReviewAsync(db, rules, id, conclusion, f["note"].ToString(), SafetyWeb.Acting(user), SafetyWeb.Today(clock),
                    SafetyWeb.OptionalDate(f["on"], "复查日期"), ct);
                return conclusion == ReviewConclusion.Rectified ? "复查通过，已销号" : "复查未通过，已退回整改";
            })).RequireAuthorization(Visit).FormCommand();

        var office = new AuthorizeAttribute { Roles = Roles.Supervision };
        app.MapPost("/supervision/supervisors/assign", (HttpContext ctx, EduDb db, CurrentUser user, SupervisionRules rules, CancellationToken ct) =>
            Run(ctx, db, user, "/supervision/supervisors", async f =>
            {
                await AssignSchools.HandleAsync(db, rules, new AssignSchools.Command(f["userName"].ToString(), f["name"].ToString(), f["contact"], f["certificate"],
                    SafetyWeb.Date(f["appointedOn"], "聘任日期"), [.. f["schools"].Select(s => SafetyWeb.Whole(s, "学校"))]), ct);
                return $"已为督学 {f["name"]} 挂牌 {f["schools"].Count} 所学校";
            })).RequireAuthorization(office).FormCommand();

        app.MapPost("/supervision/campaigns/new", (HttpContext ctx, EduDb db, CurrentUser user, SupervisionRules rules, CancellationToken ct) =>
            Run(ctx, db, user, "/supervision/campaigns", async f =>
            {
                var id = await CreateCampaign.HandleAsync(db, rules, new CreateCampaign.Command(f["title"].ToString(), f["checklist"].ToString(),
                    SafetyWeb.Date(f["startsOn"], "开始日期"), SafetyWeb.Date(f["endsOn"], "结束日期"), f["description"],
                    [.. f["schools"].Select(s => SafetyWeb.Whole(s, "学校"))]), SafetyWeb.Acting(user), ct);
                return $"专项督导已创建（编号 {id}）";
            })).RequireAuthorization(office).FormCommand();
        return app;
    }
}
