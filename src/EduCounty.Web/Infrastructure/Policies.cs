namespace EduCounty.Web.Infrastructure;

public static class Policies
{
    public const string RegistryRead = "registry.read";
    /// <summary>Import spreadsheets and roll imports back (the county offices that own the data).</summary>
    public const string Import = "imports.write";
    /// <summary>Accounts: 系统管理员 only (no business data).</summary>
    public const string AdminUsers = "admin.users";
    /// <summary>The audit trail: 审计管理员 only.</summary>
    public const string AuditRead = "audit.read";
}
