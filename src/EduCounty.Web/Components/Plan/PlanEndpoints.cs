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

    /// <summary>Maps GET /plan/report.docx, /plan/midterm.docx, /plan/final.docx, /plan/report.pdf (?kind=midterm|final, ?ticket= for its
    /// queue position at /plan/pdf-queue), /plan/indicators.xlsx (policy registry.read, county-wide users only). The reports read
    /// through the read database (docs/adr/0028); the export's audit entry is written on the main one.</summary>
    public static IEndpointRouteBuilder MapPlanExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/report.docx", (string? year, [AsParameters] Ctx c, CancellationToken ct) => ReportAsync("annual", year, false, c, ct))
            .RequireAuthorization(Policies.RegistryRead);
        app.MapGet("/plan/midterm.docx", (string? year, [AsParameters] Ctx c, CancellationToken ct) => ReportAsync("midterm", year, false, c, ct))
            .RequireAuthorization(Policies.RegistryRead);
        app.MapGet("/plan/final.docx", (string? year, [AsParameters] Ctx c, CancellationToken ct) => ReportAsync("final", year, false, c, ct))
            .RequireAuthorization(Policies.RegistryRead);
        // PDF through headless Chromium (STACK.md §6 A) in the bounded page pool; 503 with a Chinese message where it is not installed.
        app.MapGet("/plan/report.pdf", (string? year, string? kind, [AsParameters] Ctx c, CancellationToken ct) =>
            ReportAsync(kind is "midterm" or "final" ? kind : "annual", year, true, c, ct)).RequireAuthorization(Policies.RegistryRead);

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

    /// <summary>
    /// 主送机关 and 发文机关署名 of the county's reports: <c>EduCounty:Reports:&lt;county code&gt;:Recipients</c> (separated by 、 or ,)
    /// and <c>:Issuer</c>, else the plan file's defaults.
    /// </summary>
    public static ReportSettings Settings(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetSection($"EduCounty:Reports:{PlanPages.Plan.DivisionCode}");
        return ReportSettings.For(PlanPages.Plan, section["Recipients"], section["Issuer"]);
    }

    private static readonly Dictionary<string, (string Entity, string Name)> Kinds = new()
    {
        ["annual"] = ("AnnualReport", "规划年度评估报告"),
        ["midterm"] = ("MidtermReport", "规划中期评估报告"),
        ["final"] = ("FinalReport", "规划终期评估报告"),
    };

    /// <summary>What a report download needs: the main database (scope, audit), the read database, the PDF pool.</summary>
    internal sealed record Ctx(EduDb Db, [FromKeyedServices(ReadDatabase.Key)] EduDb Read, CurrentUser User, TimeProvider Clock,
        IConfiguration Config, PdfPool Pool, string? Ticket);

    /// <summary>One report as .docx or PDF: the mid-term defaults to 2023-2024, the final to the plan's last year, the annual to the latest year.</summary>
    private static async Task<IResult> ReportAsync(string kind, string? year, bool pdf, Ctx c, CancellationToken ct)
    {
        var (db, read, user) = (c.Db, c.Read, c.User);
        if (await user.SchoolScopeAsync(db, ct) is not null) return Results.Forbid();
        if (pdf && !ChromiumPdf.Available) return Results.Problem(ChromiumPdf.MissingMessage, statusCode: StatusCodes.Status503ServiceUnavailable);
        SchoolYear? y = SchoolYear.TryParse(year, out var asked) ? asked
            : kind == "midterm" ? new SchoolYear(MidtermReport.DefaultYear)
            : kind == "final" ? new SchoolYear(PlanPages.Plan.Period.EndYear)
            : await PlanPages.ResolveYearAsync(read, year, ct);
        if (y is not { } sy) return Results.NotFound("暂无数据");
        var e = await PlanPages.EvaluateAsync(read, sy, ct);
        var today = PlanWork.Today(c.Clock);
        var settings = Settings(c.Config);
        var report = kind switch
        {
            "midterm" => await MidtermReport.BuildAsync(read, e, today: today, settings: settings, ct: ct),
            "final" => await FinalReport.BuildAsync(read, e, today, settings, ct: ct),
            _ => await AnnualReport.BuildAsync(read, e, today, settings, null, ct: ct),
        };
        byte[] bytes;
        try
        {
            bytes = pdf ? await c.Pool.PrintAsync(ReportHtml.Render(report), c.Ticket, ct) : ReportDocx.ToBytes(report);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status500InternalServerError);
        }

        var (entity, name) = Kinds[kind];
        db.Actor ??= user.Name;
        await db.AuditAsync("export", entity, sy.ToString(), $"{(kind == "annual" ? "年度评估报告" : name)} {(pdf ? ".pdf" : ".docx")}", ct);
        return Results.File(bytes, pdf ? "application/pdf" : Docx, $"{PlanPages.Plan.DivisionName}{sy}学年{name}{(pdf ? ".pdf" : ".docx")}");
    }
}
