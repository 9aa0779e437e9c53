using EduCounty.Common;
using EduCounty.Common.Protection;

namespace EduCounty.SpecialGroups;

/// <summary>
/// 特教就读方式 of a disabled 适龄 child (codes.md §9: 特教学校就读, 普通学校随班就读, 送教上门; dropout-prevention.md §5
/// 销号 status and §6).
/// </summary>
public enum Placement
{
    /// <summary>特教学校就读.</summary>
    SpecialSchool = 1,

    /// <summary>普通学校随班就读（含附设特教班）.</summary>
    Regular = 2,

    /// <summary>送教上门.</summary>
    HomeTeaching = 3,
}

/// <summary>
/// 送教上门 一人一案 (dropout-prevention.md §6: 残疾人教育条例 2017 — a child who needs constant care and cannot attend is
/// taught at home and kept on the 学籍 of the designated school; 一人一案 = 个别化教育方案): one plan per child and 学年 —
/// the responsible teacher, the content (encrypted: it describes the child's disability and needs), the planned visits
/// and hours. The school is the designated 送教 school (the child's 学籍 school).
/// </summary>
[SchoolScoped]
public sealed class HomeTeachingPlan
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int SchoolId { get; set; }

    /// <summary>学年 (start year).</summary>
    public int Year { get; set; }
    [Personal]
    public required string Teacher { get; set; }

    /// <summary>送教内容 and 康复 arrangements (个别化教育方案): sensitive, AES-GCM ciphertext.</summary>
    [Encrypted]
    public byte[]? ContentCipher { get; set; }
    public int PlannedVisits { get; set; }
    public decimal PlannedHours { get; set; }
    public DateOnly CreatedOn { get; set; }
    public List<HomeTeachingVisit> Visits { get; set; } = [];

    public void SetContent(PersonalDataProtector protector, string? content)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ContentCipher = string.IsNullOrWhiteSpace(content) ? null : protector.Encrypt(content.Trim());
    }

    public string? ContentOf(PersonalDataProtector protector) => ContentCipher is null ? null : protector.Decrypt(ContentCipher);

    /// <summary>课时 delivered: the sum of the visits' hours.</summary>
    public decimal DeliveredHours => Visits.Sum(v => v.Hours);
}

/// <summary>A 送教上门 visit (dropout-prevention.md §6 record: date, duration, content, teacher).</summary>
[SchoolScoped(Through = typeof(HomeTeachingPlan), ForeignKey = nameof(PlanId))]
public sealed class HomeTeachingVisit
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>课时 of the visit.</summary>
    public decimal Hours { get; set; }

    /// <summary>What was taught (encrypted like the plan's content).</summary>
    [Encrypted]
    public byte[]? ContentCipher { get; set; }
    [Personal]
    public required string Teacher { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>专职 or 兼职 资源教师.</summary>
public enum ResourceTeacherKind
{
    /// <summary>无.</summary>
    None = 0,

    /// <summary>专职.</summary>
    FullTime = 1,

    /// <summary>兼职.</summary>
    PartTime = 2,
}

/// <summary>资源教室 of a school (one row per school: has one, area ㎡, year built, 资源教师 专职/兼职).</summary>
[SchoolScoped]
public sealed class ResourceRoom
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public bool HasRoom { get; set; }
    public decimal? Area { get; set; }
    public int? YearBuilt { get; set; }
    public ResourceTeacherKind TeacherKind { get; set; }
    [Personal]
    public string? Teacher { get; set; }
    public DateOnly UpdatedOn { get; set; }
}

/// <summary>留守儿童 结对帮扶: the child's contact teacher (one current row per child).</summary>
[SchoolScoped]
public sealed class LeftBehindCare
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int SchoolId { get; set; }
    [Personal]
    public required string ContactTeacher { get; set; }
    public DateOnly AssignedOn { get; set; }
    public List<CareRecord> Records { get; set; } = [];
}

/// <summary>A 关爱 record of a 留守儿童: date, kind (家访/谈心/电话), note (encrypted: family situation of a minor).</summary>
[SchoolScoped(Through = typeof(LeftBehindCare), ForeignKey = nameof(CareId))]
public sealed class CareRecord
{
    public int Id { get; set; }
    public int CareId { get; set; }
    public DateOnly Date { get; set; }
    public required string Kind { get; set; }
    [Encrypted]
    public byte[]? NoteCipher { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>
/// 政府购买学位服务: the 义务教育 places the government bought at a 民办 school for a 学年 and 学段, and how many 随迁子女 hold
/// them (issue 17 item 3; balance-rules.md G15 counts 随迁子女 "在公办学校和政府购买服务的民办学校就读", docs/adr/0038). A count,
/// not the list of pupils: the 两为主 share needs only the number, and the holders are the school's 随迁 pupils of the
/// stage (never more are counted than the 学年 snapshot holds there). One row per school × 学年 × 学段, updated in place.
/// </summary>
[SchoolScoped]
public sealed class PurchasedPlaces
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }

    /// <summary>小学 or 初中.</summary>
    public Stage Stage { get; set; }

    /// <summary>购买学位数 (人).</summary>
    public int Seats { get; set; }

    /// <summary>随迁子女 holding a purchased place (人), ≤ <see cref="Seats"/>.</summary>
    public int MigrantHolders { get; set; }

    /// <summary>The purchase contract or document (文号).</summary>
    public string? Document { get; set; }
    public required string RecordedBy { get; set; }
    public DateOnly RecordedOn { get; set; }
}
