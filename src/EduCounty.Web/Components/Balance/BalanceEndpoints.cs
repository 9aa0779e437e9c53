using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Security;
using EduCounty.Web.Components.Shared;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace EduCounty.Web.Components.Balance;

/// <summary>
/// GET /balance/export: the 督导评估 workbook (综合评估 + one sheet per 学段 + 结论), audited as an export; POST
/// /balance/assessments and /balance/survey: the 督导录入 page (/balance/record)'s form commands.
/// </summary>
public static class BalanceEndpoints
{
    public static IEndpointRouteBuilder MapBalanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/balance/export", async (string? county, string? year, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var ctx = await BalanceContext.LoadAsync(db, county, Query.Year(year), ct);
            if (ctx is null)
            {
                return Results.NotFound();
            }
            var scope = await user.SchoolScopeAsync(db, ct);
            var profile = BalanceProfile.National();
            var verdict = await EvaluateCountyVerdict.HandleAsync(db, ctx.County, ctx.SchoolYear, profile, scope, ct: ct);
            using var ms = new MemoryStream();
            BalanceOutput.ToXlsx(verdict.Resources, profile, ms, verdict);
            db.Actor = user.Name;
            await db.AuditAsync("export", "Balance", $"{ctx.County}/{ctx.Year}",
                $"优质均衡督导评估表 {ctx.SchoolYear}，{(scope is null ? "全县" : $"{scope.Count} 所学校")}", ct);
            return Results.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                $"优质均衡督导评估-{ctx.County}-{ctx.SchoolYear}.xlsx");
        }).RequireAuthorization(Policies.RegistryRead);

        // /balance/record's form commands (docs/adr/0019): 督导 only, back to the page with the message.
        var supervision = new AuthorizeAttribute { Roles = Roles.Supervision };
        app.MapPost("/balance/assessments", (HttpContext http, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            FormPosts.RunAsync(http, db, user, "/balance/record", "/balance/", async f =>
            {
                var ctx = await ContextOf(db, f, ct);
                var row = await RecordBalanceAssessmentHandler.HandleAsync(db, new RecordBalanceAssessment(ctx.County, ctx.SchoolYear, f["code"].ToString(),
                    f["met"].ToString() == "1", f["evidence"].ToString(), f["attachment"].ToString(), user.Name ?? "?"), clock, ct);
                return $"已录入 {row.Code}：{(row.Met ? "达标" : "未达标")}";
            }, f => PageOf(f))).RequireAuthorization(supervision).FormCommand();
        app.MapPost("/balance/survey", (HttpContext http, EduDb db, CurrentUser user, IConfiguration config, CancellationToken ct) =>
            FormPosts.RunAsync(http, db, user, "/balance/record", "/balance/", async f =>
            {
                var ctx = await ContextOf(db, f, ct);
                var file = f.Files.GetFile("file");
                if (file is null || file.Length == 0)
                {
                    throw new RuleException("请选择调查结果文件") { Field = "file" };
                }
                var limits = TabularSettings.Survey(config);
                if (file.Length > limits.MaxFileBytes)
                {
                    throw new RuleException(TabularSettings.TooLarge(file.FileName, file.Length, limits)) { Field = "file" };
                }
                await using var s = file.OpenReadStream();
                var result = await ImportSatisfactionSurvey.HandleAsync(db, ctx.County, ctx.SchoolYear, s, file.FileName, limits, ct);
                return result.Errors.Count > 0 ? string.Join("；", result.Errors) : $"已导入 {result.Imported} 个调查群体";
            }, f => PageOf(f))).RequireAuthorization(supervision).FormCommand();
        return app;
    }

    private static async Task<BalanceContext> ContextOf(EduDb db, IFormCollection form, CancellationToken ct) =>
        await BalanceContext.LoadAsync(db, form["county"], Query.Year(form["year"]), ct) ?? throw new RuleException("尚无学校与在校生数据");

    /// <summary>Back to the page of the county and year the form was for.</summary>
    private static string PageOf(IFormCollection form) =>
        Query.Url("/balance/record", ("county", form["county"].ToString()), ("year", Query.Year(form["year"])));
}
