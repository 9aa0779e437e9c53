using EduCounty.Common;
using EduCounty.Plan.Progress;
using EduCounty.Reports;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Plan;

/// <summary>Downloads of the 规划指标 pages: the annual and mid-term evaluation reports (.docx, PDF through Chromium) and the indicator table (.xlsx), audited.</summary>
public static class PlanEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps GET /plan/report.docx, /plan/midterm.docx, /plan/report.pdf (?kind=midterm, ?ticket= for its queue position at
    /// /plan/pdf-queue), /plan/indicators.xlsx (policy registry.read, county-wide users only).</summary>
    public static IEndpointRouteBuilder MapPlanExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/report.docx", async (string? year, EduDb db, [FromKeyedServices(ReadDatabase.Key)] EduDb read, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            if (await PlanPages.ResolveYearAsync(read, year, ct) is not { } y) return Results.NotFound("暂无数据");
            var e = await PlanPages.EvaluateAsync(read, y, ct);
            var ms = new MemoryStream();
            ReportDocx.Write(await AnnualReport.BuildAsync(read, e, PlanWork.Today(clock), ct), ms);
            db.Actor ??= user.Name;
            await db.AuditAsync("export", "AnnualReport", y.ToString(), "年度评估报告 .docx", ct);
            return Results.File(ms.ToArray(), Docx, $"{PlanPages.Plan.DivisionName}{y}学年规划年度评估报告.docx");
        }).RequireAuthorization(Policies.RegistryRead);

        app.MapGet("/plan/midterm.docx", async (string? year, EduDb db, [FromKeyedServices(ReadDatabase.Key)] EduDb read, CurrentUser user, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            var y = SchoolYear.TryParse(year, out var asked) ? asked : new SchoolYear(MidtermReport.DefaultYear);
            var e = await PlanPages.EvaluateAsync(read, y, ct);
            var ms = new MemoryStream();
            ReportDocx.Write(await MidtermReport.BuildAsync(read, e, ct: ct), ms);
            db.Actor ??= user.Name;
            await db.AuditAsync("export", "MidtermReport", y.ToString(), "规划中期评估报告 .docx", ct);
            return Results.File(ms.ToArray(), Docx, $"{PlanPages.Plan.DivisionName}{y}学年规划中期评估报告.docx");
        }).RequireAuthorization(Policies.RegistryRead);

        // PDF through headless Chromium (STACK.md §6 A); 503 with a Chinese message where it is not installed.
        app.MapGet("/plan/report.pdf", async (string? year, string? kind, string? ticket, EduDb db, [FromKeyedServices(ReadDatabase.Key)] EduDb read, CurrentUser user, TimeProvider clock, PdfPool pool, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            if (!ChromiumPdf.Available) return Results.Problem(ChromiumPdf.MissingMessage, statusCode: StatusCodes.Status503ServiceUnavailable);
            var midterm = kind == "midterm";
            SchoolYear? y = midterm && !SchoolYear.TryParse(year, out _) ? new SchoolYear(MidtermReport.DefaultYear) : await PlanPages.ResolveYearAsync(read, year, ct);
            if (y is not { } sy) return Results.NotFound("暂无数据");
            var e = await PlanPages.EvaluateAsync(read, sy, ct);
            var report = midterm
                ? await MidtermReport.BuildAsync(read, e, ct: ct)
                : await AnnualReport.BuildAsync(read, e, PlanWork.Today(clock), ct);
            byte[] pdf;
            try
            {
                pdf = await pool.PrintAsync(ReportHtml.Render(report), ticket, ct);
            }
            catch (InvalidOperationException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status500InternalServerError);
            }

            db.Actor ??= user.Name;
            var what = midterm ? "规划中期评估报告" : "年度评估报告";
            await db.AuditAsync("export", midterm ? "MidtermReport" : "AnnualReport", sy.ToString(), $"{what} .pdf", ct);
            return Results.File(pdf, "application/pdf", $"{PlanPages.Plan.DivisionName}{sy}学年{(midterm ? "规划中期评估报告" : "规划年度评估报告")}.pdf");
        }).RequireAuthorization(Policies.RegistryRead);

        // The PDF queue (issue 20 item 4): pages printing now, waiting, and this page's ticket's position (1 = next).
        app.MapGet("/plan/pdf-queue", (string? ticket, PdfPool pool) => Results.Json(pool.State(ticket)))
            .RequireAuthorization(Policies.RegistryRead);

        app.MapGet("/plan/indicators.xlsx", async (string? year, EduDb db, [FromKeyedServices(ReadDatabase.Key)] EduDb read, CurrentUser user, CancellationToken ct) =>
        {
            if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
            if (await PlanPages.ResolveYearAsync(read, year, ct) is not { } y) return Results.NotFound("暂无数据");
            var e = await PlanPages.EvaluateAsync(read, y, ct);
            using var ms = new MemoryStream();
            await IndicatorTableExport.WriteXlsxAsync(e, ms, ct);
            db.Actor ??= user.Name;
            await db.AuditAsync("export", "PlanIndicators", y.ToString(), "规划主要指标表 .xlsx", ct);
            return Results.File(ms.ToArray(), Xlsx, $"{PlanPages.Plan.DivisionName}{y}学年规划主要指标.xlsx");
        }).RequireAuthorization(Policies.RegistryRead);
        return app;
    }
}
