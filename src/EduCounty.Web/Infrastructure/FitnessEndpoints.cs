using EduCounty.Common;
using EduCounty.Fitness;

namespace EduCounty.Web.Infrastructure;

/// <summary>The retest list as .xlsx (scoped by organisation; the export is audited by <see cref="ExportRetestList"/>).</summary>
public static class FitnessEndpoints
{
    public static void MapFitnessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fitness/retest.xlsx", async (int year, int? school, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var scope = await user.SchoolScopeAsync(db, ct);
            if (school is { } s && scope is not null && !scope.Contains(s))
            {
                return Results.NotFound();
            }
            var bytes = await ExportRetestList.HandleAsync(db, year, scope, school, ct);
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"体质健康补测名单-{new SchoolYear(year)}.xlsx");
        }).RequireAuthorization(Policies.RegistryRead);
    }
}
