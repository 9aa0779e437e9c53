using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>
/// State of a 重点任务 or 项目 (issue 3 §6: 未启动 → 推进中 → 已完成). 逾期 is not a state: it is derived from the
/// deadline and today's date (<see cref="PlanWork.IsOverdue"/>) and never stored, so it cannot go stale.
/// </summary>
public enum PlanWorkState
{
    /// <summary>未启动.</summary>
    NotStarted = 1,

    /// <summary>推进中.</summary>
    InProgress = 2,

    /// <summary>已完成.</summary>
    Done = 3,
}

/// <summary>Shared rules of task and project states.</summary>
public static class PlanWork
{
    /// <summary>Chinese label.</summary>
    public static string Label(PlanWorkState s) => s switch
    {
        PlanWorkState.NotStarted => "未启动",
        PlanWorkState.InProgress => "推进中",
        PlanWorkState.Done => "已完成",
        _ => s.ToString(),
    };

    /// <summary>Parses a Chinese label or the enum name.</summary>
    public static PlanWorkState? Parse(string? text) => text switch
    {
        "未启动" or "NotStarted" => PlanWorkState.NotStarted,
        "推进中" or "InProgress" => PlanWorkState.InProgress,
        "已完成" or "Done" => PlanWorkState.Done,
        _ => null,
    };

    /// <summary>Today's date in the server's time zone (the county's working day).</summary>
    public static DateOnly Today(TimeProvider clock) => Common.SchoolYear.Today(clock);

    /// <summary>逾期: the deadline has passed (the deadline day itself still counts as on time) and the work is not 已完成.</summary>
    public static bool IsOverdue(PlanWorkState state, DateOnly? deadline, DateOnly today) =>
        state != PlanWorkState.Done && deadline is { } d && today > d;

    /// <summary>
    /// The only moves are one step forward: 未启动 → 推进中 → 已完成. Skipping 推进中 would leave no progress record
    /// behind a completion, and going back is not a state change but a new issue in the 问题台账.
    /// </summary>
    public static void CheckMove(string what, PlanWorkState from, PlanWorkState to)
    {
        var ok = (from, to) is (PlanWorkState.NotStarted, PlanWorkState.InProgress) or (PlanWorkState.InProgress, PlanWorkState.Done);
        if (ok) return;
        var reason = (from, to) switch
        {
            _ when from == to => $"已经是“{Label(to)}”",
            (PlanWorkState.NotStarted, PlanWorkState.Done) => "须先启动（推进中）并填报进展，才能标记为已完成",
            (PlanWorkState.Done, _) => "已完成的不能退回；如发现问题请登记问题台账",
            _ => "只能按 未启动 → 推进中 → 已完成 的顺序推进",
        };
        throw new RuleException($"{what}当前为“{Label(from)}”，不能改为“{Label(to)}”：{reason}");
    }

    /// <summary>What every progress update of a task or project must satisfy: not yet 已完成, some text, percent 0–100.</summary>
    public static void CheckUpdate(string what, PlanWorkState state, string text, int? percent)
    {
        if (state == PlanWorkState.Done)
        {
            throw new RuleException($"{what}已完成，不再填报进展");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RuleException("进展情况不能为空");
        }
        if (percent is { } p)
        {
            CheckPercent(p);
        }
    }

    /// <summary>Percent 0–100.</summary>
    public static void CheckPercent(int percent)
    {
        if (percent is < 0 or > 100)
        {
            throw new RuleException($"完成进度 {percent}% 不在 0—100 之间");
        }
    }
}

/// <summary>
/// One dated state change of a task, a project or a 问题台账 item (exactly one of <see cref="TaskId"/>, <see cref="ProjectId"/>,
/// <see cref="IssueId"/>): the history a report written as of a past day reads (docs/adr/0026). Rows are only ever added.
/// </summary>
public sealed class PlanStateChange
{
    public int Id { get; set; }
    public int? TaskId { get; set; }
    public int? ProjectId { get; set; }
    public int? IssueId { get; set; }
    /// <summary>The new state: a <see cref="PlanWorkState"/> (tasks, projects) or an <see cref="IssueState"/> (ledger), as its number.</summary>
    public int State { get; set; }
    /// <summary>The day the change took effect.</summary>
    public DateOnly On { get; set; }
    /// <summary>What happened (开始整改, 销号, 重新打开: reason …).</summary>
    public string? Note { get; set; }
}

