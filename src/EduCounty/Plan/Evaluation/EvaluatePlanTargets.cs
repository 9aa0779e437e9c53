using EduCounty.Common;
using EduCounty.Indicators.DataElements;

namespace EduCounty.Plan.Evaluation;

/// <summary>A target of the plan's text evaluated from the records: its figure, status and trend like an indicator's.</summary>
public sealed record TargetResult(PlanTarget Target, IndicatorResult Result);

/// <summary>
/// Evaluates the plan's targets that carry an <see cref="PlanTargetEvaluation"/> (the 教师队伍 targets of tasks 33 and 34,
/// issue 16) through the indicator pipeline: each becomes an indicator of its own (collect, one batch load, evaluate,
/// judge against the path from the baseline-year value, project). A recurring target ("每年") is judged on each year's
/// value alone: met or behind, no path. Targets are never frozen (a freeze holds the 主要指标 only).
/// </summary>
public static class EvaluatePlanTargets
{
    public static async Task<IReadOnlyList<TargetResult>> HandleAsync(EduDb db, PlanDocument plan, int year, DataScope? scope = null,
        TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var evaluated = plan.Targets.Where(t => t.Evaluation is not null).ToList();
        if (evaluated.Count == 0)
        {
            return [];
        }
        // A plan of these targets as indicators; its own code, so that no freeze of the 主要指标 is read for it.
        var asIndicators = plan with { Code = plan.Code + "#targets", Indicators = [.. evaluated.Select(AsIndicator)] };
        var e = await EvaluatePlan.HandleAsync(db, asIndicators, year, scope, clock, ct);
        return [.. evaluated.Select(t =>
        {
            var r = e.Find(t.Code)!;
            return new TargetResult(t, t.Recurrence is null ? r : r with { Judgement = Yearly(t.Evaluation!, r.Value.RoundedValue) });
        })];
    }

    /// <summary>The target as an indicator row: its evaluation's name, unit, target, comparator and formula; no printed baseline.</summary>
    public static PlanIndicator AsIndicator(PlanTarget t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var ev = t.Evaluation ?? throw new ArgumentException($"目标“{t.Code}”没有计算口径", nameof(t));
        return new PlanIndicator(t.Code, t.TaskNumber is { } n ? $"任务 {n}" : "规划目标", ev.Name, t.Text, ev.Unit, IndicatorKind.Expected,
            null, null, ev.Target, ev.Comparator, t.Recurrence is { } r ? $"{r}判定" : null, ev.Note, ev.Formula);
    }

    /// <summary>A yearly requirement: met when this year's value satisfies the comparator, otherwise behind (滞后).</summary>
    public static StatusJudgement Yearly(PlanTargetEvaluation ev, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(ev);
        if (value is not { } v)
        {
            return new(IndicatorStatus.NoData, "无本年度值", null);
        }
        var met = ev.Comparator switch
        {
            TargetComparator.AtMost => v <= ev.Target,
            TargetComparator.Equal => v == ev.Target,
            _ => v >= ev.Target,
        };
        var word = ev.Comparator switch { TargetComparator.AtMost => "不高于", TargetComparator.Equal => "等于", _ => "不低于" };
        return met
            ? new(IndicatorStatus.Met, $"{StatusRules.N(v)} {word}每年要求 {StatusRules.N(ev.Target)}", ev.Target)
            : new(IndicatorStatus.Lagging, $"{StatusRules.N(v)} 未达到每年要求（{word} {StatusRules.N(ev.Target)}）", ev.Target);
    }
}
