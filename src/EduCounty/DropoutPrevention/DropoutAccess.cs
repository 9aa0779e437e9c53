using EduCounty.Security;

namespace EduCounty.DropoutPrevention;

/// <summary>Who does what with 控辍保学 cases (issue 17: case notes are sensitive, shown only to the roles that need them).</summary>
public static class DropoutAccess
{
    /// <summary>Read the ledger and figures, each in their scope: county readers, 乡镇, schools, 督学.</summary>
    public static readonly string[] ReadRoles = [.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor];

    /// <summary>Open cases, record 劝返 steps, 销号: 基教 (the county's 控辍 office), 乡镇 (联控联保), the school.</summary>
    public static readonly string[] WriteRoles = [Roles.BasicEducation, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk];

    /// <summary>
    /// Read the case notes (family situation of a minor): those who work the case — 基教, 乡镇, the school's administrator
    /// (scoped to the school) — not the other county offices, not 学校填报员, not the 三员.
    /// </summary>
    public static readonly string[] NotesRoles = [Roles.BasicEducation, Roles.Township, Roles.SchoolAdmin];

    /// <summary>Whom the 首页 reminder of overdue cases is for.</summary>
    public static readonly string[] ReminderRoles = [Roles.BasicEducation, Roles.Leader, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk];
}
