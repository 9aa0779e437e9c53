namespace EduCounty.Web.Infrastructure;

public static class Policies
{
    public const string RegistryRead = "registry.read";
    /// <summary>Import spreadsheets and roll imports back (the county offices that own the data).</summary>
    public const string Import = "imports.write";
    /// <summary>The TOTP step of sign-in: the password was verified in this browser a moment ago (Identity's two-factor cookie).</summary>
    public const string SecondFactor = "account.second-factor";
    /// <summary>Accounts: 系统管理员 only (no business data).</summary>
    public const string AdminUsers = "admin.users";
    /// <summary>Roles, scopes and the security policy: 安全管理员 only (issue 13 §4).</summary>
    public const string SecurityAdmin = "admin.security";
    /// <summary>The audit trail: 审计管理员 only.</summary>
    public const string AuditRead = "audit.read";
    /// <summary>Read the plan's tasks, projects and 问题台账 (county-wide readers).</summary>
    public const string PlanRead = "plan.read";
    /// <summary>Edit task/project states, progress, milestones and evidence (规划).</summary>
    public const string PlanWrite = "plan.write";
    /// <summary>Register and close 问题台账 items (规划 and 督导).</summary>
    public const string LedgerWrite = "plan.ledger.write";
}
