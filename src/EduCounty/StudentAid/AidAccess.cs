using EduCounty.Security;

namespace EduCounty.StudentAid;

/// <summary>Who does what with 学生资助 (issue 17: hardship category is sensitive, shown only to the roles that need it).</summary>
public static class AidAccess
{
    /// <summary>Read the figures and applications, each in their scope: county readers, 乡镇, schools, 督学.</summary>
    public static readonly string[] ReadRoles = [.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor];

    /// <summary>Record 认定 and submit applications: the school (填报员, 管理员) and the county 资助中心.</summary>
    public static readonly string[] ApplyRoles = [Roles.Aid, Roles.SchoolAdmin, Roles.SchoolClerk];

    /// <summary>学校审核 (学校资助工作领导小组): the school's administrator.</summary>
    public static readonly string[] SchoolReviewRoles = [Roles.SchoolAdmin];

    /// <summary>县审批, 发放, 到账: the county 资助 office.</summary>
    public static readonly string[] CountyRoles = [Roles.Aid];

    /// <summary>Read the 认定 level and category: 资助 (county-wide) and the school's administrator (own school) — never the 三员.</summary>
    public static readonly string[] SensitiveRoles = [Roles.Aid, Roles.SchoolAdmin];

    /// <summary>Whom the 首页 reminder of pending reviews and approvals is for.</summary>
    public static readonly string[] ReminderRoles = [Roles.Aid, Roles.SchoolAdmin];
}
