namespace EduCounty.Web.Infrastructure;

public static class Policies
{
    public const string RegistryRead = "registry.read";
}
