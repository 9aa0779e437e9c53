using System.Globalization;
using EduCounty.Common;
using EduCounty.Exports;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Registry;

/// <summary>学校 / 学生 / 教职工 on the web (docs/adr/0020): who may read the registry (county readers, 乡镇 and school users in their scope).</summary>
public static class RegistryWeb
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.RegistryRead, p => p.RequireRole([.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk]));
        return services;
    }

    /// <summary>The 学籍与统计核对 export: the page's year and tolerance, in the user's school scope, audited (Exporter).</summary>
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        app.MapGet("/census/reconcile.xlsx", async (HttpRequest request, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var q = request.Query;
            var year = Shared.Query.Year(q["year"]) ?? throw new RuleException("请指定学年，如 2025-2026") { Field = "year" };
            var tolerance = ReconcileCensus.Tolerance.Checked(
                int.TryParse(q["persons"], CultureInfo.InvariantCulture, out var p) ? p : new ReconcileCensus.Tolerance().Persons,
                decimal.TryParse(q["percent"], CultureInfo.InvariantCulture, out var pc) ? pc : new ReconcileCensus.Tolerance().Percent);
            var result = await ReconcileCensus.HandleAsync(db, year, tolerance, await user.SchoolScopeAsync(db, ct), ct);
            db.Actor = user.Name;
            var table = RegistryExports.Reconciliation(result);
            // Written to a temporary file first (MiniExcel writes synchronously; Kestrel forbids synchronous body writes).
            var tmp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            await Exporter.WriteAsync(db, table, ExportFormat.Xlsx, tmp, canSeeIdNumbers: false, ct);
            tmp.Position = 0;
            return Results.File(tmp, Exporter.ContentType(ExportFormat.Xlsx), table.Title + ".xlsx");
        }).RequireAuthorization(Policies.RegistryRead);
        return app;
    }
}
