using EduCounty.Common;

namespace EduCounty.Registry;

/// <summary>教职工.</summary>
[SchoolScoped]
public sealed class Staff
{
    public int Id { get; set; }
    /// <summary>Staff number used by the 教师管理信息系统 (not personal).</summary>
    public required string StaffNumber { get; set; }
    [Encrypted]
    public byte[]? IdNumberCipher { get; set; }
    public string? IdNumberHash { get; set; }
    [Encrypted]
    public byte[]? PhoneCipher { get; set; }
    [Personal]
    public required string Name { get; set; }
    public Sex Sex { get; set; }
    [Personal]
    public DateOnly BirthDate { get; set; }
    [Personal]
    public required string EthnicityCode { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public PostType PostType { get; set; }
    public Establishment Establishment { get; set; }
    /// <summary>任教学科, comma separated (语文,数学,…).</summary>
    public string? Subjects { get; set; }
    public Stage? StageTaught { get; set; }
    public Degree Degree { get; set; }
    public Title Title { get; set; }
    public KeyTeacherLevel? KeyTeacherLevel { get; set; }
    public int? KeyTeacherYear { get; set; }
    public bool DualQualified { get; set; }
    public MandarinLevel? MandarinLevel { get; set; }
    public bool TeacherCertificate { get; set; }
    public DateOnly HireDate { get; set; }
    public DateOnly? LeftOn { get; set; }
    public List<StaffAssignment> Assignments { get; set; } = [];
}

/// <summary>Assignment history: where a staff member worked, from when to when, and why.</summary>
[SchoolScoped]
public sealed class StaffAssignment
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public int SchoolId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A staff member's situation at one census (post, title, level…) so that past figures stay fixed.</summary>
[SchoolScoped]
[NotAudited("每年秋季统计的快照：由导入或示例数据批量写入，以一条导入审计记录整体留痕")]
public sealed class StaffYear
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public int Year { get; set; }
    public int SchoolId { get; set; }
    public PostType PostType { get; set; }
    public Establishment Establishment { get; set; }
    public Stage? StageTaught { get; set; }
    public string? Subjects { get; set; }
    public Degree Degree { get; set; }
    public Title Title { get; set; }
    public KeyTeacherLevel? KeyTeacherLevel { get; set; }
    public bool DualQualified { get; set; }
    public MandarinLevel? MandarinLevel { get; set; }
    public bool TeacherCertificate { get; set; }
    /// <summary>Meets the 普通话 level required for the post (二级甲等 for 语文 teachers, 二级乙等 otherwise).</summary>
    public bool MandarinMeetsStandard { get; set; }
}
