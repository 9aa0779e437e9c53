using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>年度目标 of a task: add one for a year of the plan period, or mark one done/not done.</summary>
public static class EditTaskMilestones
{
    public static async Task<int> AddAsync(EduDb db, PlanDocument plan, int number, int year, string text, CancellationToken ct = default)
    {
        var task = await db.PlanTasks.SingleOrDefaultAsync(t => t.PlanCode == plan.Code && t.Number == number, ct)
            ?? throw new RuleException($"规划中没有任务 {number}");
        var m = task.AddMilestone(year, text, plan.Period.StartYear, plan.Period.EndYear);
        await db.SaveChangesAsync(ct);
        return m.Id;
    }

    public static async Task SetDoneAsync(EduDb db, string planCode, int number, int milestoneId, bool done, CancellationToken ct = default)
    {
        var m = await db.PlanTaskMilestones
            .SingleOrDefaultAsync(x => x.Id == milestoneId && db.Set<PlanTaskRecord>().Any(t => t.Id == x.TaskId && t.PlanCode == planCode && t.Number == number), ct)
            ?? throw new RuleException($"任务 {number} 没有编号为 {milestoneId} 的年度目标");
        m.Done = done;
        await db.SaveChangesAsync(ct);
    }
}
