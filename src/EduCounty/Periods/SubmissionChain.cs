using System.Text.Json;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>What a step does.</summary>
public enum ChainAction
{
    /// <summary>学校提交.</summary>
    Submit,
    /// <summary>乡镇审核通过.</summary>
    TownshipApprove,
    /// <summary>退回 (乡镇 or 县级, with comments).</summary>
    Return,
    /// <summary>县级审核通过.</summary>
    CountyApprove,
}

/// <summary>
/// The approval chain school → 乡镇 → county (shared/reference/census.md, "Flow and timing": "报送乡（镇）教育行政部门…审核同意后，
/// 报县级教育行政部门汇总"). <see cref="Transitions"/> is the whole legal-transition table; anything else is refused with
/// the reason. Each step writes a <see cref="SubmissionStep"/> (who, when, comment, field comments) and the audit trail.
/// </summary>
public static class SubmissionChain
{
    public static string Label(SubmissionState s) => s switch
    {
        SubmissionState.NotFilled => "未填报",
        SubmissionState.Submitted => "已提交",
        SubmissionState.TownshipApproved => "乡镇已审核",
        SubmissionState.Returned => "退回",
        _ => "县级已审核锁定",
    };

    public static string Label(ChainAction a) => a switch
    {
        ChainAction.Submit => "提交",
        ChainAction.TownshipApprove => "乡镇审核通过",
        ChainAction.Return => "退回",
        _ => "县级审核通过",
    };

    /// <summary>The legal transitions: (from, action) → (to, the level that may take it).</summary>
    public static readonly IReadOnlyDictionary<(SubmissionState From, ChainAction Action), (SubmissionState To, ReviewLevel By)> Transitions =
        new Dictionary<(SubmissionState, ChainAction), (SubmissionState, ReviewLevel)>
        {
            [(SubmissionState.NotFilled, ChainAction.Submit)] = (SubmissionState.Submitted, ReviewLevel.School),
            [(SubmissionState.Returned, ChainAction.Submit)] = (SubmissionState.Submitted, ReviewLevel.School),
            [(SubmissionState.Submitted, ChainAction.TownshipApprove)] = (SubmissionState.TownshipApproved, ReviewLevel.Township),
            [(SubmissionState.Submitted, ChainAction.Return)] = (SubmissionState.Returned, ReviewLevel.Township),
            [(SubmissionState.TownshipApproved, ChainAction.Return)] = (SubmissionState.Returned, ReviewLevel.County),
            [(SubmissionState.TownshipApproved, ChainAction.CountyApprove)] = (SubmissionState.CountyApproved, ReviewLevel.County),
            // A correction after an unlock: the county sends an approved form back to the school.
            [(SubmissionState.CountyApproved, ChainAction.Return)] = (SubmissionState.Returned, ReviewLevel.County),
        };

    /// <summary>The new state, or the refusal's reason (Chinese).</summary>
    public static SubmissionState Next(SubmissionState from, ChainAction action, ReviewLevel by)
    {
        if (!Transitions.TryGetValue((from, action), out var t))
        {
            var legal = Transitions.Where(x => x.Key.From == from).Select(x => Label(x.Key.Action)).Distinct().ToList();
            throw new RuleException($"状态为“{Label(from)}”的填报不能{Label(action)}" +
                (legal.Count == 0 ? "" : $"（此时只能{string.Join("或", legal)}）"))
            { Field = "state" };
        }
        if (t.By != by)
        {
            throw new RuleException($"“{Label(from)}”的填报只能由{PeriodActor.LevelLabel(t.By)}用户执行“{Label(action)}”，您是{PeriodActor.LevelLabel(by)}用户") { Field = "state" };
        }
        return t.To;
    }

    /// <summary>One step request. <paramref name="FieldComments"/>: field key → comment (a return must carry a comment or one field comment).</summary>
    public sealed record Step(int Year, string Form, int SchoolId, ChainAction Action, string? Comment = null, IReadOnlyDictionary<string, string>? FieldComments = null);

    /// <summary>
    /// Takes a step. The submission is read through the context's school scope (docs/adr/0016): a school or 乡镇 user
    /// cannot reach another school's form. A locked period takes no step; a submit runs the form's consistency rules, and
    /// when a grade changed beyond the jump of <paramref name="rules"/> (default: the shipped rules) against last year it
    /// needs the reason in the step's comment (stored on the step, shown to the reviewer).
    /// </summary>
    public static async Task<SubmissionState> HandleAsync(EduDb db, PeriodActor actor, Step step, PeriodRules? rules = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(step);
        var period = await PeriodStore.FindAsync(db, step.Year, step.Form, ct);
        if (period.State == PeriodState.Locked)
        {
            throw new RuleException($"{new SchoolYear(step.Year)} 学年{PeriodForms.Label(step.Form)}已锁定（第 {period.Version} 版），不能再审核或提交");
        }
        var submission = await PeriodStore.SubmissionAsync(db, period, step.SchoolId, ct);
        var to = Next(submission.State, step.Action, actor.Level);
        var comments = step.FieldComments?.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value.Trim());
        if (step.Action == ChainAction.Return && string.IsNullOrWhiteSpace(step.Comment) && (comments is null || comments.Count == 0))
        {
            throw new RuleException("退回须写明意见（总体意见或至少一个栏目的意见）") { Field = "comment" };
        }
        if (step.Action == ChainAction.Submit && step.Form == PeriodForms.Census)
        {
            var problems = await CensusEntry.CheckStoredAsync(db, step.SchoolId, step.Year, ct);
            if (problems.Count > 0)
            {
                throw new RuleException("不能提交：" + string.Join("；", problems.Select(p => p.Message))) { Field = problems[0].Field };
            }
            rules ??= PeriodRules.Default();
            var form = await CensusEntry.GetAsync(db, step.SchoolId, step.Year, ct);
            var jumps = CensusReconciliation.JumpTexts(await CensusReconciliation.HandleAsync(db, form, rules, ct), [.. form.Lines.Select(l => l.Grade)]).ToList();
            if (jumps.Count > 0 && string.IsNullOrWhiteSpace(step.Comment))
            {
                throw new RuleException($"以下年级在校生与上年相比{rules}，请在“变动说明”中写明原因后再提交：{string.Join("；", jumps)}") { Field = "comment" };
            }
        }
        if (step.Action == ChainAction.Submit && SchoolFormEntry.Handles(step.Form))
        {
            var problems = await SchoolFormEntry.CheckStoredAsync(db, step.Form, step.SchoolId, step.Year, ct);
            if (problems.Count > 0)
            {
                throw new RuleException("不能提交：" + string.Join("；", problems.Select(p => p.Message))) { Field = problems[0].Field };
            }
            rules ??= PeriodRules.Default();
            var jumps = SchoolFormEntry.JumpTexts(await SchoolFormEntry.GetAsync(db, step.Form, step.SchoolId, step.Year, ct), rules);
            if (jumps.Count > 0 && string.IsNullOrWhiteSpace(step.Comment))
            {
                throw new RuleException($"以下栏目与上年相比{SchoolFormEntry.JumpRuleText(rules)}，请在“变动说明”中写明原因后再提交：{string.Join("；", jumps)}") { Field = "comment" };
            }
        }
        var now = db.Clock.GetUtcNow();
        db.SubmissionSteps.Add(new SubmissionStep
        {
            SubmissionId = submission.Id,
            From = submission.State,
            To = to,
            Actor = actor.Name,
            At = now,
            Comment = string.IsNullOrWhiteSpace(step.Comment) ? null : step.Comment.Trim(),
            FieldComments = comments is { Count: > 0 } ? JsonSerializer.Serialize(comments, PeriodStore.Json) : null,
            Version = period.Version,
        });
        submission.State = to;
        submission.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return to;
    }
}
