using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>
/// 项目 of a 专栏 held in the database: planned figures as printed (area, investment, new seats) beside the
/// figures delivered so far (spent, seats delivered), reported through <see cref="Report"/>.
/// </summary>
[NotSchoolScoped("规划专栏项目是全县规划数据，学校只是项目地点")]
public sealed class PlanProjectRecord
{
    public int Id { get; set; }
    public required string PlanCode { get; set; }
    /// <summary>Project code in the plan file (e.g. infra.preschool.new).</summary>
    public required string Code { get; set; }
    public int BoxNumber { get; set; }
    public required string Name { get; set; }
    public ProjectKind? Kind { get; set; }
    /// <summary>Schools as printed, separated by 、.</summary>
    public string Schools { get; set; } = "";
    /// <summary>Linked school when the project is one school's (null for groups and programmes).</summary>
    public int? SchoolId { get; set; }
    public decimal? AreaM2 { get; set; }
    /// <summary>计划投资, 万元.</summary>
    public decimal? InvestmentWan { get; set; }
    /// <summary>累计完成投资, 万元.</summary>
    public decimal SpentWan { get; private set; }
    /// <summary>新增学位 planned.</summary>
    public int? NewSeats { get; set; }
    /// <summary>已交付学位 (cumulative).</summary>
    public int SeatsDelivered { get; private set; }
    public DateOnly? Deadline { get; set; }
    public PlanWorkState State { get; private set; } = PlanWorkState.NotStarted;
    public int ProgressPercent { get; private set; }
    public DateOnly? StartedOn { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public List<PlanProgressUpdate> Updates { get; set; } = [];
    /// <summary>Dated state changes (docs/adr/0026).</summary>
    public List<PlanStateChange> History { get; set; } = [];

    private string What => $"项目“{Name}”";

    /// <summary>逾期 on <paramref name="today"/> (derived, never stored).</summary>
    public bool IsOverdue(DateOnly today) => PlanWork.IsOverdue(State, Deadline, today);

    /// <summary>未启动 → 推进中 → 已完成, one step.</summary>
    public void MoveTo(PlanWorkState target, DateOnly on)
    {
        PlanWork.CheckMove(What, State, target);
        if (target == PlanWorkState.InProgress)
        {
            StartedOn = on;
        }
        else
        {
            if (StartedOn is { } s && on < s)
            {
                throw new RuleException($"{What}的完成日期 {on:yyyy-MM-dd} 早于启动日期 {s:yyyy-MM-dd}");
            }
            CompletedOn = on;
            ProgressPercent = 100;
        }
        State = target;
        History.Add(new PlanStateChange { State = (int)State, On = on });
    }

    /// <summary>
    /// A progress update. <paramref name="spentWan"/> and <paramref name="seatsDelivered"/> are cumulative totals
    /// to date (累计), as bureaus report them; they may be corrected down but not below zero.
    /// </summary>
    public PlanProgressUpdate Report(DateOnly on, string author, string text, int? percent, decimal? spentWan, int? seatsDelivered)
    {
        PlanWork.CheckUpdate(What, State, text, percent);
        if (spentWan is < 0)
        {
            throw new RuleException($"累计完成投资 {spentWan} 万元不能为负数");
        }
        if (seatsDelivered is < 0)
        {
            throw new RuleException($"已交付学位 {seatsDelivered} 个不能为负数");
        }
        if (State == PlanWorkState.NotStarted)
        {
            MoveTo(PlanWorkState.InProgress, on);
        }
        if (percent is { } pp) ProgressPercent = pp;
        if (spentWan is { } sp) SpentWan = sp;
        if (seatsDelivered is { } sd) SeatsDelivered = sd;
        var u = new PlanProgressUpdate { Date = on, Author = author, Text = text.Trim(), Percent = percent, SpentWan = spentWan, SeatsDelivered = seatsDelivered };
        Updates.Add(u);
        return u;
    }
}
