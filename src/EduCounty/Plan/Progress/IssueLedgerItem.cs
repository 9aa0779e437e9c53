using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>State of a 问题台账 item.</summary>
public enum IssueState
{
    /// <summary>待整改.</summary>
    Pending = 1,

    /// <summary>整改中.</summary>
    Rectifying = 2,

    /// <summary>已销号.</summary>
    Closed = 3,
}

/// <summary>
/// 问题台账 item (规划 第四章 二: 建立问题台账, 整改销号): a problem found by the annual evaluation, 督导 or 巡查, its
/// owner, deadline and rectification. 待整改 → 整改中 → 已销号; a closed item may be reopened (复查未通过) back to 整改中.
/// 逾期 is derived (<see cref="IsOverdue"/>), never stored.
/// </summary>
public sealed class IssueLedgerItem
{
    public int Id { get; set; }
    public required string PlanCode { get; set; }
    /// <summary>问题.</summary>
    public required string Problem { get; set; }
    /// <summary>来源: 年度评估 / 中期评估 / 督导 / 巡查 / 审计 / 其他.</summary>
    public required string Source { get; set; }
    /// <summary>关联指标 code, if any.</summary>
    public string? IndicatorCode { get; set; }
    /// <summary>关联任务 number, if any.</summary>
    public int? TaskNumber { get; set; }
    /// <summary>责任单位.</summary>
    public required string ResponsibleUnit { get; set; }
    /// <summary>责任人.</summary>
    public string? ResponsiblePerson { get; set; }
    /// <summary>整改期限.</summary>
    public DateOnly Deadline { get; set; }
    /// <summary>整改措施.</summary>
    public string? Measures { get; set; }
    /// <summary>整改情况.</summary>
    public string? Situation { get; set; }
    public IssueState State { get; private set; } = IssueState.Pending;
    public DateOnly? ClosedOn { get; private set; }
    public string? ClosedBy { get; private set; }
    public int Reopened { get; private set; }
    /// <summary>登记日期: the day the problem was entered in the ledger.</summary>
    public DateOnly RegisteredOn { get; private set; }
    /// <summary>Dated state changes, registration first (docs/adr/0026).</summary>
    public List<PlanStateChange> History { get; set; } = [];

    /// <summary>Known sources (free text is allowed; these are offered in forms).</summary>
    public static readonly string[] Sources = ["年度评估", "中期评估", "督导", "巡查", "审计", "其他"];

    /// <summary>Chinese label.</summary>
    public static string Label(IssueState s) => s switch
    {
        IssueState.Pending => "待整改",
        IssueState.Rectifying => "整改中",
        IssueState.Closed => "已销号",
        _ => s.ToString(),
    };

    /// <summary>逾期: past the 整改期限 and not 已销号.</summary>
    public bool IsOverdue(DateOnly today) => State != IssueState.Closed && today > Deadline;

    private string What => $"问题“{Problem}”";

    /// <summary>Registers the item on <paramref name="on"/> (待整改); once.</summary>
    public void Register(DateOnly on)
    {
        if (RegisteredOn != default)
        {
            throw new RuleException($"{What}已于 {RegisteredOn:yyyy-MM-dd} 登记");
        }
        RegisteredOn = on;
        History.Add(new PlanStateChange { State = (int)IssueState.Pending, On = on, Note = "登记" });
    }

    /// <summary>待整改 → 整改中 with the 整改措施, on <paramref name="on"/>.</summary>
    public void StartRectification(string measures, DateOnly on)
    {
        if (State != IssueState.Pending)
        {
            throw new RuleException($"{What}当前为“{Label(State)}”，不能开始整改");
        }
        if (string.IsNullOrWhiteSpace(measures))
        {
            throw new RuleException("开始整改须填写整改措施");
        }
        if (on < RegisteredOn)
        {
            throw new RuleException($"开始整改日期 {on:yyyy-MM-dd} 早于登记日期 {RegisteredOn:yyyy-MM-dd}");
        }
        Measures = measures.Trim();
        State = IssueState.Rectifying;
        History.Add(new PlanStateChange { State = (int)State, On = on, Note = "开始整改" });
    }

    /// <summary>Records 整改情况 while rectifying.</summary>
    public void RecordSituation(string situation)
    {
        if (State != IssueState.Rectifying)
        {
            throw new RuleException($"{What}当前为“{Label(State)}”，只有整改中的问题才能填报整改情况");
        }
        Situation = string.IsNullOrWhiteSpace(situation) ? throw new RuleException("整改情况不能为空") : situation.Trim();
    }

    /// <summary>整改中 → 已销号: needs the 整改情况, the date (not in the future) and who closes it.</summary>
    public void Close(DateOnly on, string by, DateOnly today, string? situation = null)
    {
        if (State != IssueState.Rectifying)
        {
            throw new RuleException(State == IssueState.Pending
                ? $"{What}尚未开始整改，不能销号"
                : $"{What}已于 {ClosedOn:yyyy-MM-dd} 销号");
        }
        if (!string.IsNullOrWhiteSpace(situation))
        {
            Situation = situation.Trim();
        }
        if (string.IsNullOrWhiteSpace(Situation))
        {
            throw new RuleException("销号须填写整改情况");
        }
        if (on > today)
        {
            throw new RuleException($"销号日期 {on:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd}");
        }
        if (on < RegisteredOn)
        {
            throw new RuleException($"销号日期 {on:yyyy-MM-dd} 早于登记日期 {RegisteredOn:yyyy-MM-dd}");
        }
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new RuleException("销号须记录销号人");
        }
        State = IssueState.Closed;
        ClosedOn = on;
        ClosedBy = by;
        History.Add(new PlanStateChange { State = (int)State, On = on, Note = "销号：" + by });
    }

    /// <summary>已销号 → 整改中 (复查未通过), with the reason appended to the 整改情况.</summary>
    public void Reopen(string reason, DateOnly on)
    {
        if (State != IssueState.Closed)
        {
            throw new RuleException($"{What}当前为“{Label(State)}”，只有已销号的问题才能重新打开");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RuleException("重新打开须说明原因");
        }
        Situation = $"{Situation}\n{on:yyyy-MM-dd} 重新打开：{reason.Trim()}".Trim();
        State = IssueState.Rectifying;
        ClosedOn = null;
        ClosedBy = null;
        Reopened++;
        History.Add(new PlanStateChange { State = (int)State, On = on, Note = "重新打开：" + reason.Trim() });
    }
}
