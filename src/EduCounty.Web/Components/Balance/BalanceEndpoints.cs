using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Balance;

/// <summary>GET /balance/export: the 督导评估 workbook (综合评估 + one sheet per 学段 + 结论), audited as an export.</summary>
public static class BalanceEndpoints
{
    public static IEndpointRouteBuilder MapBalanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/balance/export", async (string? county, int? year, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var ctx = await BalanceContext.LoadAsync(db, county, year, ct);
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
        return app;
    }
}
