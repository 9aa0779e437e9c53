using EduCounty.Common;

namespace EduCounty.Periods;

/// <summary>The state of a 学年 × form: 填报中 (open for entry and imports) or 已锁定 (county-approved, read-only).</summary>
public enum PeriodState
{
    Open = 0,
    Locked = 1,
}

/// <summary>
/// 填报期: one 学年 × form (census first; facilities, finance) with its deadline and state. Locking makes every row of
/// that 学年 and form read-only (Common/PeriodGuard); an unlock by the county with a reason makes the next version.
/// Flow school → 乡镇 → county from the 基层统计报表 (shared/reference/census.md, "Flow and timing").
/// </summary>
public sealed class ReportingPeriod
{
    public int Id { get; set; }

    /// <summary>The 学年's start year.</summary>
    public int Year { get; set; }

    /// <summary>The form's code (<see cref="PeriodForms"/>).</summary>
    public required string Form { get; set; }

    /// <summary>报送截止日期 (9月20日 in the 2008 edition of the census, census.md).</summary>
    public DateOnly Deadline { get; set; }

    public PeriodState State { get; set; }

    /// <summary>The data version: 1 when opened; each unlock adds one (the locked figures of version n stay in the audit trail).</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset OpenedAt { get; set; }
    public string? OpenedBy { get; set; }
    public DateTimeOffset? LockedAt { get; set; }
    public string? LockedBy { get; set; }

    public List<PeriodEvent> Events { get; set; } = [];
}

/// <summary>What happened to a period: 开启, 锁定, 解锁 (with the reason), with who and when.</summary>
public sealed class PeriodEvent
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public required string Action { get; set; }
    public int Version { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A school's 填报 state in a period (the chain of issue 22 §3).</summary>
public enum SubmissionState
{
    NotFilled = 0,
    Submitted = 1,
    TownshipApproved = 2,
    Returned = 3,
    CountyApproved = 4,
}

/// <summary>One school's submission of one period's form; its steps are the audited chain.</summary>
[SchoolScoped]
public sealed class PeriodSubmission
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public int SchoolId { get; set; }
    public SubmissionState State { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SubmissionStep> Steps { get; set; } = [];
}

/// <summary>
/// One step of the chain: from → to, who, when, the comment, and on a return the comments per field (JSON object
/// field key → comment, e.g. "P1|2|Students" → "女生人数与学籍不符").
/// </summary>
[SchoolScoped(Through = typeof(PeriodSubmission), ForeignKey = nameof(SubmissionId))]
public sealed class SubmissionStep
{
    public int Id { get; set; }
    public int SubmissionId { get; set; }
    public SubmissionState From { get; set; }
    public SubmissionState To { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
    public string? FieldComments { get; set; }

    /// <summary>The period's version when the step was taken.</summary>
    public int Version { get; set; }
}
