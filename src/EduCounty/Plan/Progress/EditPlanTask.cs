using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>
/// 调整任务的完成期限和责任单位 (规划科): the plan file gives each task its 责任单位 and the period's end as its deadline;
/// the bureau assigns them anew as the work is divided (a 牵头单位 changes, a task is due earlier). The units are
/// normalised (split at 、，, and ;, trimmed, repeats dropped, joined by 、); at least one is required. The deadline
/// falls within the plan period or after it (a task carried over), never before the period starts. Saved through
/// EduDb, so the change is audited with its old and new values.
/// </summary>
public static class EditPlanTask
{
    /// <summary>The longest 责任单位 name taken (a unit's full name, e.g. 阜康市教育局基础教育股).</summary>
    public const int MaxUnitLength = 50;

    /// <summary>The longest list taken (the column's length, PlanProgressModel).</summary>
    public const int MaxLength = 500;

    public sealed record Result(string ResponsibleUnits, DateOnly Deadline, bool Changed);

    public static async Task<Result> HandleAsync(EduDb db, PlanDocument plan, int number, DateOnly deadline, string responsibleUnits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var task = await db.PlanTasks.SingleOrDefaultAsync(t => t.PlanCode == plan.Code && t.Number == number, ct)
            ?? throw new RuleException($"规划中没有任务 {number}");
        var units = Units(responsibleUnits);
        var first = new DateOnly(plan.Period.StartYear, 1, 1);
        if (deadline < first)
        {
            throw new RuleException($"完成期限 {deadline:yyyy-MM-dd} 早于规划期开始（{first:yyyy-MM-dd}）") { Field = "deadline" };
        }
        var changed = task.ResponsibleUnits != units || task.Deadline != deadline;
        task.ResponsibleUnits = units;
        task.Deadline = deadline;
        if (changed) await db.SaveChangesAsync(ct);
        return new Result(units, deadline, changed);
    }

    /// <summary>The units as the page and reports show them: split at 、，, ；;, trimmed, each once, joined by 、.</summary>
    public static string Units(string? text)
    {
        var units = (text ?? "").Split(['、', '，', ',', '；', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (units.Count == 0) throw new RuleException("请填写至少一个责任单位") { Field = "units" };
        if (units.FirstOrDefault(u => u.Length > MaxUnitLength) is { } tooLong)
        {
            throw new RuleException($"责任单位“{tooLong[..20]}…”超过 {MaxUnitLength} 字，请分开填写") { Field = "units" };
        }
        var joined = string.Join("、", units);
        return joined.Length <= MaxLength ? joined : throw new RuleException($"责任单位合计 {joined.Length} 字，超过 {MaxLength} 字") { Field = "units" };
    }
}
