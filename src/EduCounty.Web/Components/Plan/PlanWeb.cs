using EduCounty.Security;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Plan;

/// <summary>规划 on the web (docs/adr/0020): its policies and endpoints (downloads and the task/project/ledger commands).</summary>
public static class PlanWeb
{
    public static IServiceCollection AddPlan(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.PlanRead, p => p.RequireRole(Roles.CountyReaders))
            .AddPolicy(Policies.PlanWrite, p => p.RequireRole(Roles.Planning))
            .AddPolicy(Policies.LedgerWrite, p => p.RequireRole(Roles.Planning, Roles.Supervision));
        // One Chromium for every PDF download, a bounded number of pages, a queue (PdfPool).
        services.AddSingleton<PdfPool>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlan(this IEndpointRouteBuilder app)
    {
        app.MapPlanExports();
        app.MapPlanProgressEndpoints();
        return app;
    }
}
