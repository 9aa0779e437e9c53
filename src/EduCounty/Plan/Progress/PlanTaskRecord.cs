using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>
/// 重点任务 held in the database (loaded from the plan file by <see cref="LoadPlanRecords"/>) so that its state,
/// progress and yearly milestones can be edited with audit. Changes go through the methods, which refuse illegal moves.
/// </summary>
public sealed class PlanTaskRecord
{
    public int Id { get; set; }
    public required string PlanCode { get; set; }
    /// <summary>Task number in the plan (1…58 for 阜康市).</summary>
    public int Number { get; set; }
    /// <summary>Section (一…十) number.</summary>
    public int Section { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    /// <summary>责任单位, separated by 、.</summary>
    public string ResponsibleUnits { get; set; } = "";
    /// <summary>完成期限 (default: the last day of the plan period).</summary>
    public DateOnly? Deadline { get; set; }
    public PlanWorkState State { get; private set; } = PlanWorkState.NotStarted;
    public int ProgressPercent { get; private set; }
    public DateOnly? StartedOn { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public List<PlanTaskMilestone> Milestones { get; set; } = [];
    public List<PlanProgressUpdate> Updates { get; set; } = [];
    /// <summary>Dated state changes (docs/adr/0026).</summary>
    public List<PlanStateChange> History { get; set; } = [];

    private string What => $"任务{Number}“{Title}”";

    /// <summary>逾期 on <paramref name="today"/> (derived, never stored).</summary>
    public bool IsOverdue(DateOnly today) => PlanWork.IsOverdue(State, Deadline, today);

    /// <summary>未启动 → 推进中.</summary>
    public void Start(DateOnly on)
    {
        PlanWork.CheckMove(What, State, PlanWorkState.InProgress);
        State = PlanWorkState.InProgress;
        StartedOn = on;
        History.Add(new PlanStateChange { State = (int)State, On = on });
    }

    /// <summary>推进中 → 已完成 (progress becomes 100%).</summary>
    public void Complete(DateOnly on)
    {
        PlanWork.CheckMove(What, State, PlanWorkState.Done);
        if (StartedOn is { } s && on < s)
        {
            throw new RuleException($"{What}的完成日期 {on:yyyy-MM-dd} 早于启动日期 {s:yyyy-MM-dd}");
        }
        State = PlanWorkState.Done;
        CompletedOn = on;
        ProgressPercent = 100;
        History.Add(new PlanStateChange { State = (int)State, On = on });
    }

    /// <summary>Moves to <paramref name="target"/> (one legal step).</summary>
    public void MoveTo(PlanWorkState target, DateOnly on)
    {
        if (target == PlanWorkState.InProgress) Start(on);
        else if (target == PlanWorkState.Done) Complete(on);
        else PlanWork.CheckMove(What, State, target);
    }

    /// <summary>
    /// A progress update (with optional evidence). Reporting progress on a 未启动 task starts it: work being reported
    /// is work under way. A 已完成 task takes no more updates.
    /// </summary>
    public PlanProgressUpdate Report(DateOnly on, string author, string text, int? percent)
    {
        PlanWork.CheckUpdate(What, State, text, percent);
        if (percent is { } p)
        {
            ProgressPercent = p;
        }
        if (State == PlanWorkState.NotStarted)
        {
            Start(on);
        }
        var u = new PlanProgressUpdate { Date = on, Author = author, Text = text.Trim(), Percent = percent };
        Updates.Add(u);
        return u;
    }

    /// <summary>Adds a milestone for a year of the plan period.</summary>
    public PlanTaskMilestone AddMilestone(int year, string text, int firstYear, int lastYear)
    {
        if (year < firstYear || year > lastYear)
        {
            throw new RuleException($"年度 {year} 不在规划期 {firstYear}—{lastYear} 内");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RuleException("年度目标不能为空");
        }
        var m = new PlanTaskMilestone { Year = year, Text = text.Trim() };
        Milestones.Add(m);
        return m;
    }
}

/// <summary>A yearly milestone (年度目标) of a task, filled in by users.</summary>
public sealed class PlanTaskMilestone
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public int Year { get; set; }
    public required string Text { get; set; }
    public bool Done { get; set; }
}
