namespace EduCounty.Web.Infrastructure;

public static class Policies
{
    public const string RegistryRead = "registry.read";
    /// <summary>Import spreadsheets and roll imports back (the county offices that own the data).</summary>
    public const string Import = "imports.write";
}
