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
}
