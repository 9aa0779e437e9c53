namespace EduCounty.Security;

/// <summary>Role names (Chinese, as the bureau says them); see issue 6 for the full matrix.</summary>
public static class Roles
{
    public const string SystemAdmin = "系统管理员";
    public const string SecurityAdmin = "安全管理员";
    public const string AuditAdmin = "审计管理员";
    public const string Leader = "局领导";
    public const string Planning = "规划";
    public const string BasicEducation = "基教";
    public const string Personnel = "人事";
    public const string HealthSportsArts = "体卫艺";
    public const string Aid = "资助";
    /// <summary>特殊教育 (the office for students with disabilities; issue 13 §13).</summary>
    public const string SpecialEducation = "特教";
    public const string Safety = "安全";
    public const string Supervision = "督导";
    public const string SchoolSupervisor = "督学";
    public const string Township = "乡镇";
    public const string SchoolAdmin = "学校管理员";
    public const string SchoolClerk = "学校填报员";
    /// <summary>
    /// A right, not a job: may reveal a full 身份证号 (detail pages, unmasked exports). Holders: this role, plus the roles
    /// named in the configuration EduCounty:IdNumberRevealRoles (default 人事, 基教). docs/adr/0016.
    /// </summary>
    public const string RevealIdNumber = "查看身份证号";

    public static readonly string[] All =
    [
        SystemAdmin, SecurityAdmin, AuditAdmin, Leader, Planning, BasicEducation, Personnel,
        HealthSportsArts, Aid, SpecialEducation, Safety, Supervision, SchoolSupervisor, Township, SchoolAdmin, SchoolClerk, RevealIdNumber,
    ];

    /// <summary>Roles holding the 身份证号 right when the configuration does not say (人事 and 基教 handle staff and student files).</summary>
    public static readonly string[] DefaultIdNumberRevealRoles = [Personnel, BasicEducation];

    /// <summary>
    /// Roles that see a student's 残疾类别 and 家庭经济困难 when the policy does not say (资助, 特教, 基教: they need them;
    /// issue 13 §13, docs/adr/0024); everyone else sees them masked.
    /// </summary>
    public static readonly string[] DefaultSensitiveAttributeRoles = [Aid, SpecialEducation, BasicEducation];

    /// <summary>The 三员 roles: an account holding one holds no other role (<see cref="SeparationOfDuties"/>).</summary>
    public static readonly string[] Separated = [SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>Roles that read business data county-wide.</summary>
    public static readonly string[] CountyReaders =
        [Leader, Planning, BasicEducation, Personnel, HealthSportsArts, Aid, SpecialEducation, Safety, Supervision];
}
