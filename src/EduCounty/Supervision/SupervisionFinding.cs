using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.Supervision;

/// <summary>State of a finding: 待整改 → 已报整改 → 已销号 (复查未通过: back to 待整改 with a new deadline).</summary>
public enum FindingState
{
    /// <summary>待整改.</summary>
    Open = 1,

    /// <summary>已报整改，待复查.</summary>
    Reported = 2,

    /// <summary>已销号.</summary>
    Closed = 3,
}

/// <summary>复查结论 (§B: 回访 结论 已整改 | 部分 | 未整改).</summary>
public enum ReviewConclusion
{
    /// <summary>已整改.</summary>
    Rectified = 1,

    /// <summary>部分整改.</summary>
    Partly = 2,

    /// <summary>未整改.</summary>
    NotRectified = 3,
}

/// <summary>
/// A problem found at a visit (§B: 发现问题并督促整改), with its grade and 整改期限; the school reports its rectification
/// (RectificationReport: 措施 and evidence), the 督学 复查s within the review period and 销号s it — only with evidence —
/// or sends it back (部分/未整改) with a new deadline. A finding that is a safety hazard is linked to the hazard ledger
/// (<see cref="HazardId"/>, §B §5).
/// </summary>
[SchoolScoped]
public sealed class SupervisionFinding
{
    public int Id { get; set; }
    public int VisitId { get; set; }
    public int SchoolId { get; set; }
    /// <summary>经常性督导事项 code (1–8).</summary>
    public required string Item { get; set; }
    public required string Description { get; set; }
    public required string Grade { get; set; }
    public DateOnly FoundOn { get; set; }
    public DateOnly Deadline { get; private set; }
    public FindingState State { get; private set; } = FindingState.Open;
    /// <summary>整改措施 reported by the school.</summary>
    public string? Measures { get; private set; }
    public DateOnly? ReportedOn { get; private set; }
    public string? ReportedBy { get; private set; }
    public DateOnly? ReviewedOn { get; private set; }
    public string? ReviewedBy { get; private set; }
    public ReviewConclusion? Conclusion { get; private set; }
    public int Reviews { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    /// <summary>The hazard of the safety ledger it became, if any.</summary>
    public int? HazardId { get; set; }
    public string Log { get; private set; } = "";

    public const string FileOwner = "SupervisionFinding";

    public static string Label(FindingState s) => s switch
    {
        FindingState.Open => "待整改",
        FindingState.Reported => "待复查",
        FindingState.Closed => "已销号",
        _ => s.ToString(),
    };

    public static string Label(ReviewConclusion c) => c switch
    {
        ReviewConclusion.Rectified => "已整改",
        ReviewConclusion.Partly => "部分整改",
        _ => "未整改",
    };

    /// <summary>A new finding with its deadline: 发现日期 + the grade's days.</summary>
    public static SupervisionFinding Create(FindingGrade grade, string item, string description, int schoolId, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new SupervisionFinding
        {
            Item = item,
            Description = description,
            Grade = grade.Code,
            SchoolId = schoolId,
            FoundOn = on,
            Deadline = on.AddDays(grade.DeadlineDays),
        };
    }

    private void Step(DateOnly on, string by, string text) => Log = (Log + $"\n{on:yyyy-MM-dd} {by}：{text}").Trim();

    /// <summary>整改报告 by the school: 待整改 → 待复查, with its measures (evidence files go with it).</summary>
    public void ReportRectification(string measures, string by, DateOnly on)
    {
        if (State != FindingState.Open) throw new RuleException($"问题“{Description}”当前为“{Label(State)}”，不能报送整改");
        if (string.IsNullOrWhiteSpace(measures)) throw new RuleException("整改报告须填写整改措施和结果");
        if (on < FoundOn) throw new RuleException($"整改报告日期 {on:yyyy-MM-dd} 早于发现日期");
        Measures = measures.Trim();
        ReportedOn = on;
        ReportedBy = by;
        State = FindingState.Reported;
        Step(on, by, "报送整改：" + Measures);
    }

    /// <summary>The 复查 is due <paramref name="reviewDays"/> days after the school's report.</summary>
    public DateOnly? ReviewDue(int reviewDays) => State == FindingState.Reported ? ReportedOn?.AddDays(reviewDays) : null;

    /// <summary>
    /// 复查 by the school's 督学: 已整改 销号s it (only with evidence on file); 部分/未整改 sends it back with a new deadline
    /// (the review day + the grade's days).
    /// </summary>
    public void Review(ReviewConclusion conclusion, string note, ActingUser reviewer, FindingGrade grade, int evidenceFiles, DateOnly on, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(grade);
        if (State == FindingState.Closed) throw new RuleException($"问题“{Description}”已于 {ClosedOn:yyyy-MM-dd} 销号");
        if (State != FindingState.Reported) throw new RuleException($"问题“{Description}”尚未报送整改，不能复查");
        if (on > today) throw new RuleException($"复查日期 {on:yyyy-MM-dd} 晚于今天");
        if (on < ReportedOn) throw new RuleException($"复查日期 {on:yyyy-MM-dd} 早于整改报告日期 {ReportedOn:yyyy-MM-dd}");
        if (string.IsNullOrWhiteSpace(note)) throw new RuleException("复查须填写复查意见");
        if (conclusion == ReviewConclusion.Rectified && evidenceFiles <= 0) throw new RuleException($"问题“{Description}”没有整改证据，不能销号");
        Reviews++;
        ReviewedOn = on;
        ReviewedBy = reviewer.Name;
        Conclusion = conclusion;
        if (conclusion == ReviewConclusion.Rectified)
        {
            State = FindingState.Closed;
            ClosedOn = on;
            Step(on, reviewer.Name, "复查已整改，销号：" + note.Trim());
            return;
        }
        State = FindingState.Open;
        Deadline = on.AddDays(grade.DeadlineDays);
        Step(on, reviewer.Name, $"复查{Label(conclusion)}，退回整改，新期限 {Deadline:yyyy-MM-dd}：{note.Trim()}");
    }

    /// <summary>
    /// The 整改期限 the 督导意见书 gave: the deadline itself until a 复查 sends the problem back, then 发现日期 + the grade's
    /// days (as <see cref="Create"/> set it).
    /// </summary>
    public DateOnly IssuedDeadline(SupervisionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Reviews == 0 ? Deadline : rules.FindingGrades.FirstOrDefault(g => g.Code == Grade) is { } g ? FoundOn.AddDays(g.DeadlineDays) : Deadline;
    }

    /// <summary>逾期 (the school's): 待整改 past the deadline.</summary>
    public bool IsOverdue(DateOnly today) => State == FindingState.Open && today > Deadline;
}
