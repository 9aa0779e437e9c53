using EduCounty.Common;

namespace EduCounty.Safety;

/// <summary>
/// 月度排查报告 of one school (§A5: 安全领导小组每月排查，处室主任每月书面报告 [C, local]): how many checks, how many
/// hazards found, a summary ("本月排查未发现隐患" is a report too). One per school and month; resubmitting replaces it. A
/// school without a report by the due day of the next month is flagged (<see cref="GetInspectionCompliance"/>).
/// </summary>
[SchoolScoped]
public sealed class SafetyInspectionReport
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    /// <summary>排查日期 (the main inspection of the month).</summary>
    public DateOnly InspectedOn { get; set; }
    /// <summary>排查次数 this month.</summary>
    public int Checks { get; set; }
    /// <summary>发现隐患数 as the school reports it.</summary>
    public int HazardsFound { get; set; }
    public required string Summary { get; set; }
    public required string SubmittedBy { get; set; }
    public DateOnly SubmittedOn { get; set; }
}

/// <summary>Whether a school has a coverage item (明厨亮灶, 一键报警 …).</summary>
public enum FacilityStatus
{
    /// <summary>未建.</summary>
    Missing = 0,

    /// <summary>已建.</summary>
    Installed = 1,

    /// <summary>不适用 (e.g. no canteen: no 明厨亮灶 needed).</summary>
    NotApplicable = 2,
}

/// <summary>One school's state of one coverage item of safety-rules.json (plan tasks 55, 56).</summary>
[SchoolScoped]
public sealed class SafetyFacility
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>Coverage item code (kitchen, alarm …).</summary>
    public required string Code { get; set; }
    public FacilityStatus Status { get; set; }
    /// <summary>建成日期.</summary>
    public DateOnly? Since { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
    public DateOnly RecordedOn { get; set; }

    public static string Label(FacilityStatus s) => s switch
    {
        FacilityStatus.Installed => "已建",
        FacilityStatus.NotApplicable => "不适用",
        _ => "未建",
    };
}
