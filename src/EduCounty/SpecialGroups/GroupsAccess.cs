using EduCounty.Security;

namespace EduCounty.SpecialGroups;

/// <summary>Who does what with the special groups' records (issue 17: disability and care notes are sensitive).</summary>
public static class GroupsAccess
{
    /// <summary>Read the overview and the lists, each in their scope: county readers, 乡镇, schools, 督学.</summary>
    public static readonly string[] ReadRoles = [.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor];

    /// <summary>Record 送教上门 plans and visits, 资源教室, 结对帮扶 and 关爱 records: 特教, 基教, the school.</summary>
    public static readonly string[] WriteRoles = [Roles.SpecialEducation, Roles.BasicEducation, Roles.SchoolAdmin, Roles.SchoolClerk];

    /// <summary>
    /// Read a child's disability category, the 一人一案 content and the care notes: 特教 and 基教 (county-wide) and the child's
    /// own school's administrator (the data layer keeps a school to its own children) — never the 三员, not the other
    /// county offices.
    /// </summary>
    public static readonly string[] SensitiveRoles = [Roles.SpecialEducation, Roles.BasicEducation, Roles.SchoolAdmin];

    /// <summary>Record the places the government bought at 民办 schools (政府购买学位服务): the county 基教 office.</summary>
    public static readonly string[] PurchaseRoles = [Roles.BasicEducation];

    /// <summary>Whom the 首页 reminders (overdue 送教上门, uncared-for 留守儿童) are for.</summary>
    public static readonly string[] ReminderRoles = [Roles.SpecialEducation, Roles.BasicEducation, Roles.SchoolAdmin, Roles.SchoolClerk];
}
