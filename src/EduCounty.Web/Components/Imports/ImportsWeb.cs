using EduCounty.Imports;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Imports;

/// <summary>数据导入 on the web (docs/adr/0020): uploads, the background job service and the import policy.</summary>
public static class ImportsWeb
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ImportUploads(sp.GetRequiredService<TimeProvider>(), ImportUploads.FolderFor(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<ImportJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
        // Import spreadsheets and roll imports back: the county offices that own the data, and for the kinds that allow
        // it the 体卫艺 office and the school roles within their schools (ImportKind.Writers; docs/adr/0032). The policy
        // admits any role that may import some kind; each upload is checked against its kind.
        services.AddAuthorizationBuilder().AddPolicy(Policies.Import, p => p.RequireRole(ImportKind.AnyWriter));
        return services;
    }
}
