using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>进展填报 of a task or project, with optional evidence; saved (and audited) in one transaction.</summary>
public static class RecordPlanProgress
{
    /// <summary>An evidence file as uploaded.</summary>
    public sealed record EvidenceFile(string FileName, byte[] Bytes);

    /// <summary>The update. <see cref="SpentWan"/> and <see cref="SeatsDelivered"/> (cumulative) apply to projects only.</summary>
    public sealed record Input(DateOnly Date, string Author, string Text, int? Percent, decimal? SpentWan = null, int? SeatsDelivered = null,
        EvidenceFile? Evidence = null);

    /// <summary>Reports on task <paramref name="number"/>; returns the update id.</summary>
    public static async Task<int> ForTaskAsync(EduDb db, string planCode, int number, Input input, DateOnly today, CancellationToken ct = default)
    {
        var task = await db.PlanTasks.SingleOrDefaultAsync(t => t.PlanCode == planCode && t.Number == number, ct)
            ?? throw new RuleException($"规划中没有任务 {number}");
        CheckDate(input.Date, today);
        var attachment = input.Evidence is { } e ? Evidence.Create(e.FileName, e.Bytes) : null;
        var u = task.Report(input.Date, input.Author, input.Text, input.Percent);
        if (attachment is not null) u.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return u.Id;
    }

    /// <summary>Reports on project <paramref name="code"/>; returns the update id.</summary>
    public static async Task<int> ForProjectAsync(EduDb db, string planCode, string code, Input input, DateOnly today, CancellationToken ct = default)
    {
        var project = await db.PlanProjects.SingleOrDefaultAsync(p => p.PlanCode == planCode && p.Code == code, ct)
            ?? throw new RuleException($"规划中没有项目 {code}");
        CheckDate(input.Date, today);
        var attachment = input.Evidence is { } e ? Evidence.Create(e.FileName, e.Bytes) : null;
        var u = project.Report(input.Date, input.Author, input.Text, input.Percent, input.SpentWan, input.SeatsDelivered);
        if (attachment is not null) u.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return u.Id;
    }

    private static void CheckDate(DateOnly date, DateOnly today)
    {
        if (date > today)
        {
            throw new RuleException($"填报日期 {date:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd}");
        }
    }
}
