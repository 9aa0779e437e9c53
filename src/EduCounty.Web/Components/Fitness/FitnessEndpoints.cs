using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Web.Components.Shared;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Fitness;

/// <summary>The retest list as .xlsx (scoped by organisation; the export is audited by <see cref="ExportRetestList"/>).</summary>
public static class FitnessEndpoints
{
    public static void MapFitnessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fitness/retest.xlsx", async (string? year, int? school, string? grade, int? sex, string? name, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            if (Query.Year(year) is not { } y)
            {
                throw new RuleException($"学年“{year}”无效，应为 2024-2025 的形式（前后两年相连）") { Field = "year" };
            }
            var scope = await user.SchoolScopeAsync(db, ct);
            if (school is { } s && scope is not null && !scope.Contains(s))
            {
                return Results.NotFound();
            }
            // The list page's filters (issue 21 §9): the file holds what the page shows, every page.
            var bytes = await ExportRetestList.HandleAsync(db, new ListRetestStudents.Filter(y.StartYear, school, grade, (Sex?)sex, name), scope, ct);
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"体质健康补测名单-{y}.xlsx");
        }).RequireAuthorization(Policies.RegistryRead);
    }
}
