using EduCounty.Common;

namespace EduCounty.Supervision;

/// <summary>
/// 责任督学 (§B §1–§2): an account holding the 督学 role, with what the sign at the school gate shows (姓名、联系方式) and
/// the 督学证. The schools assigned to a 督学 are the school rows of their account's scope (UserScope), so the data
/// layer limits them to those schools (docs/adr/0016).
/// </summary>
public sealed class SchoolSupervisor
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    [Personal]
    public required string Name { get; set; }
    /// <summary>联系方式 as shown on the 挂牌 sign.</summary>
    [Personal]
    public string? Contact { get; set; }
    /// <summary>督学证 number.</summary>
    public string? CertificateNumber { get; set; }
    /// <summary>聘任日期.</summary>
    public DateOnly AppointedOn { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>Result of one check of a checklist at a visit.</summary>
public enum CheckResult
{
    /// <summary>未查.</summary>
    NotChecked = 0,

    /// <summary>符合.</summary>
    Conforming = 1,

    /// <summary>基本符合.</summary>
    Partly = 2,

    /// <summary>不符合.</summary>
    NonConforming = 3,
}

/// <summary>
/// 督导记录 (《挂牌督导规程》: 了解情况 → 填写督导记录 → 反馈督导意见, §B): who, where, when, how long, the methods
/// (§6), the checks of the checklist, what was learnt, the findings and the 督导意见 (with a 督导意见书 number when there
/// are findings). <see cref="ClientKey"/> is the form's draft key: submitting it twice (a lost answer, a retry) gives
/// the same visit.
/// </summary>
[SchoolScoped]
public sealed class SupervisionVisit
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string SupervisorUserId { get; set; }
    public required string SupervisorName { get; set; }
    public int? CampaignId { get; set; }
    public required string Checklist { get; set; }
    public DateOnly VisitDate { get; set; }
    /// <summary>时长, hours.</summary>
    public decimal Hours { get; set; }
    /// <summary>督导方式 codes, comma-separated.</summary>
    public required string Methods { get; set; }
    /// <summary>了解情况.</summary>
    public required string Situation { get; set; }
    /// <summary>反馈的督导意见.</summary>
    public string? Feedback { get; set; }
    /// <summary>督导意见书 文号 (when there are findings).</summary>
    public string? NoticeNumber { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public required string ClientKey { get; set; }
    public List<SupervisionCheck> Checks { get; set; } = [];
    public List<SupervisionFinding> Findings { get; set; } = [];

    public const string FileOwner = "SupervisionVisit";

    public static string Label(CheckResult r) => r switch
    {
        CheckResult.Conforming => "符合",
        CheckResult.Partly => "基本符合",
        CheckResult.NonConforming => "不符合",
        _ => "未查",
    };
}

/// <summary>One check's result at a visit.</summary>
[SchoolScoped(Through = typeof(SupervisionVisit), ForeignKey = nameof(VisitId))]
public sealed class SupervisionCheck
{
    public int Id { get; set; }
    public int VisitId { get; set; }
    public required string Code { get; set; }
    public CheckResult Result { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// 专项督导 (plan task 44: 专项督导, 语言文字工作督导评估): a campaign over many schools with one checklist and a period;
/// its visits carry its id and its summary counts them (<see cref="GetCampaignSummary"/>).
/// </summary>
public sealed class SupervisionCampaign
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Checklist { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public string? Description { get; set; }
    public required string CreatedBy { get; set; }
    public List<SupervisionCampaignSchool> Schools { get; set; } = [];
}

/// <summary>A school of a campaign.</summary>
[SchoolScoped]
public sealed class SupervisionCampaignSchool
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int SchoolId { get; set; }
}

/// <summary>
/// A visit form's draft, saved on the server while a 督学 fills it on a phone (autosave), so that a lost connection loses
/// nothing: the form's fields as JSON, keyed by the account and the form's key. Submitting the visit removes it.
/// </summary>
[NotAudited("填写中的草稿：自动保存频繁，不是业务步骤；提交后的督导记录入审计")]
[OutsideDataVersion("自动保存的草稿不是评估读取的业务数据；提交的督导记录才是")]
public sealed class VisitDraft
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string DraftKey { get; set; }
    public required string FormJson { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}
