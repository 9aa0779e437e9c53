using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>Moves a task or project one step (未启动 → 推进中 → 已完成); illegal moves are refused by the entity.</summary>
public static class ChangePlanWorkState
{
    public static async Task ForTaskAsync(EduDb db, string planCode, int number, PlanWorkState target, DateOnly on, CancellationToken ct = default)
    {
        var task = await db.PlanTasks.SingleOrDefaultAsync(t => t.PlanCode == planCode && t.Number == number, ct)
            ?? throw new RuleException($"规划中没有任务 {number}");
        task.MoveTo(target, on);
        await db.SaveChangesAsync(ct);
    }

    public static async Task ForProjectAsync(EduDb db, string planCode, string code, PlanWorkState target, DateOnly on, CancellationToken ct = default)
    {
        var project = await db.PlanProjects.SingleOrDefaultAsync(p => p.PlanCode == planCode && p.Code == code, ct)
            ?? throw new RuleException($"规划中没有项目 {code}");
        project.MoveTo(target, on);
        await db.SaveChangesAsync(ct);
    }
}
