using EduCounty.Common;
using EduCounty.Reports;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Plan;

/// <summary>Downloads of the 规划指标 pages: the annual evaluation report (.docx) and the indicator table (.xlsx), audited.</summary>
public static class PlanEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps GET /plan/report.docx and /plan/indicators.xlsx (policy registry.read, county-wide users only).</summary>
    public static IEndpointRouteBuilder MapPlanExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/report.docx", async (string? year, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            if (await PlanPages.ResolveYearAsync(db, year, ct) is not { } y) return Results.NotFound("暂无数据");
            var e = await PlanPages.EvaluateAsync(db, y, ct);
            var ms = new MemoryStream();
            AnnualReport.Write(e, ms, await EduCounty.Balance.BalanceReportSection.BuildAsync(db, PlanPages.Plan.DivisionCode, y, ct));
            db.Actor ??= user.Name;
            await db.AuditAsync("export", "AnnualReport", y.ToString(), "年度评估报告 .docx", ct);
            return Results.File(ms.ToArray(), Docx, $"{PlanPages.Plan.DivisionName}{y}学年规划年度评估报告.docx");
        }).RequireAuthorization(Policies.RegistryRead);

        app.MapGet("/plan/indicators.xlsx", async (string? year, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            if (await PlanPages.ResolveYearAsync(db, year, ct) is not { } y) return Results.NotFound("暂无数据");
            var e = await PlanPages.EvaluateAsync(db, y, ct);
            using var ms = new MemoryStream();
            await IndicatorTableExport.WriteXlsxAsync(e, ms, ct);
            db.Actor ??= user.Name;
            await db.AuditAsync("export", "PlanIndicators", y.ToString(), "规划主要指标表 .xlsx", ct);
            return Results.File(ms.ToArray(), Xlsx, $"{PlanPages.Plan.DivisionName}{y}学年规划主要指标.xlsx");
        }).RequireAuthorization(Policies.RegistryRead);
        return app;
    }
}
