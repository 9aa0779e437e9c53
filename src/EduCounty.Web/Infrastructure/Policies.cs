namespace EduCounty.Web.Infrastructure;

public static class Policies
{
    public const string RegistryRead = "registry.read";
    /// <summary>Import spreadsheets and roll imports back (the county offices that own the data).</summary>
    public const string Import = "imports.write";
    /// <summary>Read the plan's tasks, projects and 问题台账 (county-wide readers).</summary>
    public const string PlanRead = "plan.read";
    /// <summary>Edit task/project states, progress, milestones and evidence (规划).</summary>
    public const string PlanWrite = "plan.write";
    /// <summary>Register and close 问题台账 items (规划 and 督导).</summary>
    public const string LedgerWrite = "plan.ledger.write";
}
